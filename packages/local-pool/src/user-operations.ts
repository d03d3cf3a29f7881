import { Secret } from 'otpauth';
import { fail } from './local-cognito-error.js';
import { leaveAllGroups } from './group-membership.js';
import { mfaSettingsOutput, setMfaPreference } from './mfa-settings.js';
import { enforcePasswordPolicy } from './password-policy.js';
import type { PoolRecord, SessionRecord, UserRecord } from './pool-records.js';
import {
  attemptKey,
  checkAttemptLimit,
  checkClientSecret,
  clientOf,
  countFailedAttempt,
  openSession,
  sessionOf,
  spendSession,
  wrongAnswer,
  type ServiceState,
  type StoredMessage,
} from './service-state.js';
import { customiseMessage } from './custom-message.js';
import { applyVerifiedUpdate, holdForVerification } from './pending-attribute-updates.js';
import { claimAlias } from './sign-up-operations.js';
import { refreshRecordOf, userOfAccessToken } from './token-issuer.js';
import { totpStep } from './totp.js';
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
  /** Collects the messages sent, for CustomMessage to shape. */
  sentMessages: StoredMessage[] = [],
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
  // Checked first: a refused update sends no code and keeps nothing waiting.
  const held = admin ? [] : holdForVerification(state, pool, user, changes, sentMessages);
  applyAttributes(user, changes);
  user.modifiedAt = state.clock.now();
  const deliveries: CodeDelivery[] = [...held];
  if (admin) return deliveries;
  for (const attribute of ['email', 'phone_number'] as const) {
    const value = changes.get(attribute);
    if (!value || !pool.autoVerifiedAttributes.includes(attribute) || user.attributes.get(`${attribute}_verified`) === 'true') continue;
    const { code, delivery, sent } = sendCode(state, pool, user, attribute, 'UpdateUserAttribute');
    user.attributeCodes.set(attribute, code);
    deliveries.push(delivery);
    sentMessages.push(sent);
  }
  return deliveries;
}

export async function updateUserAttributes(state: ServiceState, input: Input): Promise<Input> {
  const { pool, user, record } = userOfAccessToken(state, String(input.AccessToken));
  const attributes = input.UserAttributes as Attributes;
  const writable = state.clients.get(record.clientId)?.writeAttributes;
  for (const { Name } of attributes) {
    if (writable && !writable.includes(Name)) fail('NotAuthorizedException', `A client attempted to write unauthorized attribute ${Name}`);
  }
  const sent: StoredMessage[] = [];
  const deliveries = updateAttributes(state, pool, user, attributes, false, sent);
  const clientMetadata = (input.ClientMetadata as Record<string, string> | undefined) ?? {};
  for (const message of sent) {
    await customiseMessage(state, pool, user, message, { source: 'CustomMessage_UpdateUserAttribute', clientId: record.clientId, clientMetadata });
  }
  return deliveries.length ? { CodeDeliveryDetailsList: deliveries } : {};
}

export async function getUserAttributeVerificationCode(state: ServiceState, input: Input): Promise<Input> {
  const { pool, user, record } = userOfAccessToken(state, String(input.AccessToken));
  const attribute = String(input.AttributeName);
  if (attribute !== 'email' && attribute !== 'phone_number') fail('InvalidParameterException', `Attribute ${attribute} cannot be verified.`);
  const { code, delivery, sent } = sendCode(state, pool, user, attribute, 'UpdateUserAttribute');
  user.attributeCodes.set(attribute, code);
  await customiseMessage(state, pool, user, sent, {
    source: 'CustomMessage_VerifyUserAttribute',
    clientId: record.clientId,
    clientMetadata: (input.ClientMetadata as Record<string, string> | undefined) ?? {},
  });
  return { CodeDeliveryDetails: delivery };
}

/** Cognito's hourly limits on wrong answers (https://docs.aws.amazon.com/cognito/latest/developerguide/limits.html). */
export const VERIFY_USER_ATTRIBUTE_LIMIT = 15;
export const CHANGE_PASSWORD_LIMIT = 5;

export function verifyUserAttribute(state: ServiceState, input: Input): Input {
  const { pool, user } = userOfAccessToken(state, String(input.AccessToken));
  const attribute = String(input.AttributeName);
  if (attribute !== 'email' && attribute !== 'phone_number') fail('InvalidParameterException', `Attribute ${attribute} cannot be verified.`);
  // Limit, comparison and spending happen in one synchronous stretch: concurrent requests cannot all get past it.
  const key = attemptKey('VerifyUserAttribute', pool, user);
  checkAttemptLimit(state, key, VERIFY_USER_ATTRIBUTE_LIMIT);
  const pending = user.attributeCodes.get(attribute);
  if (!pending || state.clock.now() > pending.expiresAt) fail('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  if (pending.code !== String(input.Code)) {
    countFailedAttempt(state, key);
    fail('CodeMismatchException', 'Invalid verification code provided, please try again.');
  }
  applyVerifiedUpdate(user, attribute);
  // Verifying an alias another user holds moves it here, as confirmation with ForceAliasCreation would.
  claimAlias(pool, user, attribute, true);
  user.attributes.set(`${attribute}_verified`, 'true');
  user.attributeCodes.delete(attribute);
  return {};
}

export function changePassword(state: ServiceState, input: Input): Input {
  const { pool, user } = userOfAccessToken(state, String(input.AccessToken));
  const key = attemptKey('ChangePassword', pool, user);
  checkAttemptLimit(state, key, CHANGE_PASSWORD_LIMIT);
  if (input.PreviousPassword !== user.password) {
    countFailedAttempt(state, key);
    fail('NotAuthorizedException', 'Incorrect username or password.');
  }
  enforcePasswordPolicy(pool.passwordPolicy, String(input.ProposedPassword));
  user.password = String(input.ProposedPassword);
  user.modifiedAt = state.clock.now();
  return {};
}

export function deleteUser(state: ServiceState, input: Input): Input {
  const { pool, user } = userOfAccessToken(state, String(input.AccessToken));
  pool.users.delete(userKey(pool, user.username));
  leaveAllGroups(pool, user);
  signOutEverywhere(state, user);
  return {};
}

export function setUserMfaPreference(state: ServiceState, input: Input): Input {
  const { user } = userOfAccessToken(state, String(input.AccessToken));
  setMfaPreference(user, input);
  return {};
}

/** The user for AssociateSoftwareToken / VerifySoftwareToken: by access token, or by an MFA_SETUP session. */
function tokenOrSession(state: ServiceState, input: Input): { pool: PoolRecord; user: UserRecord; session?: SessionRecord } {
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
  return { pool, user, session: record };
}

/** Wrong codes VerifySoftwareToken takes for one association before it is dropped (Cognito's number is not documented). */
export const TOTP_ASSOCIATION_ATTEMPTS = 5;

export function associateSoftwareToken(state: ServiceState, input: Input): Input {
  const { pool, user, session } = tokenOrSession(state, input);
  if (!pool.softwareTokenMfa) fail('SoftwareTokenMFANotFoundException', 'Software Token MFA is not enabled for the user pool.');
  const secret = new Secret({ size: 20 }).base32;
  if (!session) {
    user.pendingTotpSecret = secret;
    user.pendingTotpAttemptsLeft = TOTP_ASSOCIATION_ATTEMPTS;
    return { SecretCode: secret };
  }
  // The MFA_SETUP session is spent here, in the same synchronous stretch that found it live, and a new one issued.
  const old = spendSession(session);
  user.pendingTotpSecret = secret;
  user.pendingTotpAttemptsLeft = TOTP_ASSOCIATION_ATTEMPTS;
  const { client } = clientOf(state, old.clientId);
  return { SecretCode: secret, Session: openSession(state, client, user, { challenge: 'MFA_SETUP', flow: old.flow }) };
}

export function verifySoftwareToken(state: ServiceState, input: Input): Input {
  const { user, session } = tokenOrSession(state, input);
  const secret = user.pendingTotpSecret;
  if (!secret) fail('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been associated for the user.');
  const now = state.clock.now();
  const step = totpStep(secret, String(input.UserCode), now);
  if (step === undefined) {
    // Each association takes a few wrong codes, then it is dropped and must be made again.
    user.pendingTotpAttemptsLeft = (user.pendingTotpAttemptsLeft ?? TOTP_ASSOCIATION_ATTEMPTS) - 1;
    if (user.pendingTotpAttemptsLeft <= 0) {
      delete user.pendingTotpSecret;
      delete user.pendingTotpAttemptsLeft;
    }
    if (session) wrongAnswer(session, 'EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
    fail('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
  }
  user.totpSecret = secret;
  // The code is spent: a sign-in may not present it again (RFC 6238 §5.2, as Cognito does).
  user.totpUsedSteps = [step];
  delete user.pendingTotpSecret;
  delete user.pendingTotpAttemptsLeft;
  if (!session) return { Status: 'SUCCESS' };
  // Finishing setup inside sign-in turns TOTP on and makes it preferred, as completing MFA_SETUP does on AWS.
  user.totpMfaEnabled = true;
  user.totpMfaPreferred = true;
  user.smsMfaPreferred = false;
  const old = spendSession(session);
  const { client } = clientOf(state, old.clientId);
  return {
    Status: 'SUCCESS',
    Session: openSession(state, client, user, { challenge: 'MFA_SETUP', flow: old.flow, totpSetupVerified: true }),
  };
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * Revokes every token issued to the user so far (GlobalSignOut, AdminUserGlobalSignOut, deletion). The mark is kept
 * until the longest-lived of those tokens could have expired: the longest refresh-token life of any client, plus
 * the longest access-token life (a day) for tokens minted from a refresh token at its end.
 */
export function signOutEverywhere(state: ServiceState, user: UserRecord): void {
  let longestRefreshMs = 0;
  for (const client of state.clients.values()) longestRefreshMs = Math.max(longestRefreshMs, client.refreshTokenSeconds * 1000);
  state.signedOut.set(user.sub, { sequence: state.sequence, expiresAt: state.clock.now() + longestRefreshMs + DAY_MS });
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
  if (state.accessTokens.has(token) || (token.split('.').length === 3 && !token.startsWith('local.'))) {
    fail('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.');
  }
  const record = refreshRecordOf(state, token);
  // Unknown refresh tokens are accepted silently, so revoking is idempotent for clients that retry.
  if (!record) return {};
  if (record.clientId !== client.id) fail('UnauthorizedException', 'The refresh token was not issued to this client.');
  record.revoked = true;
  // Access tokens minted from it live at most a day past its own expiry; the revocation is kept that long.
  state.revokedOrigins.set(record.originJti, record.expiresAt + DAY_MS);
  return {};
}
