import * as v from './schema.js';
import { builtOnFirstUse } from './built-on-first-use.js';

/**
 * Cognito's standard attributes that an app may write; `sub` and `*_verified` are Cognito's own.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 */
export const STANDARD_ATTRIBUTES = new Set([
  'address', 'birthdate', 'email', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name',
  'nickname', 'phone_number', 'picture', 'preferred_username', 'profile', 'updated_at', 'website', 'zoneinfo',
]);

/** Amplify v5's guide writes `phoneNumber` in its TypeScript sign-up sample; Cognito only knows `phone_number`. */
const ALIASES: Record<string, string> = { phoneNumber: 'phone_number' };

// Custom attribute names are 1–20 characters after the prefix: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SchemaAttributeType.html
const CUSTOM = /^custom:[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u;
const E164 = /^\+[1-9]\d{1,14}$/;
/** What passes for an email address here; Cognito's own check decides the rest. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Own keys only: `constructor` or `toString` must not resolve to Object.prototype's members. */
function cognitoNameOf(name: string): string {
  return Object.prototype.hasOwnProperty.call(ALIASES, name) ? (ALIASES[name] as string) : name;
}

function attributeProblem(name: string, value: string): string | undefined {
  const cognitoName = cognitoNameOf(name);
  if (!STANDARD_ATTRIBUTES.has(cognitoName) && !CUSTOM.test(cognitoName)) {
    return 'is neither a standard attribute nor a custom one (custom attributes are written `custom:<name>`)';
  }
  if (value.length > 2048) return 'must be at most 2048 characters';
  if (cognitoName === 'phone_number' && !E164.test(value)) return 'must be in E.164 format, e.g. +14325551212';
  if (cognitoName === 'email' && !EMAIL.test(value)) return 'must be an email address';
  if (cognitoName === 'birthdate' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'must be YYYY-MM-DD';
  return undefined;
}

/** A record leaves a `__proto__` key out of what it gives, but the event the app sent still carries it. */
const noProtoKey = () =>
  v.custom<Record<string, string>>().check(
    v.superRefine((raw, report) => {
      if (raw !== null && typeof raw === 'object' && Object.prototype.hasOwnProperty.call(raw, '__proto__')) {
        report('is neither a standard attribute nor a custom one', ['__proto__']);
      }
    }),
  );

const namedAttributes = () =>
  v.record(v.string(), v.string()).check(
    v.superRefine((attributes: Record<string, string>, report) => {
      const seen = new Map<string, string>();
      for (const [name, value] of Object.entries(attributes)) {
        const problem = attributeProblem(name, value);
        if (problem) report(problem, [name]);
        const cognitoName = cognitoNameOf(name);
        const twin = seen.get(cognitoName);
        if (twin !== undefined) {
          report(`is given twice (also as ${twin})`, [name]);
        }
        seen.set(cognitoName, name);
      }
    }),
  );

/** The attributes of a sign-up or a new password's required attributes; built when the first event is checked. */
export const attributesSchema = /* @__PURE__ */ builtOnFirstUse(() => v.pipe(noProtoKey(), namedAttributes()));

export function normalizeAttributes(attributes: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) out[cognitoNameOf(name)] = value;
  return out;
}
