/**
 * What the page may show or hand to an inspector: event payloads and context without passwords, codes,
 * answers, Cognito sessions or tokens. The machine never emits these; the events a person sends carry them.
 */
const SECRET_KEY = /password|code|answer|session|token|secret/i;
export const REDACTED = '••••';

export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  // Class instances (Secret, AuthError) decide their own JSON form.
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return redactValue(json.call(value), depth + 1);
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) && inner !== null && inner !== undefined && typeof inner !== 'boolean'
      ? REDACTED
      : redactValue(inner, depth + 1);
  }
  return copy;
}

/** `SIGN_IN { username: "sam.sms", password: •••• }` */
export function describeEvent(event: { type: string }): string {
  const fields = Object.entries(redactValue(event) as Record<string, unknown>)
    .filter(([key]) => key !== 'type')
    .map(([key, value]) => `${key}: ${value === REDACTED ? REDACTED : JSON.stringify(value)}`);
  return fields.length ? `${event.type} { ${fields.join(', ')} }` : event.type;
}
