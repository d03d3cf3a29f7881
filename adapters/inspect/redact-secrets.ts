import { isSecret } from '../../machines/secret.js';

export const REDACTED = '[redacted]';

/**
 * Names under which a secret travels, in the machine (`password`, `code`, `session`, `tokens.idToken`, `totpSecret`)
 * and in Cognito's own shapes (`Password`, `ConfirmationCode`, `Session`, `AccessToken`, `SRP_A`, `SECRET_HASH`,
 * `SMS_MFA_CODE`, `ANSWER`, `SecretCode` …). Compared lowercased, without `_` and `-`, so both spellings match.
 */
const SECRET_KEYS = new Set([
  'password',
  'newpassword',
  // UPDATE_PASSWORD's current password, as the event carries it.
  'oldpassword',
  'previouspassword',
  'proposedpassword',
  'temporarypassword',
  'code',
  'confirmationcode',
  'usercode',
  'smsmfacode',
  'softwaretokenmfacode',
  'emailotpcode',
  'answer',
  'session',
  'token',
  'idtoken',
  'accesstoken',
  'refreshtoken',
  'srpa',
  'srpb',
  'salt',
  'secretblock',
  'passwordclaimsecretblock',
  'passwordclaimsignature',
  'secrethash',
  'secretcode',
  'totpsecret',
  'clientsecret',
  'secret',
]);

/**
 * Three or more base64url segments starting with an encoded JSON header: a JWT (or a JWE, whose middle segments
 * may be empty) wherever it sits in a string. The last segment is not empty, so a full stop after one stays.
 */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)*\.[A-Za-z0-9_-]+/g;

/** A code or token in a URL's query or fragment (the URL Cognito's managed login sends the user back to). */
const URL_SECRET = /([?&#](?:code|code_verifier|access_token|id_token|refresh_token)=)[^&#\s]+/g;

/** Deeper than any auth snapshot gets; what lies below is not shown rather than walked forever. */
const MAX_DEPTH = 48;

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''));
}

function hasToJSON(value: object): value is { toJSON(key?: string): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

function walk(value: unknown, key: string, ancestors: object[], depth: number): unknown {
  if (value === null || value === undefined) return value;
  if (key !== '' && isSecretKey(key) && typeof value !== 'boolean') return REDACTED;
  switch (typeof value) {
    case 'string':
      return value.replace(JWT_LIKE, REDACTED).replace(URL_SECRET, `$1${REDACTED}`);
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      // The only big integers in an auth flow are SRP's.
      return REDACTED;
    case 'function':
    case 'symbol':
      return undefined;
  }
  const object = value as object;
  if (isSecret(object)) return REDACTED;
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return REDACTED;
  if (ancestors.includes(object)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  const inner = [...ancestors, object];
  const next = (child: unknown, childKey: string) => walk(child, childKey, inner, depth + 1);
  // Secret, AuthError, actor refs, machine snapshots, transitions, Date: each says what JSON may see of it.
  if (hasToJSON(object)) return next(object.toJSON(key), key);
  if (object instanceof Error) return next({ name: object.name, message: object.message }, key);
  if (Array.isArray(object)) return object.map((item, index) => next(item, String(index)));
  if (object instanceof Map) return next(Object.fromEntries(object), key);
  if (object instanceof Set) return next([...object], key);
  const copy: Record<string, unknown> = {};
  for (const [childKey, child] of Object.entries(object)) {
    const redacted = next(child, childKey);
    if (redacted !== undefined) copy[childKey] = redacted;
  }
  return copy;
}

/**
 * A copy of `value` as JSON would see it (toJSON honoured, functions dropped, cycles cut), in which every secret
 * is "[redacted]": values under a secret's name (see `isSecretKey`), `Secret` instances, JWT-looking strings
 * anywhere (also inside messages), binary data and big integers. Only the shape is kept as `T`: secrets
 * become strings and class instances plain objects.
 */
export function redactSecrets<T>(value: T): T {
  return walk(value, '', [], 0) as T;
}
