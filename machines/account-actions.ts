import type { AuthEventOf } from './auth-events.js';
import type { AuthContext, AuthUser } from './auth-types.js';
import type { AccountServices } from './account-contracts.js';
import type { PasskeyServices } from './passkey-contracts.js';
import type { AccountEmitted, AccountEventType, PendingAccountAction } from './account-types.js';

export type { AccountEventType, PendingAccountAction } from './account-types.js';
import { AuthError } from './auth-error.js';
import { Secret } from './secret.js';

/** The services a row may invoke: the account services, and those passkeys() gives. */
type RowServices = AccountServices & Omit<PasskeyServices, 'passkeyAssertion'>;
type AccountServiceName = keyof RowServices;
type RequestOf<S extends AccountServiceName> = Omit<Parameters<RowServices[S]>[0], 'tokens'>;
type OutputOf<S extends AccountServiceName> = Awaited<ReturnType<RowServices[S]>>;
type SuccessEmitted = Exclude<AccountEmitted, { error: AuthError }>;

/** What a finished action changes: context fields, and the event announcing it. */
export interface AccountOutcome {
  context?: Partial<Pick<AuthContext, 'user' | 'totpSetup' | 'mfaPreference' | 'devices' | 'passkeys'>>;
  emitted: SuccessEmitted;
}

interface AccountEntry<TEvent extends AccountEventType, TService extends AccountServiceName, TState extends string> {
  /** The `signedIn` substate that waits for Cognito: `signedIn.<state>`, tagged busy. */
  state: TState;
  /** The account service it invokes (services/account-services.ts). */
  service: TService;
  /** The request the service takes, from the event; secrets wrapped, the tokens added by the chart. */
  request(event: AuthEventOf<TEvent>): RequestOf<TService>;
  /** The event emitted on success (Amplify v6's function name); `<emits>_failure` on failure. */
  emits: SuccessEmitted['type'];
  /** How the result changes the context, and the event announcing it. */
  done(output: OutputOf<TService>, request: RequestOf<TService>, context: AuthContext): AccountOutcome;
  /** The session ends with it (the user is gone): signed out, storage cleared by the service. */
  endsSession?: true;
  /** The event carries nothing to check: every event of its type is valid. */
  noPayload?: true;
}

const entry = <TEvent extends AccountEventType, TService extends AccountServiceName, const TState extends string>(
  e: AccountEntry<TEvent, TService, TState>,
) => e;

const withMetadata = (event: { clientMetadata?: Record<string, string> | undefined }) =>
  event.clientMetadata ? { clientMetadata: event.clientMetadata } : {};

/** The signed-in user with some attributes changed. */
const withAttributes = (user: AuthUser | null, change: (attributes: AuthUser['attributes']) => AuthUser['attributes']) =>
  user ? { user: { ...user, attributes: change({ ...user.attributes }) } } : {};

/**
 * Every account action the chart runs while signed in, keyed by the event that asks for it, with the Cognito
 * service it invokes and what its result changes. The `signedIn` states, routes and emitted events are read from
 * here: a new action is one row, one event schema (auth-events.ts) and one service (services/account-services.ts).
 */
export const ACCOUNT_ACTIONS = {
  FETCH_USER_ATTRIBUTES: entry({
    state: 'fetchingUserAttributes',
    noPayload: true,
    service: 'fetchUserAttributes',
    emits: 'fetchUserAttributes',
    request: () => ({}),
    done: (attributes, _, context) => ({
      context: withAttributes(context.user, () => attributes),
      emitted: { type: 'fetchUserAttributes', attributes },
    }),
  }),
  UPDATE_USER_ATTRIBUTES: entry({
    state: 'updatingUserAttributes',
    service: 'updateUserAttributes',
    emits: 'updateUserAttributes',
    request: (e: AuthEventOf<'UPDATE_USER_ATTRIBUTES'>) => ({ attributes: { ...e.attributes }, ...withMetadata(e) }),
    // The service reads the attributes back after the update, so the session never shows stale values.
    done: (result, _, context) => ({
      context: withAttributes(context.user, () => result.userAttributes),
      emitted: { type: 'updateUserAttributes', attributes: result.attributes },
    }),
  }),
  CONFIRM_USER_ATTRIBUTE: entry({
    state: 'confirmingUserAttribute',
    service: 'confirmUserAttribute',
    emits: 'confirmUserAttribute',
    request: (e: AuthEventOf<'CONFIRM_USER_ATTRIBUTE'>) => ({ attributeName: e.attributeName, code: new Secret(e.code) }),
    done: (_, request, context) => ({
      context: withAttributes(context.user, (attributes) => ({ ...attributes, [`${request.attributeName}_verified`]: true })),
      emitted: { type: 'confirmUserAttribute', attributeName: request.attributeName },
    }),
  }),
  SEND_USER_ATTRIBUTE_VERIFICATION_CODE: entry({
    state: 'sendingUserAttributeVerificationCode',
    service: 'sendUserAttributeVerificationCode',
    emits: 'sendUserAttributeVerificationCode',
    request: (e: AuthEventOf<'SEND_USER_ATTRIBUTE_VERIFICATION_CODE'>) => ({ attributeName: e.attributeName, ...withMetadata(e) }),
    done: (result, request) => ({
      emitted: { type: 'sendUserAttributeVerificationCode', attributeName: request.attributeName, ...result },
    }),
  }),
  DELETE_USER_ATTRIBUTES: entry({
    state: 'deletingUserAttributes',
    service: 'deleteUserAttributes',
    emits: 'deleteUserAttributes',
    request: (e: AuthEventOf<'DELETE_USER_ATTRIBUTES'>) => ({ attributeNames: [...e.attributeNames] }),
    done: (_, request, context) => ({
      context: withAttributes(context.user, (attributes) => {
        for (const name of request.attributeNames) delete attributes[name];
        return attributes;
      }),
      emitted: { type: 'deleteUserAttributes', attributeNames: request.attributeNames },
    }),
  }),
  UPDATE_PASSWORD: entry({
    state: 'updatingPassword',
    service: 'updatePassword',
    emits: 'updatePassword',
    request: (e: AuthEventOf<'UPDATE_PASSWORD'>) => ({ oldPassword: new Secret(e.oldPassword), newPassword: new Secret(e.newPassword) }),
    done: () => ({ emitted: { type: 'updatePassword' } }),
  }),
  SET_UP_TOTP: entry({
    state: 'settingUpTotp',
    noPayload: true,
    service: 'setUpTotp',
    emits: 'setUpTOTP',
    request: () => ({}),
    done: (totpSetup) => ({ context: { totpSetup }, emitted: { type: 'setUpTOTP' } }),
  }),
  VERIFY_TOTP_SETUP: entry({
    state: 'verifyingTotpSetup',
    service: 'verifyTotpSetup',
    emits: 'verifyTOTPSetup',
    request: (e: AuthEventOf<'VERIFY_TOTP_SETUP'>) => ({
      code: new Secret(e.code),
      ...(e.friendlyDeviceName ? { friendlyDeviceName: e.friendlyDeviceName } : {}),
    }),
    // Verified, not preferred: as in Amplify v6, the app turns TOTP on with UPDATE_MFA_PREFERENCE.
    done: () => ({ context: { totpSetup: null }, emitted: { type: 'verifyTOTPSetup' } }),
  }),
  UPDATE_MFA_PREFERENCE: entry({
    state: 'updatingMfaPreference',
    service: 'updateMfaPreference',
    emits: 'updateMFAPreference',
    request: (e: AuthEventOf<'UPDATE_MFA_PREFERENCE'>) => ({
      ...(e.sms ? { sms: e.sms } : {}),
      ...(e.totp ? { totp: e.totp } : {}),
      ...(e.email ? { email: e.email } : {}),
    }),
    // What Cognito now holds is read with FETCH_MFA_PREFERENCE; a stale one is dropped.
    done: (_, preference) => ({ context: { mfaPreference: null }, emitted: { type: 'updateMFAPreference', preference } }),
  }),
  FETCH_MFA_PREFERENCE: entry({
    state: 'fetchingMfaPreference',
    noPayload: true,
    service: 'fetchMfaPreference',
    emits: 'fetchMFAPreference',
    request: () => ({}),
    done: (mfaPreference) => ({ context: { mfaPreference }, emitted: { type: 'fetchMFAPreference', preference: mfaPreference } }),
  }),
  DELETE_USER: entry({
    state: 'deletingUser',
    noPayload: true,
    service: 'deleteUser',
    emits: 'deleteUser',
    request: () => ({}),
    done: () => ({ emitted: { type: 'deleteUser' } }),
    endsSession: true,
  }),
  // Remembered devices (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html).
  // A device list read before a change is stale after it: it is dropped, to be read again with FETCH_DEVICES.
  REMEMBER_DEVICE: entry({
    state: 'rememberingDevice',
    noPayload: true,
    service: 'rememberDevice',
    emits: 'rememberDevice',
    request: () => ({}),
    done: () => ({ context: { devices: null }, emitted: { type: 'rememberDevice' } }),
  }),
  FORGET_DEVICE: entry({
    state: 'forgettingDevice',
    service: 'forgetDevice',
    emits: 'forgetDevice',
    request: (e: AuthEventOf<'FORGET_DEVICE'>) => (e.deviceKey ? { deviceKey: e.deviceKey } : {}),
    done: (_, request) => ({ context: { devices: null }, emitted: { type: 'forgetDevice', ...request } }),
  }),
  FETCH_DEVICES: entry({
    state: 'fetchingDevices',
    noPayload: true,
    service: 'fetchDevices',
    emits: 'fetchDevices',
    request: () => ({}),
    done: (devices) => ({ context: { devices }, emitted: { type: 'fetchDevices', devices } }),
  }),
  // Passkeys, with passkeys() from cognito-auth-machine/passkeys (services/passkey-services.ts); without it each
  // fails with PasskeysNotConfiguredError. A list read before a change is dropped, as for devices.
  REGISTER_PASSKEY: entry({
    state: 'registeringPasskey',
    noPayload: true,
    service: 'registerPasskey',
    emits: 'associateWebAuthnCredential',
    request: () => ({}),
    done: () => ({ context: { passkeys: null }, emitted: { type: 'associateWebAuthnCredential' } }),
  }),
  FETCH_PASSKEYS: entry({
    state: 'fetchingPasskeys',
    noPayload: true,
    service: 'fetchPasskeys',
    emits: 'listWebAuthnCredentials',
    request: () => ({}),
    done: (passkeys) => ({ context: { passkeys }, emitted: { type: 'listWebAuthnCredentials', credentials: passkeys } }),
  }),
  DELETE_PASSKEY: entry({
    state: 'deletingPasskey',
    service: 'deletePasskey',
    emits: 'deleteWebAuthnCredential',
    request: (e: AuthEventOf<'DELETE_PASSKEY'>) => ({ credentialId: e.credentialId }),
    done: (_, request) => ({ context: { passkeys: null }, emitted: { type: 'deleteWebAuthnCredential', credentialId: request.credentialId } }),
  }),
};

export type AccountStateName = (typeof ACCOUNT_ACTIONS)[AccountEventType]['state'];

/** Every account action as [event type, entry], for building states and routes. */
export const accountEntries = () =>
  Object.entries(ACCOUNT_ACTIONS) as { [K in AccountEventType]: [K, (typeof ACCOUNT_ACTIONS)[K]] }[AccountEventType][];

export function isAccountEvent(type: string): type is AccountEventType {
  return Object.prototype.hasOwnProperty.call(ACCOUNT_ACTIONS, type);
}

/** The request to hold for an account event. */
export function accountRequestOf(event: { type: string }): PendingAccountAction | null {
  if (!isAccountEvent(event.type)) return null;
  return { type: event.type, request: accountEntry(event.type).request(event as never) as Record<string, unknown> };
}

/** The entry of an account event, its types widened for the chart's generic actions. */
export const accountEntry = (type: AccountEventType) =>
  ACCOUNT_ACTIONS[type] as unknown as AccountEntry<AccountEventType, AccountServiceName, AccountStateName>;

/** The outcome of a finished action. */
export function accountOutcome(pending: PendingAccountAction, output: unknown, context: AuthContext): AccountOutcome {
  return accountEntry(pending.type).done(output as never, pending.request as never, context);
}

/**
 * Whether a failed account request means the session is over: the access token was revoked, has expired or is
 * not valid, or the user is disabled or gone. ChangePassword's wrong old password is NotAuthorizedException too
 * ("Incorrect username or password."), but the session is fine.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChangePassword.html
 */
export function accountErrorEndsSession(error: unknown): boolean {
  return error instanceof AuthError && error.name === 'NotAuthorizedException' && !/incorrect username or password/i.test(error.message);
}
