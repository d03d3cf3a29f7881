import * as z from 'zod/mini';
import { AuthError, type AuthErrorField } from './auth-error.js';
import { attributesSchema, normalizeAttributes } from './attribute-schema.js';
import { authFlowSchema, firstFactorSchema, needsPassword, type AuthFlow } from './auth-flow.js';
import { builtOnFirstUse } from './built-on-first-use.js';

// Also here, beside the SIGN_IN event whose `authFlow` field it types.
export type { AuthFlow, FirstFactor } from './auth-flow.js';

/*
 * Every event payload is checked here, at the transition, before any service runs: a bad payload keeps the
 * state, sets `context.error` to a ValidationError naming each field, and sends nothing to Cognito.
 * Formats follow Cognito's own input constraints (the request parameters of each operation, e.g.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html) so that what passes here is not refused there.
 */

/** The schema of each event the app sends, by type; built when the first event is checked. */
function buildEventSchemas() {
  const nonEmpty = 'must not be empty';
  const noSpace = /^\S*$/;

  // Cognito: 1–128 characters of letters, marks, symbols, numbers or punctuation; no whitespace.
  const username = z.string().check(
    z.minLength(1, nonEmpty),
    z.maxLength(128, 'must be at most 128 characters'),
    z.regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]*$/u, 'must not contain whitespace'),
  );
  // Cognito: at most 256 characters matching ^[\S]+.*[\S]+$ (PasswordType, in SignUp's request parameters above):
  // at least 2 characters, no whitespace at either end, no line break; spaces inside are fine. The pool's policy
  // decides the rest, so only the shape is checked here. Each rule has its own check, to name what is wrong.
  const password = z.string().check(
    z.minLength(1, nonEmpty),
    z.maxLength(256, 'must be at most 256 characters'),
    z.regex(/^(?!\s)[\s\S]*(?<!\s)$/, 'must not start or end with whitespace'),
    // `.` matches anything but a line terminator (\n, \r, \u2028, \u2029), as in Cognito's pattern.
    z.regex(/^.*$/, 'must not contain a line break'),
    z.regex(/^(?:|[\s\S]{2,})$/, 'must be at least 2 characters'),
  );
  const code = z.string().check(
    z.minLength(1, nonEmpty),
    z.maxLength(2048, 'must be at most 2048 characters'),
    z.regex(noSpace, 'must not contain whitespace'),
  );
  const totpCode = z.string().check(z.regex(/^\d{6}$/, 'must be the 6 digits of the authenticator app'));
  const stringMap = z.record(z.string(), z.string());
  const mfaType = z.enum(['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS', 'TOTP', 'EMAIL']);
  const mfaPreference = z.enum(['ENABLED', 'DISABLED', 'PREFERRED', 'NOT_PREFERRED']);
  // Cognito: attribute names are 1–32 characters, values at most 2048.
  const attributeName = z.string().check(
    z.minLength(1, nonEmpty),
    z.maxLength(32, 'must be at most 32 characters'),
    z.regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]*$/u, 'must not contain whitespace'),
  );
  const attributeValue = z.string().check(z.maxLength(2048, 'must be at most 2048 characters'));

  return {
    SIGN_UP: z.object({
      type: z.literal('SIGN_UP'),
      username,
      // Optional where the pool offers passwordless sign-in; Cognito refuses a sign-up without one elsewhere.
      password: z.optional(password),
      attributes: z.optional(attributesSchema()),
      autoSignIn: z.optional(z.boolean()),
      clientMetadata: z.optional(stringMap),
      validationData: z.optional(stringMap),
    }),
    RESEND_SIGN_UP_CODE: z.object({
      type: z.literal('RESEND_SIGN_UP_CODE'),
      username: z.optional(username),
      clientMetadata: z.optional(stringMap),
    }),
    CONFIRM_SIGN_UP: z.object({
      type: z.literal('CONFIRM_SIGN_UP'),
      username: z.optional(username),
      code,
      forceAliasCreation: z.optional(z.boolean()),
      clientMetadata: z.optional(stringMap),
    }),
    SIGN_IN: z.object({
      type: z.literal('SIGN_IN'),
      username,
      password: z.optional(password),
      authFlow: z.optional(authFlowSchema()),
      // USER_AUTH only: the first factor to start with; without one Cognito lists the choices (SELECT_CHALLENGE).
      preferredChallenge: z.optional(firstFactorSchema()),
      clientMetadata: z.optional(stringMap),
    }),
    SELECT_CHALLENGE: z.object({
      type: z.literal('SELECT_CHALLENGE'),
      challenge: firstFactorSchema(),
      // PASSWORD and PASSWORD_SRP are answered at once with the password; the other factors need none.
      password: z.optional(password),
    }),
    CONFIRM_SIGN_IN: z.object({
      type: z.literal('CONFIRM_SIGN_IN'),
      code,
      mfaType: z.optional(mfaType),
      clientMetadata: z.optional(stringMap),
    }),
    SELECT_MFA_TYPE: z.object({ type: z.literal('SELECT_MFA_TYPE'), mfaType }),
    VERIFY_TOTP_SETUP: z.object({
      type: z.literal('VERIFY_TOTP_SETUP'),
      code: totpCode,
      friendlyDeviceName: z.optional(z.string().check(z.minLength(1, nonEmpty), z.maxLength(128, 'must be at most 128 characters'))),
    }),
    SEND_CUSTOM_CHALLENGE_ANSWER: z.object({
      type: z.literal('SEND_CUSTOM_CHALLENGE_ANSWER'),
      answer: z.string().check(z.minLength(1, nonEmpty)),
      clientMetadata: z.optional(stringMap),
    }),
    COMPLETE_NEW_PASSWORD: z.object({
      type: z.literal('COMPLETE_NEW_PASSWORD'),
      newPassword: password,
      requiredAttributes: z.optional(attributesSchema()),
      clientMetadata: z.optional(stringMap),
    }),
    // Provider names as Cognito takes them (ProviderName: 1-32 characters), Amplify's Amazon and Apple included:
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html
    SIGN_IN_WITH_REDIRECT: z.object({
      type: z.literal('SIGN_IN_WITH_REDIRECT'),
      provider: z.optional(z.string().check(z.minLength(1, nonEmpty), z.maxLength(32, 'must be at most 32 characters'), z.regex(noSpace, 'must not contain whitespace'))),
      customState: z.optional(z.string().check(z.maxLength(1024, 'must be at most 1024 characters'))),
      loginHint: z.optional(z.string().check(z.minLength(1, nonEmpty), z.maxLength(256, 'must be at most 256 characters'))),
    }),
    REDIRECT_RETURNED: z.object({
      type: z.literal('REDIRECT_RETURNED'),
      url: z.string().check(z.minLength(1, nonEmpty), z.maxLength(8192, 'must be at most 8192 characters')),
    }),
    SIGN_OUT: z.object({ type: z.literal('SIGN_OUT'), global: z.optional(z.boolean()) }),
    REFRESH: z.object({ type: z.literal('REFRESH') }),
    CANCEL: z.object({ type: z.literal('CANCEL') }),
    FORGOT_PASSWORD: z.object({
      type: z.literal('FORGOT_PASSWORD'),
      username,
      clientMetadata: z.optional(stringMap),
    }),
    // Account management while signed in; attribute names and values as Cognito's AttributeType takes them:
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AttributeType.html
    FETCH_USER_ATTRIBUTES: z.object({ type: z.literal('FETCH_USER_ATTRIBUTES') }),
    UPDATE_USER_ATTRIBUTES: z.object({
      type: z.literal('UPDATE_USER_ATTRIBUTES'),
      attributes: z.record(attributeName, attributeValue).check(z.refine((a) => Object.keys(a).length > 0, nonEmpty)),
      clientMetadata: z.optional(stringMap),
    }),
    CONFIRM_USER_ATTRIBUTE: z.object({ type: z.literal('CONFIRM_USER_ATTRIBUTE'), attributeName, code }),
    SEND_USER_ATTRIBUTE_VERIFICATION_CODE: z.object({
      type: z.literal('SEND_USER_ATTRIBUTE_VERIFICATION_CODE'),
      attributeName,
      clientMetadata: z.optional(stringMap),
    }),
    DELETE_USER_ATTRIBUTES: z.object({
      type: z.literal('DELETE_USER_ATTRIBUTES'),
      attributeNames: z.array(attributeName).check(z.minLength(1, nonEmpty)),
    }),
    UPDATE_PASSWORD: z.object({ type: z.literal('UPDATE_PASSWORD'), oldPassword: password, newPassword: password }),
    SET_UP_TOTP: z.object({ type: z.literal('SET_UP_TOTP') }),
    UPDATE_MFA_PREFERENCE: z.object({
      type: z.literal('UPDATE_MFA_PREFERENCE'),
      sms: z.optional(mfaPreference),
      totp: z.optional(mfaPreference),
      email: z.optional(mfaPreference),
    }),
    FETCH_MFA_PREFERENCE: z.object({ type: z.literal('FETCH_MFA_PREFERENCE') }),
    DELETE_USER: z.object({ type: z.literal('DELETE_USER') }),
    // Device keys as ForgetDevice takes them (1–55 characters, <region>_<uuid>):
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html
    REMEMBER_DEVICE: z.object({ type: z.literal('REMEMBER_DEVICE') }),
    FORGET_DEVICE: z.object({
      type: z.literal('FORGET_DEVICE'),
      deviceKey: z.optional(
        z.string().check(
          z.minLength(1, nonEmpty),
          z.maxLength(55, 'must be at most 55 characters'),
          z.regex(/^[\w-]+_[0-9a-f-]+$/, 'must be a device key: <region>_<id>'),
        ),
      ),
    }),
    FETCH_DEVICES: z.object({ type: z.literal('FETCH_DEVICES') }),
    // Passkeys (passkeys() from cognito-auth-machine/passkeys). Credential IDs as DeleteWebAuthnCredential takes them:
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteWebAuthnCredential.html
    REGISTER_PASSKEY: z.object({ type: z.literal('REGISTER_PASSKEY') }),
    FETCH_PASSKEYS: z.object({ type: z.literal('FETCH_PASSKEYS') }),
    DELETE_PASSKEY: z.object({
      type: z.literal('DELETE_PASSKEY'),
      credentialId: z.string().check(z.minLength(1, nonEmpty), z.maxLength(8192, 'must be at most 8192 characters'), z.regex(noSpace, 'must not contain whitespace')),
    }),
    // A WEB_AUTHN challenge whose passkey ceremony failed: run it again.
    RETRY: z.object({ type: z.literal('RETRY') }),
    CONFIRM_FORGOT_PASSWORD: z.object({
      type: z.literal('CONFIRM_FORGOT_PASSWORD'),
      username: z.optional(username),
      code,
      newPassword: password,
      clientMetadata: z.optional(stringMap),
    }),
  } as const;
}

export const eventSchemas = /* @__PURE__ */ builtOnFirstUse(buildEventSchemas);

type Schemas = ReturnType<typeof buildEventSchemas>;
export type AuthEventType = keyof Schemas;
/** The events the actor accepts, as the app sends them. */
export type AuthEvent = { [K in AuthEventType]: z.input<Schemas[K]> }[AuthEventType];
export type AuthEventOf<K extends AuthEventType> = Extract<AuthEvent, { type: K }>;

export type ValidationResult = { ok: true } | { ok: false; error: AuthError };

/** Each zod issue as a field the app can show: its dotted path (`root` for the whole value) and plain words. */
export function fieldsOf(issues: readonly z.core.$ZodIssue[], root = '(event)'): AuthErrorField[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || root,
    message: issue.message === 'Invalid input' ? describeIssue(issue) : issue.message,
  }));
}

/** zod's own "Invalid input", said plainly; `input` is only on issues when parsing reports it (reportInput). */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? 'is required' : `must be of type ${issue.expected === 'record' ? 'object' : issue.expected}`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  return issue.message;
}

export function validationError(eventType: string, fields: AuthErrorField[]): AuthError {
  const list = fields.map((f) => `${f.path} ${f.message}`).join('; ');
  return new AuthError('ValidationError', `${eventType} was not sent: ${list}`, { fields });
}

/** What validation reads of the machine's context: the defaults an event may leave out. */
export interface EventContext {
  authFlow: AuthFlow;
  signUp: { username: string } | null;
  passwordReset: { username: string } | null;
}

/** Checks that need the machine's context: fields that may be left out only when the context supplies them. */
function contextualFields(event: AuthEvent, context: EventContext): AuthErrorField[] {
  switch (event.type) {
    case 'RESEND_SIGN_UP_CODE':
    case 'CONFIRM_SIGN_UP':
      return event.username || context.signUp?.username
        ? []
        : [{ path: 'username', message: 'is required when no sign-up is pending' }];
    case 'CONFIRM_FORGOT_PASSWORD':
      return event.username || context.passwordReset?.username
        ? []
        : [{ path: 'username', message: 'is required when no password reset is pending' }];
    case 'SIGN_IN': {
      const flow = event.authFlow ?? context.authFlow;
      if (event.preferredChallenge && flow !== 'USER_AUTH') {
        return [{ path: 'preferredChallenge', message: `is for USER_AUTH, not ${flow}` }];
      }
      // USER_AUTH needs the password only for a password factor; Cognito offers the others without one.
      if (flow === 'USER_AUTH') {
        return needsPassword(event.preferredChallenge) && !event.password
          ? [{ path: 'password', message: `is required for ${event.preferredChallenge ?? ''}` }]
          : [];
      }
      return flow !== 'CUSTOM_WITHOUT_SRP' && !event.password
        ? [{ path: 'password', message: `is required for ${flow}` }]
        : [];
    }
    case 'SELECT_CHALLENGE':
      return needsPassword(event.challenge) && !event.password
        ? [{ path: 'password', message: `is required for ${event.challenge}` }]
        : [];
    default:
      return [];
  }
}

export function validateEvent(event: { type: string }, context: EventContext): ValidationResult {
  const schema = (eventSchemas() as Record<string, z.ZodMiniType>)[event.type];
  if (!schema) return { ok: true };
  // The input is reported on issues only to tell a missing field from a wrong one; it never reaches a message.
  const parsed = schema.safeParse(event, { reportInput: true });
  if (!parsed.success) return { ok: false, error: validationError(event.type, fieldsOf(parsed.error.issues)) };
  const extra = contextualFields(event as AuthEvent, context);
  return extra.length ? { ok: false, error: validationError(event.type, extra) } : { ok: true };
}

/** The attributes of an event in Cognito's names (`phoneNumber` → `phone_number`). */
export function eventAttributes(attributes: Record<string, string> | undefined): Record<string, string> {
  return normalizeAttributes(attributes ?? {});
}

/** `SMS`, `TOTP` and `EMAIL` (Amplify v6's names) are accepted and mean Cognito's factors. */
export function normalizeMfaType(
  type: 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'SMS' | 'TOTP' | 'EMAIL',
): 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' {
  if (type === 'SMS') return 'SMS_MFA';
  if (type === 'TOTP') return 'SOFTWARE_TOKEN_MFA';
  if (type === 'EMAIL') return 'EMAIL_OTP';
  return type;
}
