import { Secret } from 'otpauth';
import { fail } from './local-cognito-error.js';
import { mfaSettingsOutput, setMfaPreference } from './mfa-settings.js';
import { enforcePasswordPolicy } from './password-policy.js';
import type { PoolRecord, UserRecord } from './pool-records.js';
import { checkClientSecret, clientOf, openSession, sessionOf, type ServiceState } from './service-state.js';
import { claimAlias } from './sign-up-operations.js';
import { userOfAccessToken } from './token-issuer.js';
import { totpMatches } from './totp.js';
import {
  aliasHolder,
  applyAttributes,
  attributeList,
  sendCode,
  userKey,
  validateAttributes,
  type CodeDelivery,
} from './user-directory.js';

type Input = Record<string, unknown>;
type Attributes = Array<{ Name: string; Value?: string }>;

export function getUser(state: ServiceState, input: Input): Input {
  const { user, record } = userOfAccessToken(state, String(input.AccessToken));
  const client = state.clients.get(record.clientId);
  const readable = client?.readAttributes;
  return {
    Username: user.username,
    UserAttributes: attributeList(user).filter((a) => !readable || readable.includes(a.Name)),
    ...mfaSettingsOutput(user),
  };
}

/**
 * Writes attributes for a user (UpdateUserAttributes, AdminUpdateUserAttributes). A changed email or phone becomes
 * unverified and, when the pool auto-verifies it, gets a code (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html).
 */
export function updateAttributes(
  state: ServiceState,
  pool: PoolRecord,
  user: UserRecord,
  attributes: Attributes,
  admin: boolean,
): CodeDelivery[] {
  const changes = validateAttributes(pool, attributes, { admin, creating: false });
  for (const attribute of ['email', 'phone_number'] as const) {
    const value = changes.get(attribute);
    if (value === undefined || value === user.attributes.get(attribute)) continue;
    if (pool.usernameAttributes.includes(attribute) && value && aliasHolder(pool, attribute, value, user)) {
      fail('AliasExistsException', `An account with the given ${attribute} already exists.`);
    }
    if (!changes.has(`${attribute}_verified`)) changes.set(`${attribute}_verified`, 'false');
  }
  for (const attribute of ['email', 'phone_number'] as const) {
    if (changes.get(`${attribute}_verified`) !== 'true') continue;
    const value = changes.get(attribute) ?? user.attributes.get(attribute);
    if (value && aliasHolder(pool, attribute, value, user)) {
      fail('AliasExistsException', `An account with the given ${attribute} already exists.`);
    }
  }
  const preferred = changes.get('preferred_username');
  if (preferred && pool.aliasAttributes.includes('preferred_username') && aliasHolder(pool, 'preferred_username', preferred, user)) {
    fail('AliasExistsException', 'An account with the given preferred_username already exists.');
  }
  applyAttributes(user, changes);
  user.modifiedAt = state.clock.now();
  const deliveries: CodeDelivery[] = [];
  if (admin) return deliveries;
  for (const attribute of ['email', 'phone_number'] as const) {
    const value = changes.get(attribute);
    if (!value || !pool.autoVerifiedAttributes.includes(attribute) || user.attributes.get(`${attribute}_verified`) === 'true') continue;
    const { code, delivery } = sendCode(state, pool, user, attribute, 'UpdateUserAttribute');
    user.attributeCodes.set(attribute, code);
    deliveries.push(delivery);
  }
  return deliveries;
}

export function updateUserAttributes(state: ServiceState, input: Input): Input {
  const { pool, user, record } = userOfAccessToken(state, String(input.AccessToken));
  const attributes = input.UserAttributes as Attributes;
  const writable = state.clients.get(record.clientId)?.writeAttributes;
  for (const { Name } of attributes) {
    if (writable && !writable.includes(Name)) fail('NotAuthorizedException', `A client attempted to write unauthorized attribute ${Name}`);
  }
  const deliveries = updateAttributes(state, pool, user, attributes, false);
  return deliveries.length ? { CodeDeliveryDetailsList: deliveries } : {};
}

export function getUserAttributeVerificationCode(state: ServiceState, input: Input): Input {
  const { pool, user } = userOfAccessToken(state, String(input.AccessToken));
  const attribute = String(input.AttributeName);
  if (attribute !== 'email' && attribute !== 'phone_number') fail('InvalidParameterException', `Attribute ${attribute} cannot be verified.`);
  const { code, delivery } = sendCode(state, pool, user, attribute, 'UpdateUserAttribute');
  user.attributeCodes.set(attribute, code);
  return { CodeDeliveryDetails: delivery };
}

export function verifyUserAttribute(state: ServiceState, input: Input): Input {
  const { pool, user } = userOfAccessToken(state, String(input.AccessToken));
  const attribute = String(input.AttributeName);
  if (attribute !== 'email' && attribute !== 'phone_number') fail('InvalidParameterException', `Attribute ${attribute} cannot be verified.`);
  const pending = user.attributeCodes.get(attribute);
  if (!pending || state.clock.now() > pending.expiresAt) fail('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  if (pending.code !== String(input.Code)) fail('CodeMismatchException', 'Invalid verification code provided, please try again.');
  // Verifying an alias another user holds moves it here, as confirmation with ForceAliasCreation would.
  claimAlias(pool, user, attribute, true);
  user.attributes.set(`${attribute}_verified`, 'true');
  user.attributeCodes.delete(attribute);
  return {};
}

export function changePassword(state: ServiceState, input: Input): Input {
  const { pool, user } = userOfAccessToken(state, String(input.AccessToken));
  if (input.PreviousPassword !== user.password) fail('NotAuthorizedException', 'Incorrect username or password.');
  enforcePasswordPolicy(pool.passwordPolicy, String(input.ProposedPassword));
  user.password = String(input.ProposedPassword);
  user.modifiedAt = state.clock.now();
  return {};
}

export function deleteUser(state: ServiceState, input: Input): Input {
  const { pool, user } = userOfAccessToken(state, String(input.AccessToken));
  pool.users.delete(userKey(pool, user.username));
  signOutEverywhere(state, user);
  return {};
}

export function setUserMfaPreference(state: ServiceState, input: Input): Input {
  const { user } = userOfAccessToken(state, String(input.AccessToken));
  setMfaPreference(user, input);
  return {};
}

/** The user for AssociateSoftwareToken / VerifySoftwareToken: by access token, or by an MFA_SETUP session. */
function tokenOrSession(state: ServiceState, input: Input): { pool: PoolRecord; user: UserRecord; session?: string } {
  const hasToken = typeof input.AccessToken === 'string';
  const hasSession = typeof input.Session === 'string';
  if (hasToken === hasSession) fail('InvalidParameterException', 'Exactly one of AccessToken or Session must be given.');
  if (hasToken) {
    const { pool, user } = userOfAccessToken(state, String(input.AccessToken));
    return { pool, user };
  }
  const record = sessionOf(state, undefined, String(input.Session));
  if (record.challenge !== 'MFA_SETUP') fail('NotAuthorizedException', 'Invalid session for the user.');
  const { pool } = clientOf(state, record.clientId);
  const user = pool.users.get(userKey(pool, record.username));
  if (!user) fail('NotAuthorizedException', 'Invalid session for the user.');
  return { pool, user, session: String(input.Session) };
}

export function associateSoftwareToken(state: ServiceState, input: Input): Input {
  const { pool, user, session } = tokenOrSession(state, input);
  if (!pool.softwareTokenMfa) fail('SoftwareTokenMFANotFoundException', 'Software Token MFA is not enabled for the user pool.');
  const secret = new Secret({ size: 20 }).base32;
  user.pendingTotpSecret = secret;
  if (!session) return { SecretCode: secret };
  const old = state.sessions.get(session)!;
  old.used = true;
  const { client } = clientOf(state, old.clientId);
  return { SecretCode: secret, Session: openSession(state, client, user, { challenge: 'MFA_SETUP', flow: old.flow }) };
}

export function verifySoftwareToken(state: ServiceState, input: Input): Input {
  const { user, session } = tokenOrSession(state, input);
  const secret = user.pendingTotpSecret;
  if (!secret) fail('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been associated for the user.');
  if (!totpMatches(secret, String(input.UserCode), state.clock.now())) {
    fail('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
  }
  user.totpSecret = secret;
  delete user.pendingTotpSecret;
  if (!session) return { Status: 'SUCCESS' };
  // Finishing setup inside sign-in turns TOTP on and makes it preferred, as completing MFA_SETUP does on AWS.
  user.totpMfaEnabled = true;
  user.totpMfaPreferred = true;
  user.smsMfaPreferred = false;
  const old = state.sessions.get(session)!;
  old.used = true;
  const { client } = clientOf(state, old.clientId);
  return {
    Status: 'SUCCESS',
    Session: openSession(state, client, user, { challenge: 'MFA_SETUP', flow: old.flow, totpSetupVerified: true }),
  };
}

export function signOutEverywhere(state: ServiceState, user: UserRecord): void {
  state.signedOut.set(user.sub, state.sequence);
  for (const record of state.refreshTokens.values()) if (record.sub === user.sub) record.revoked = true;
}

export function globalSignOut(state: ServiceState, input: Input): Input {
  const { user } = userOfAccessToken(state, String(input.AccessToken));
  signOutEverywhere(state, user);
  return {};
}

export function revokeToken(state: ServiceState, input: Input): Input {
  const { client } = clientOf(state, String(input.ClientId));
  if (!client.enableTokenRevocation) fail('UnsupportedOperationException', 'Token revocation is not enabled for this client.');
  checkClientSecret(client, input.ClientSecret as string | undefined, 'UnauthorizedException');
  const token = String(input.Token);
  if (state.accessTokens.has(token) || token.split('.').length === 3) {
    fail('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.');
  }
  const record = state.refreshTokens.get(token);
  // Unknown refresh tokens are accepted silently, so revoking is idempotent for clients that retry.
  if (!record) return {};
  if (record.clientId !== client.id) fail('UnauthorizedException', 'The refresh token was not issued to this client.');
  record.revoked = true;
  state.revokedOrigins.add(record.originJti);
  return {};
}
