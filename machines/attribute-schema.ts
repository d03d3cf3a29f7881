import * as z from 'zod/mini';
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
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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

/** zod's record drops a `__proto__` key without an issue, but the event the app sent still carries it. */
const noProtoKey = () =>
  z.custom<Record<string, string>>().check(
    z.superRefine((raw, ctx) => {
      if (raw !== null && typeof raw === 'object' && Object.prototype.hasOwnProperty.call(raw, '__proto__')) {
        ctx.issues.push({ code: 'custom', message: 'is neither a standard attribute nor a custom one', input: raw, path: ['__proto__'] });
      }
    }),
  );

const namedAttributes = () =>
  z.record(z.string(), z.string()).check(
    z.superRefine((attributes, ctx) => {
      const seen = new Map<string, string>();
      for (const [name, value] of Object.entries(attributes)) {
        const problem = attributeProblem(name, value);
        if (problem) ctx.issues.push({ code: 'custom', message: problem, input: value, path: [name] });
        const cognitoName = cognitoNameOf(name);
        const twin = seen.get(cognitoName);
        if (twin !== undefined) {
          ctx.issues.push({ code: 'custom', message: `is given twice (also as ${twin})`, input: value, path: [name] });
        }
        seen.set(cognitoName, name);
      }
    }),
  );

/** The attributes of a sign-up or a new password's required attributes; built when the first event is checked. */
export const attributesSchema = /* @__PURE__ */ builtOnFirstUse(() => z.pipe(noProtoKey(), namedAttributes()));

export function normalizeAttributes(attributes: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) out[cognitoNameOf(name)] = value;
  return out;
}
