import * as v from './schema.js';
import { AuthError, type AuthErrorField } from './auth-error.js';
import { attributesSchema, EMAIL, normalizeAttributes } from './attribute-schema.js';
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
  const username = v.string().check(
    v.minLength(1, nonEmpty),
    v.maxLength(128, 'must be at most 128 characters'),
    v.regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]*$/u, 'must not contain whitespace'),
  );
  // Cognito: at most 256 characters matching ^[\S]+.*[\S]+$ (PasswordType, in SignUp's request parameters above):
  // at least 2 characters, no whitespace at either end, no line break; spaces inside are fine. The pool's policy
  // decides the rest, so only the shape is checked here. Each rule has its own check, to name what is wrong.
  const password = v.string().check(
    v.minLength(1, nonEmpty),
    v.maxLength(256, 'must be at most 256 characters'),
    v.regex(/^(?!\s)[\s\S]*(?<!\s)$/, 'must not start or end with whitespace'),
    // `.` matches anything but a line terminator (\n, \r, \u2028, \u2029), as in Cognito's pattern.
    v.regex(/^.*$/, 'must not contain a line break'),
    v.regex(/^(?:|[\s\S]{2,})$/, 'must be at least 2 characters'),
  );
  const code = v.string().check(
    v.minLength(1, nonEmpty),
    v.maxLength(2048, 'must be at most 2048 characters'),
    v.regex(noSpace, 'must not contain whitespace'),
  );
  const totpCode = v.string().check(v.regex(/^\d{6}$/, 'must be the 6 digits of the authenticator app'));
  const stringMap = v.record(v.string(), v.string());
  const mfaType = v.enum(['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS', 'TOTP', 'EMAIL']);
  const mfaPreference = v.enum(['ENABLED', 'DISABLED', 'PREFERRED', 'NOT_PREFERRED']);
  // Cognito: attribute names are 1–32 characters, values at most 2048.
  const attributeName = v.string().check(
    v.minLength(1, nonEmpty),
    v.maxLength(32, 'must be at most 32 characters'),
    v.regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]*$/u, 'must not contain whitespace'),
  );
  const attributeValue = v.string().check(v.maxLength(2048, 'must be at most 2048 characters'));

  return {
    SIGN_UP: v.object({
      type: v.literal('SIGN_UP'),
      username,
      // Optional where the pool offers passwordless sign-in; Cognito refuses a sign-up without one elsewhere.
      password: v.optional(password),
      attributes: v.optional(attributesSchema()),
      autoSignIn: v.optional(v.boolean()),
      clientMetadata: v.optional(stringMap),
      validationData: v.optional(stringMap),
    }),
    RESEND_SIGN_UP_CODE: v.object({
      type: v.literal('RESEND_SIGN_UP_CODE'),
      username: v.optional(username),
      clientMetadata: v.optional(stringMap),
    }),
    CONFIRM_SIGN_UP: v.object({
      type: v.literal('CONFIRM_SIGN_UP'),
      username: v.optional(username),
      code,
      forceAliasCreation: v.optional(v.boolean()),
      clientMetadata: v.optional(stringMap),
    }),
    SIGN_IN: v.object({
      type: v.literal('SIGN_IN'),
      username,
      password: v.optional(password),
      authFlow: v.optional(authFlowSchema()),
      // USER_AUTH only: the first factor to start with; without one Cognito lists the choices (SELECT_CHALLENGE).
      preferredChallenge: v.optional(firstFactorSchema()),
      clientMetadata: v.optional(stringMap),
    }),
    SELECT_CHALLENGE: v.object({
      type: v.literal('SELECT_CHALLENGE'),
      challenge: firstFactorSchema(),
      // PASSWORD and PASSWORD_SRP are answered at once with the password; the other factors need none.
      password: v.optional(password),
    }),
    CONFIRM_SIGN_IN: v.object({
      type: v.literal('CONFIRM_SIGN_IN'),
      code,
      mfaType: v.optional(mfaType),
      clientMetadata: v.optional(stringMap),
    }),
    SELECT_MFA_TYPE: v.object({ type: v.literal('SELECT_MFA_TYPE'), mfaType }),
    VERIFY_TOTP_SETUP: v.object({
      type: v.literal('VERIFY_TOTP_SETUP'),
      code: totpCode,
      friendlyDeviceName: v.optional(v.string().check(v.minLength(1, nonEmpty), v.maxLength(128, 'must be at most 128 characters'))),
    }),
    // MFA_SETUP by email: the address Cognito sends the codes to (an attribute value, so at most 2048 characters).
    SET_UP_EMAIL_MFA: v.object({
      type: v.literal('SET_UP_EMAIL_MFA'),
      email: v.string().check(v.maxLength(2048, 'must be at most 2048 characters'), v.regex(EMAIL, 'must be an email address')),
      clientMetadata: v.optional(stringMap),
    }),
    SEND_CUSTOM_CHALLENGE_ANSWER: v.object({
      type: v.literal('SEND_CUSTOM_CHALLENGE_ANSWER'),
      answer: v.string().check(v.minLength(1, nonEmpty)),
      clientMetadata: v.optional(stringMap),
    }),
    COMPLETE_NEW_PASSWORD: v.object({
      type: v.literal('COMPLETE_NEW_PASSWORD'),
      newPassword: password,
      requiredAttributes: v.optional(attributesSchema()),
      clientMetadata: v.optional(stringMap),
    }),
    // Provider names as Cognito takes them (ProviderName: 1-32 characters), Amplify's Amazon and Apple included:
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html
    SIGN_IN_WITH_REDIRECT: v.object({
      type: v.literal('SIGN_IN_WITH_REDIRECT'),
      provider: v.optional(v.string().check(v.minLength(1, nonEmpty), v.maxLength(32, 'must be at most 32 characters'), v.regex(noSpace, 'must not contain whitespace'))),
      customState: v.optional(v.string().check(v.maxLength(1024, 'must be at most 1024 characters'))),
      loginHint: v.optional(v.string().check(v.minLength(1, nonEmpty), v.maxLength(256, 'must be at most 256 characters'))),
    }),
    REDIRECT_RETURNED: v.object({
      type: v.literal('REDIRECT_RETURNED'),
      url: v.string().check(v.minLength(1, nonEmpty), v.maxLength(8192, 'must be at most 8192 characters')),
    }),
    SIGN_OUT: v.object({ type: v.literal('SIGN_OUT'), global: v.optional(v.boolean()) }),
    REFRESH: v.object({ type: v.literal('REFRESH') }),
    CANCEL: v.object({ type: v.literal('CANCEL') }),
    FORGOT_PASSWORD: v.object({
      type: v.literal('FORGOT_PASSWORD'),
      username,
      clientMetadata: v.optional(stringMap),
    }),
    // Account management while signed in; attribute names and values as Cognito's AttributeType takes them:
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AttributeType.html
    FETCH_USER_ATTRIBUTES: v.object({ type: v.literal('FETCH_USER_ATTRIBUTES') }),
    UPDATE_USER_ATTRIBUTES: v.object({
      type: v.literal('UPDATE_USER_ATTRIBUTES'),
      attributes: v.record(attributeName, attributeValue).check(v.refine((a) => Object.keys(a).length > 0, nonEmpty)),
      clientMetadata: v.optional(stringMap),
    }),
    CONFIRM_USER_ATTRIBUTE: v.object({ type: v.literal('CONFIRM_USER_ATTRIBUTE'), attributeName, code }),
    SEND_USER_ATTRIBUTE_VERIFICATION_CODE: v.object({
      type: v.literal('SEND_USER_ATTRIBUTE_VERIFICATION_CODE'),
      attributeName,
      clientMetadata: v.optional(stringMap),
    }),
    DELETE_USER_ATTRIBUTES: v.object({
      type: v.literal('DELETE_USER_ATTRIBUTES'),
      attributeNames: v.array(attributeName).check(v.minLength(1, nonEmpty)),
    }),
    UPDATE_PASSWORD: v.object({ type: v.literal('UPDATE_PASSWORD'), oldPassword: password, newPassword: password }),
    SET_UP_TOTP: v.object({ type: v.literal('SET_UP_TOTP') }),
    UPDATE_MFA_PREFERENCE: v.object({
      type: v.literal('UPDATE_MFA_PREFERENCE'),
      sms: v.optional(mfaPreference),
      totp: v.optional(mfaPreference),
      email: v.optional(mfaPreference),
    }),
    FETCH_MFA_PREFERENCE: v.object({ type: v.literal('FETCH_MFA_PREFERENCE') }),
    DELETE_USER: v.object({ type: v.literal('DELETE_USER') }),
    // Device keys as ForgetDevice takes them (1–55 characters, <region>_<uuid>):
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html
    REMEMBER_DEVICE: v.object({ type: v.literal('REMEMBER_DEVICE') }),
    FORGET_DEVICE: v.object({
      type: v.literal('FORGET_DEVICE'),
      deviceKey: v.optional(
        v.string().check(
          v.minLength(1, nonEmpty),
          v.maxLength(55, 'must be at most 55 characters'),
          v.regex(/^[\w-]+_[0-9a-f-]+$/, 'must be a device key: <region>_<id>'),
        ),
      ),
    }),
    FETCH_DEVICES: v.object({ type: v.literal('FETCH_DEVICES') }),
    // Passkeys (passkeys() from cognito-auth-machine/passkeys). Credential IDs as DeleteWebAuthnCredential takes them:
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteWebAuthnCredential.html
    REGISTER_PASSKEY: v.object({ type: v.literal('REGISTER_PASSKEY') }),
    FETCH_PASSKEYS: v.object({ type: v.literal('FETCH_PASSKEYS') }),
    DELETE_PASSKEY: v.object({
      type: v.literal('DELETE_PASSKEY'),
      credentialId: v.string().check(v.minLength(1, nonEmpty), v.maxLength(8192, 'must be at most 8192 characters'), v.regex(noSpace, 'must not contain whitespace')),
    }),
    // A WEB_AUTHN challenge whose passkey ceremony failed: run it again.
    RETRY: v.object({ type: v.literal('RETRY') }),
    CONFIRM_FORGOT_PASSWORD: v.object({
      type: v.literal('CONFIRM_FORGOT_PASSWORD'),
      username: v.optional(username),
      code,
      newPassword: password,
      clientMetadata: v.optional(stringMap),
    }),
  } as const;
}

export const eventSchemas = /* @__PURE__ */ builtOnFirstUse(buildEventSchemas);

type Schemas = ReturnType<typeof buildEventSchemas>;
export type AuthEventType = keyof Schemas;
/** The events the actor accepts, as the app sends them. */
export type AuthEvent = { [K in AuthEventType]: v.Input<Schemas[K]> }[AuthEventType];
export type AuthEventOf<K extends AuthEventType> = Extract<AuthEvent, { type: K }>;

export type ValidationResult = { ok: true } | { ok: false; error: AuthError };

/** Each problem as a field the app can show: its dotted path (`root` for the whole value) and plain words. */
export function fieldsOf(issues: readonly v.Issue[], root = '(event)'): AuthErrorField[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.') || root, message: issue.message }));
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
  const schema = (eventSchemas() as Record<string, v.Schema<unknown>>)[event.type];
  if (!schema) return { ok: true };
  const parsed = schema.safeParse(event);
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
