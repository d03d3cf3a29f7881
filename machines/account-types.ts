import type { AuthError } from './auth-error.js';
import type { CodeDelivery, UserAttributeValue } from './attribute-types.js';
import type { Secret } from './secret.js';

/* The account actions' types that the session's context and emitted events name. */

/** The events a signed-in user sends to manage their account, one per row of ACCOUNT_ACTIONS (account-actions.ts). */
export type AccountEventType =
  | 'FETCH_USER_ATTRIBUTES'
  | 'UPDATE_USER_ATTRIBUTES'
  | 'CONFIRM_USER_ATTRIBUTE'
  | 'SEND_USER_ATTRIBUTE_VERIFICATION_CODE'
  | 'DELETE_USER_ATTRIBUTES'
  | 'UPDATE_PASSWORD'
  | 'SET_UP_TOTP'
  | 'VERIFY_TOTP_SETUP'
  | 'UPDATE_MFA_PREFERENCE'
  | 'FETCH_MFA_PREFERENCE'
  | 'DELETE_USER'
  | 'REMEMBER_DEVICE'
  | 'FORGET_DEVICE'
  | 'FETCH_DEVICES'
  | 'REGISTER_PASSKEY'
  | 'FETCH_PASSKEYS'
  | 'DELETE_PASSKEY';

/** An action the app asked for, with its request, kept while it runs (and while a refresh it waits for runs). */
export interface PendingAccountAction {
  type: AccountEventType;
  request: Record<string, unknown>;
}

export type MfaPreferenceValue = 'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED';
/** Amplify v6's names for Cognito's factors. */
export type MfaFactor = 'SMS' | 'TOTP' | 'EMAIL';

export interface AttributeUpdate {
  isUpdated: boolean;
  nextStep: 'CONFIRM_ATTRIBUTE_WITH_CODE' | 'DONE';
  codeDelivery?: CodeDelivery;
}

/** The TOTP secret of a setup begun while signed in: shown once (QR code), then verified. */
export interface TotpSetup {
  sharedSecret: Secret;
}

/**
 * One of the user's devices as FETCH_DEVICES lists it: Amplify v6's fetchDevices shape, with its dates in ms since
 * the epoch so that the context stays plain data. The id is Cognito's device key, an identifier, not a secret.
 */
export interface UserDevice {
  id: string;
  name?: string;
  /** The device's attributes as Cognito lists them (its name, status, remembered status, last IP address). */
  attributes: Record<string, string>;
  createDate?: number;
  lastModifiedDate?: number;
  lastAuthenticatedDate?: number;
}

/**
 * One of the user's passkeys as FETCH_PASSKEYS lists it: Amplify v6's listWebAuthnCredentials shape, with its date
 * in ms since the epoch so that the context stays plain data. The credential ID identifies it; it is not a secret.
 */
export interface Passkey {
  credentialId: string;
  friendlyCredentialName?: string;
  relyingPartyId?: string;
  authenticatorAttachment?: string;
  authenticatorTransports?: string[];
  createdAt?: number;
}

export interface MfaPreference {
  enabled: MfaFactor[];
  preferred?: MfaFactor;
}

/** What the account actions emit, named after Amplify v6's functions; each failure as `<name>_failure`. */
export type AccountEmitted =
  | { type: 'fetchUserAttributes'; attributes: Record<string, UserAttributeValue> }
  | { type: 'updateUserAttributes'; attributes: Record<string, AttributeUpdate> }
  | { type: 'confirmUserAttribute'; attributeName: string }
  | { type: 'sendUserAttributeVerificationCode'; attributeName: string; codeDelivery?: CodeDelivery }
  | { type: 'deleteUserAttributes'; attributeNames: string[] }
  | { type: 'updatePassword' }
  | { type: 'setUpTOTP' }
  | { type: 'verifyTOTPSetup' }
  | { type: 'updateMFAPreference'; preference: { sms?: MfaPreferenceValue; totp?: MfaPreferenceValue; email?: MfaPreferenceValue } }
  | { type: 'fetchMFAPreference'; preference: MfaPreference }
  | { type: 'deleteUser' }
  | { type: 'rememberDevice' }
  | { type: 'forgetDevice'; deviceKey?: string }
  | { type: 'fetchDevices'; devices: UserDevice[] }
  | { type: 'associateWebAuthnCredential' }
  | { type: 'listWebAuthnCredentials'; credentials: Passkey[] }
  | { type: 'deleteWebAuthnCredential'; credentialId: string }
  | { type: `${AccountEmittedName}_failure`; error: AuthError };

type AccountEmittedName =
  | 'fetchUserAttributes'
  | 'updateUserAttributes'
  | 'confirmUserAttribute'
  | 'sendUserAttributeVerificationCode'
  | 'deleteUserAttributes'
  | 'updatePassword'
  | 'setUpTOTP'
  | 'verifyTOTPSetup'
  | 'updateMFAPreference'
  | 'fetchMFAPreference'
  | 'deleteUser'
  | 'rememberDevice'
  | 'forgetDevice'
  | 'fetchDevices'
  | 'associateWebAuthnCredential'
  | 'listWebAuthnCredentials'
  | 'deleteWebAuthnCredential';
