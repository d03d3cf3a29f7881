import type { LocalUserPool } from '@cognito-auth-machine/local-pool';

/**
 * Passwordless sign-in for the demo pool: the first factors the pool allows, the app client's USER_AUTH flow, the
 * passkey relying party, and two users to try them with. Each step is skipped when already done, so a data folder
 * kept from a run before passwordless existed gets them too.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
 */

/** The first factors a demo user may choose from (Policies.SignInPolicy.AllowedFirstAuthFactors). */
export const DEMO_FIRST_FACTORS = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

/**
 * Browsers take no IP address as a WebAuthn relying-party ID, and `localhost` is a secure context over http: the
 * demo's passkeys belong to `localhost`, and the page offers them when it is opened there.
 * https://www.w3.org/TR/webauthn-3/#relying-party-identifier
 */
export const DEMO_RELYING_PARTY = 'localhost';

export const DEMO_PASSWORDLESS_USERS = {
  /** A verified email and phone, no MFA: signs in with a code by email or by text, or chooses. */
  otp: 'olive.otp',
  /** Signs in with the password first, adds a passkey in the settings, then signs in with it. */
  passkey: 'pat.passkey',
} as const;

const USER_AUTH = 'ALLOW_USER_AUTH';

/** Members of DescribeUserPool's answer that UpdateUserPool takes back; it resets whatever it is not given. */
const POOL_UPDATABLE = [
  'Policies', 'DeletionProtection', 'LambdaConfig', 'AutoVerifiedAttributes', 'SmsVerificationMessage',
  'EmailVerificationMessage', 'EmailVerificationSubject', 'VerificationMessageTemplate', 'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings', 'MfaConfiguration', 'DeviceConfiguration', 'EmailConfiguration', 'SmsConfiguration',
  'UserPoolTags', 'AdminCreateUserConfig', 'UserPoolAddOns', 'AccountRecoverySetting', 'UserPoolTier',
];

/** Settings of DescribeUserPoolClient's answer that UpdateUserPoolClient does not take. */
const CLIENT_DESCRIBED_ONLY = ['ClientSecret', 'CreationDate', 'LastModifiedDate'];

type Json = Record<string, unknown>;

function isUserNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'UserNotFoundException';
}

/**
 * The pool's sign-in policy with the demo's first factors. UpdateUserPool is a replacement, so the pool's other
 * settings are sent back as DescribeUserPool gives them
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPool.html).
 */
async function allowFirstFactors(pool: LocalUserPool): Promise<void> {
  const { UserPool: described } = (await pool.admin.send('DescribeUserPool', {})) as { UserPool: Json };
  const policies = (described.Policies ?? {}) as Json;
  const factors = ((policies.SignInPolicy as Json | undefined)?.AllowedFirstAuthFactors ?? []) as string[];
  if (DEMO_FIRST_FACTORS.every((factor) => factors.includes(factor))) return;
  const kept = Object.fromEntries(Object.entries(described).filter(([key]) => POOL_UPDATABLE.includes(key)));
  await pool.admin.send('UpdateUserPool', {
    ...kept,
    Policies: { ...policies, SignInPolicy: { AllowedFirstAuthFactors: DEMO_FIRST_FACTORS } },
  });
}

/** The app client's flows with USER_AUTH added, its other settings sent back as they are. */
async function allowUserAuth(pool: LocalUserPool): Promise<void> {
  const described = (await pool.admin.send('DescribeUserPoolClient', { ClientId: pool.clientId })) as { UserPoolClient: Json };
  const flows = (described.UserPoolClient.ExplicitAuthFlows ?? []) as string[];
  if (flows.includes(USER_AUTH)) return;
  const client = Object.fromEntries(Object.entries(described.UserPoolClient).filter(([key]) => !CLIENT_DESCRIBED_ONLY.includes(key)));
  await pool.admin.send('UpdateUserPoolClient', { ...client, ExplicitAuthFlows: [...flows, USER_AUTH] });
}

/**
 * Passkeys for `localhost`, and email as a second factor (EmailMfaConfiguration) that a signed-in user turns on in the
 * two-step settings. One read and at most one write; the pool's other MFA settings are sent back as they are
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html).
 */
async function allowPasskeysAndEmailMfa(pool: LocalUserPool): Promise<void> {
  const described = (await pool.admin.send('GetUserPoolMfaConfig', {})) as Json;
  const webAuthn = described.WebAuthnConfiguration as Json | undefined;
  const passkeysReady = webAuthn?.RelyingPartyId === DEMO_RELYING_PARTY;
  if (passkeysReady && described.EmailMfaConfiguration) return;
  await pool.admin.send('SetUserPoolMfaConfig', {
    ...described,
    ...(passkeysReady ? {} : { WebAuthnConfiguration: { RelyingPartyId: DEMO_RELYING_PARTY, UserVerification: 'preferred' } }),
    ...(described.EmailMfaConfiguration ? {} : { EmailMfaConfiguration: { Message: 'Your sign-in code is {####}', Subject: 'Your sign-in code' } }),
  });
}

async function ensureUser(pool: LocalUserPool, username: string, password: string, attributes: { Name: string; Value: string }[]): Promise<void> {
  try {
    await pool.admin.getUser(username);
    return;
  } catch (error) {
    if (!isUserNotFound(error)) throw error;
  }
  await pool.admin.createUser(username, { attributes, suppress: true });
  await pool.admin.setPassword(username, password, true);
}

/** Makes the demo pool passwordless-ready; what is already in place is left as it is. */
export async function ensureDemoPasswordless(pool: LocalUserPool, password: string): Promise<void> {
  await allowFirstFactors(pool);
  await allowUserAuth(pool);
  await allowPasskeysAndEmailMfa(pool);
  await ensureUser(pool, DEMO_PASSWORDLESS_USERS.otp, password, [
    { Name: 'email', Value: 'olive@example.com' },
    { Name: 'email_verified', Value: 'true' },
    { Name: 'phone_number', Value: '+14325550123' },
    { Name: 'phone_number_verified', Value: 'true' },
  ]);
  await ensureUser(pool, DEMO_PASSWORDLESS_USERS.passkey, password, [
    { Name: 'email', Value: 'pat@example.com' },
    { Name: 'email_verified', Value: 'true' },
  ]);
}
