import type { AuthTokens, CodeDelivery, UserAttributeValue } from './auth-types.js';
import type { AttributeUpdate, MfaPreference, MfaPreferenceValue, TotpSetup, UserDevice } from './account-types.js';
import type { Secret } from './secret.js';

export type { AccountEmitted, AttributeUpdate, MfaFactor, MfaPreference, MfaPreferenceValue, TotpSetup, UserDevice } from './account-types.js';

/*
 * What the account services take and give back: the work a signed-in user asks for on their own account, each
 * request made with the session's access token. Secrets (passwords, codes) travel as `Secret`.
 */

/** Every account request carries the session's tokens; the access token authorises it. */
export interface AccountRequestBase {
  tokens: AuthTokens;
}

export interface UpdateAttributesRequest extends AccountRequestBase {
  attributes: Record<string, string>;
  clientMetadata?: Record<string, string>;
}

export interface UpdateAttributesResult {
  /** One entry per attribute sent: updated, or waiting for the code Cognito sent. */
  attributes: Record<string, AttributeUpdate>;
  /** The user's attributes as Cognito holds them after the update. */
  userAttributes: Record<string, UserAttributeValue>;
}

export interface ConfirmAttributeRequest extends AccountRequestBase {
  attributeName: string;
  code: Secret;
}

export interface SendAttributeCodeRequest extends AccountRequestBase {
  attributeName: string;
  clientMetadata?: Record<string, string>;
}

export interface DeleteAttributesRequest extends AccountRequestBase {
  attributeNames: string[];
}

export interface ChangePasswordRequest extends AccountRequestBase {
  oldPassword: Secret;
  newPassword: Secret;
}

export interface VerifyTotpRequest extends AccountRequestBase {
  code: Secret;
  friendlyDeviceName?: string;
}

export interface MfaPreferenceRequest extends AccountRequestBase {
  sms?: MfaPreferenceValue;
  totp?: MfaPreferenceValue;
  email?: MfaPreferenceValue;
}

export interface ForgetDeviceRequest extends AccountRequestBase {
  /** The device to forget; this device when absent. */
  deviceKey?: string;
}

/** The account services, one per account action (see account-actions.ts). */
export interface AccountServices {
  fetchUserAttributes(input: AccountRequestBase, signal: AbortSignal): Promise<Record<string, UserAttributeValue>>;
  updateUserAttributes(input: UpdateAttributesRequest, signal: AbortSignal): Promise<UpdateAttributesResult>;
  confirmUserAttribute(input: ConfirmAttributeRequest, signal: AbortSignal): Promise<void>;
  sendUserAttributeVerificationCode(input: SendAttributeCodeRequest, signal: AbortSignal): Promise<{ codeDelivery?: CodeDelivery }>;
  deleteUserAttributes(input: DeleteAttributesRequest, signal: AbortSignal): Promise<void>;
  updatePassword(input: ChangePasswordRequest, signal: AbortSignal): Promise<void>;
  setUpTotp(input: AccountRequestBase, signal: AbortSignal): Promise<TotpSetup>;
  verifyTotpSetup(input: VerifyTotpRequest, signal: AbortSignal): Promise<void>;
  updateMfaPreference(input: MfaPreferenceRequest, signal: AbortSignal): Promise<void>;
  fetchMfaPreference(input: AccountRequestBase, signal: AbortSignal): Promise<MfaPreference>;
  deleteUser(input: AccountRequestBase, signal: AbortSignal): Promise<void>;
  rememberDevice(input: AccountRequestBase, signal: AbortSignal): Promise<void>;
  forgetDevice(input: ForgetDeviceRequest, signal: AbortSignal): Promise<void>;
  fetchDevices(input: AccountRequestBase, signal: AbortSignal): Promise<UserDevice[]>;
}

export type AccountServiceName = keyof AccountServices;

