import { AuthError } from '../machines/auth-error.js';
import { accountErrorEndsSession } from '../machines/account-actions.js';
import type {
  AccountRequestBase,
  AttributeUpdate,
  ChangePasswordRequest,
  ConfirmAttributeRequest,
  DeleteAttributesRequest,
  MfaFactor,
  MfaPreference,
  MfaPreferenceRequest,
  MfaPreferenceValue,
  SendAttributeCodeRequest,
  TotpSetup,
  UpdateAttributesRequest,
  UpdateAttributesResult,
  VerifyTotpRequest,
} from '../machines/account-contracts.js';
import type { CodeDelivery, UserAttributeValue } from '../machines/auth-types.js';
import { Secret } from '../machines/secret.js';
import { codeDeliveryOf } from './auth-step.js';
import type { AttributeType, CognitoOperation, InputOf, MfaSettingsType, OutputOf } from './cognito-api.js';
import { toAuthError } from './error-mapping.js';
import type { ServiceKit } from './service-kit.js';

/*
 * The account services: what a signed-in user does to their own account, each request authorised by the
 * session's access token (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pools-API-operations.html).
 */

/** A request with the access token; when Cognito says the session is over, the stored one goes too. */
export async function accountCall<Op extends CognitoOperation>(kit: ServiceKit, op: Op, input: InputOf<Op>, signal: AbortSignal): Promise<OutputOf<Op>> {
  try {
    return await kit.call(op, input, signal);
  } catch (error) {
    const authError = toAuthError(error);
    if (accountErrorEndsSession(authError) && !signal.aborted) await kit.store.clear();
    throw authError;
  }
}

/** Flags and times as the ID token types them, so attributes read from GetUser compare with the token's. */
function attributeValue(name: string, value: string): UserAttributeValue {
  if (name.endsWith('_verified') && (value === 'true' || value === 'false')) return value === 'true';
  if (name === 'updated_at' && /^\d+$/.test(value)) return Number(value);
  return value;
}

function attributesOf(list: AttributeType[] | undefined): Record<string, UserAttributeValue> {
  const attributes: Record<string, UserAttributeValue> = {};
  for (const { Name, Value } of list ?? []) if (Value !== undefined) attributes[Name] = attributeValue(Name, Value);
  return attributes;
}

const withMetadata = (metadata: Record<string, string> | undefined) => (metadata ? { ClientMetadata: metadata } : {});

export async function fetchUserAttributes(kit: ServiceKit, input: AccountRequestBase, signal: AbortSignal) {
  const output = await accountCall(kit, 'GetUser', { AccessToken: input.tokens.accessToken }, signal);
  return attributesOf(output.UserAttributes);
}

/**
 * CodeDeliveryDetailsList names the attributes that wait for a code; the others are updated. The attributes are
 * then read back, since a changed email or phone number may also have changed its verified flag.
 */
export async function updateUserAttributes(kit: ServiceKit, input: UpdateAttributesRequest, signal: AbortSignal): Promise<UpdateAttributesResult> {
  const output = await accountCall(
    kit,
    'UpdateUserAttributes',
    {
      AccessToken: input.tokens.accessToken,
      UserAttributes: Object.entries(input.attributes).map(([Name, Value]) => ({ Name, Value })),
      ...withMetadata(input.clientMetadata),
    },
    signal,
  );
  const deliveries = new Map<string, CodeDelivery>();
  for (const details of output.CodeDeliveryDetailsList ?? []) {
    const delivery = codeDeliveryOf(details);
    if (delivery?.attributeName) deliveries.set(delivery.attributeName, delivery);
  }
  const attributes: Record<string, AttributeUpdate> = {};
  for (const name of Object.keys(input.attributes)) {
    const codeDelivery = deliveries.get(name);
    attributes[name] = codeDelivery
      ? { isUpdated: false, nextStep: 'CONFIRM_ATTRIBUTE_WITH_CODE', codeDelivery }
      : { isUpdated: true, nextStep: 'DONE' };
  }
  return { attributes, userAttributes: await fetchUserAttributes(kit, input, signal) };
}

export async function confirmUserAttribute(kit: ServiceKit, input: ConfirmAttributeRequest, signal: AbortSignal): Promise<void> {
  await accountCall(
    kit,
    'VerifyUserAttribute',
    { AccessToken: input.tokens.accessToken, AttributeName: input.attributeName, Code: input.code.reveal() },
    signal,
  );
}

export async function sendUserAttributeVerificationCode(kit: ServiceKit, input: SendAttributeCodeRequest, signal: AbortSignal) {
  const output = await accountCall(
    kit,
    'GetUserAttributeVerificationCode',
    { AccessToken: input.tokens.accessToken, AttributeName: input.attributeName, ...withMetadata(input.clientMetadata) },
    signal,
  );
  const codeDelivery = codeDeliveryOf(output.CodeDeliveryDetails);
  return codeDelivery ? { codeDelivery } : {};
}

export async function deleteUserAttributes(kit: ServiceKit, input: DeleteAttributesRequest, signal: AbortSignal): Promise<void> {
  await accountCall(kit, 'DeleteUserAttributes', { AccessToken: input.tokens.accessToken, UserAttributeNames: input.attributeNames }, signal);
}

export async function updatePassword(kit: ServiceKit, input: ChangePasswordRequest, signal: AbortSignal): Promise<void> {
  await accountCall(
    kit,
    'ChangePassword',
    {
      AccessToken: input.tokens.accessToken,
      PreviousPassword: input.oldPassword.reveal(),
      ProposedPassword: input.newPassword.reveal(),
    },
    signal,
  );
}

export async function setUpTotp(kit: ServiceKit, input: AccountRequestBase, signal: AbortSignal): Promise<TotpSetup> {
  const output = await accountCall(kit, 'AssociateSoftwareToken', { AccessToken: input.tokens.accessToken }, signal);
  if (!output.SecretCode) throw new AuthError('InvalidResponseError', 'Cognito answered AssociateSoftwareToken without a secret');
  return { sharedSecret: new Secret(output.SecretCode) };
}

export async function verifyTotpSetup(kit: ServiceKit, input: VerifyTotpRequest, signal: AbortSignal): Promise<void> {
  const output = await accountCall(
    kit,
    'VerifySoftwareToken',
    {
      AccessToken: input.tokens.accessToken,
      UserCode: input.code.reveal(),
      ...(input.friendlyDeviceName ? { FriendlyDeviceName: input.friendlyDeviceName } : {}),
    },
    signal,
  );
  if (output.Status && output.Status !== 'SUCCESS') {
    throw new AuthError('EnableSoftwareTokenMFAException', 'The code did not match the authenticator app');
  }
}

/** Amplify v6's mapping of a preference to Cognito's MFA settings. */
const MFA_SETTINGS: Record<MfaPreferenceValue, MfaSettingsType> = {
  ENABLED: { Enabled: true },
  DISABLED: { Enabled: false },
  PREFERRED: { Enabled: true, PreferredMfa: true },
  NOT_PREFERRED: { Enabled: true, PreferredMfa: false },
};

export async function updateMfaPreference(kit: ServiceKit, input: MfaPreferenceRequest, signal: AbortSignal): Promise<void> {
  await accountCall(
    kit,
    'SetUserMFAPreference',
    {
      AccessToken: input.tokens.accessToken,
      ...(input.sms ? { SMSMfaSettings: MFA_SETTINGS[input.sms] } : {}),
      ...(input.totp ? { SoftwareTokenMfaSettings: MFA_SETTINGS[input.totp] } : {}),
      ...(input.email ? { EmailMfaSettings: MFA_SETTINGS[input.email] } : {}),
    },
    signal,
  );
}

const FACTORS: Record<string, MfaFactor> = { SMS_MFA: 'SMS', SOFTWARE_TOKEN_MFA: 'TOTP', EMAIL_OTP: 'EMAIL' };

export async function fetchMfaPreference(kit: ServiceKit, input: AccountRequestBase, signal: AbortSignal): Promise<MfaPreference> {
  const output = await accountCall(kit, 'GetUser', { AccessToken: input.tokens.accessToken }, signal);
  const enabled = (output.UserMFASettingList ?? []).map((name) => FACTORS[name]).filter((f): f is MfaFactor => f !== undefined);
  const preferred = output.PreferredMfaSetting ? FACTORS[output.PreferredMfaSetting] : undefined;
  return { enabled, ...(preferred ? { preferred } : {}) };
}

/** The user is gone: so is the stored session. */
export async function deleteUser(kit: ServiceKit, input: AccountRequestBase, signal: AbortSignal): Promise<void> {
  await accountCall(kit, 'DeleteUser', { AccessToken: input.tokens.accessToken }, signal);
  await kit.store.clear();
}
