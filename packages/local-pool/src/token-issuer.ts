import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { runPostAuthentication } from './authentication-triggers.js';
import { groupClaimsOf, idTokenGroupClaims } from './group-claims.js';
import { fail } from './local-cognito-error.js';
import type { ClientRecord, PoolKeys, PoolRecord, RefreshRecord, UserRecord } from './pool-records.js';
import { epochSeconds, poolOf, type AccessRecord, type ServiceState } from './service-state.js';
import { customiseTokenClaims } from './pre-token-generation.js';
import { poolKeysAt } from './token-keys.js';
import { findUserBySub } from './user-directory.js';

export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  IdToken: string;
  RefreshToken?: string;
}

export function poolKeys(pool: PoolRecord): Promise<PoolKeys> {
  pool.keys ??= poolKeysAt(pool.keyIndex);
  return pool.keys;
}

export function issuerOf(state: ServiceState, poolId: string): string {
  return `${state.issuerBase.replace(/\/$/, '')}/${poolId}`;
}

export async function jwksOf(state: ServiceState, poolId: string): Promise<{ keys: Record<string, unknown>[] }> {
  const keys = await poolKeys(poolOf(state, poolId));
  return { keys: [keys.id.publicJwk, keys.access.publicJwk] };
}

function idTokenAttributes(client: ClientRecord, user: UserRecord): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const [name, value] of user.attributes) {
    if (name === 'sub') continue;
    if (client.readAttributes && !client.readAttributes.includes(name)) continue;
    if (name === 'email_verified' || name === 'phone_number_verified') claims[name] = value === 'true';
    // Linked identity providers: kept as a JSON string attribute, given in the ID token as the array it holds.
    else if (name === 'identities') claims[name] = parseIdentities(value);
    else if (name === 'updated_at' && /^[0-9]+$/.test(value)) claims[name] = Number(value);
    else claims[name] = value;
  }
  return claims;
}

function parseIdentities(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The scopes every token of the JSON API carries; OAuth sign-ins carry the scopes granted instead. */
export const USER_ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

export type TokenSource =
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_AuthenticateDevice';

export interface IssueOptions {
  source: TokenSource;
  clientMetadata?: Record<string, string>;
  /** Refreshes keep the sign-in's origin_jti, auth_time and scopes and mint no refresh token. */
  refreshOf?: { originJti: string; authTime: number; scopes?: string[] };
  /** Sign-ins through the OAuth endpoints: the scopes granted, the `nonce` for the ID token, the sign-in time. */
  oauth?: { scopes: string[]; nonce?: string; authTime?: number };
  /** The tracked device the sign-in is tied to: named in the access token and required again on refresh. */
  deviceKey?: string;
}

/**
 * Mints ID and access tokens (and a refresh token at sign-in) with Cognito's claims
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html and
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html).
 */
export async function issueTokens(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  options: IssueOptions,
): Promise<AuthenticationResult> {
  if (!options.refreshOf) await runPostAuthentication(state, pool, client, user, options.clientMetadata ?? {});
  const now = state.clock.now();
  const iat = epochSeconds(now);
  const originJti = options.refreshOf?.originJti ?? randomUUID();
  const authTime = options.refreshOf?.authTime ?? options.oauth?.authTime ?? iat;
  const scopes = options.refreshOf?.scopes ?? options.oauth?.scopes;
  const eventId = randomUUID();
  const iss = issuerOf(state, pool.id);
  const idClaims: Record<string, unknown> = {
    sub: user.sub,
    ...idTokenAttributes(client, user),
    iss,
    'cognito:username': user.username,
    origin_jti: originJti,
    aud: client.id,
    event_id: eventId,
    token_use: 'id',
    auth_time: authTime,
    exp: iat + client.idTokenSeconds,
    iat,
    jti: randomUUID(),
    ...(options.oauth?.nonce !== undefined ? { nonce: options.oauth.nonce } : {}),
    // The user's groups; PreTokenGeneration below receives them as groupConfiguration and may replace them.
    ...idTokenGroupClaims(groupClaimsOf(pool, user)),
  };
  const accessClaims: Record<string, unknown> = {
    sub: user.sub,
    iss,
    client_id: client.id,
    origin_jti: originJti,
    event_id: eventId,
    token_use: 'access',
    scope: scopes ? scopes.join(' ') : USER_ADMIN_SCOPE,
    auth_time: authTime,
    exp: iat + client.accessTokenSeconds,
    iat,
    jti: randomUUID(),
    username: user.username,
    ...(options.deviceKey !== undefined ? { device_key: options.deviceKey } : {}),
  };
  if (idClaims['cognito:groups']) accessClaims['cognito:groups'] = idClaims['cognito:groups'];
  const claims = await customiseTokenClaims(state, pool, client, user, options.source, options.clientMetadata ?? {}, {
    id: idClaims,
    access: accessClaims,
  });
  const keys = await poolKeys(pool);
  const [IdToken, AccessToken] = await Promise.all([
    new SignJWT(claims.id).setProtectedHeader({ kid: keys.id.kid, alg: 'RS256' }).sign(keys.id.privateKey),
    new SignJWT(claims.access).setProtectedHeader({ kid: keys.access.kid, alg: 'RS256' }).sign(keys.access.privateKey),
  ]);
  const sequence = ++state.sequence;
  state.accessTokens.set(AccessToken, {
    poolId: pool.id,
    clientId: client.id,
    sub: user.sub,
    originJti,
    expiresAt: now + client.accessTokenSeconds * 1000,
    sequence,
    ...(scopes ? { scopes } : {}),
  });
  const result: AuthenticationResult = { AccessToken, ExpiresIn: client.accessTokenSeconds, TokenType: 'Bearer', IdToken };
  if (!options.refreshOf) {
    const expiresAt = now + client.refreshTokenSeconds * 1000;
    const refreshToken = newRefreshToken(expiresAt);
    state.refreshTokens.set(refreshToken, {
      poolId: pool.id,
      clientId: client.id,
      sub: user.sub,
      originJti,
      authTime,
      issuedAt: now,
      expiresAt,
      revoked: false,
      sequence,
      ...(scopes ? { scopes } : {}),
      ...(options.deviceKey !== undefined ? { deviceKey: options.deviceKey } : {}),
    });
    result.RefreshToken = refreshToken;
  }
  return result;
}

/**
 * Opaque to clients, as Cognito's are (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html):
 * `local.<expiry, epoch seconds in base 36>.<random>`. The prefix makes it recognisable in logs; the expiry lets a
 * token whose record has left memory still be answered "expired".
 */
function newRefreshToken(expiresAt: number): string {
  return `local.${Math.floor(expiresAt / 1000).toString(36)}.${randomBytes(96).toString('base64url')}`;
}

function refreshTokenExpiry(token: string): number | undefined {
  const match = /^local\.([0-9a-z]{1,10})\.[A-Za-z0-9_-]{128}$/.exec(token);
  return match?.[1] === undefined ? undefined : parseInt(match[1], 36) * 1000;
}

/** The `exp` (ms) of something shaped like one of our access tokens, read without verifying it: only to word a refusal. */
function accessTokenExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null) return undefined;
    const { exp, token_use: use } = payload as { exp?: unknown; token_use?: unknown };
    return typeof exp === 'number' && use === 'access' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function isSignedOut(state: ServiceState, sub: string, sequence: number): boolean {
  const mark = state.signedOut.get(sub);
  return mark !== undefined && sequence <= mark.sequence;
}

/** The user behind an access token, for the token-authorised operations; rejects expired and revoked tokens. */
export function userOfAccessToken(
  state: ServiceState,
  accessToken: string,
  /** The user-pool API needs aws.cognito.signin.user.admin; tokens from the OAuth endpoints may lack it. */
  required: { scope?: string } = { scope: USER_ADMIN_SCOPE },
): { pool: PoolRecord; user: UserRecord; record: AccessRecord } {
  const now = state.clock.now();
  const record = state.accessTokens.get(accessToken);
  if (!record) {
    const expiry = accessTokenExpiry(accessToken);
    if (expiry !== undefined && now >= expiry) fail('NotAuthorizedException', 'Access Token has expired');
    fail('NotAuthorizedException', 'Invalid Access Token');
  }
  if (now >= record.expiresAt) {
    state.accessTokens.delete(accessToken);
    fail('NotAuthorizedException', 'Access Token has expired');
  }
  if (state.revokedOrigins.has(record.originJti) || isSignedOut(state, record.sub, record.sequence)) {
    fail('NotAuthorizedException', 'Access Token has been revoked');
  }
  if (required.scope && record.scopes && !record.scopes.includes(required.scope)) {
    fail('NotAuthorizedException', 'Access Token does not have required scopes');
  }
  const pool = poolOf(state, record.poolId);
  const user = findUserBySub(pool, record.sub);
  if (!user) fail('UserNotFoundException', 'User does not exist.');
  if (!user.enabled) fail('NotAuthorizedException', 'User is disabled.');
  if (user.status === 'RESET_REQUIRED') fail('PasswordResetRequiredException', 'Password reset required for the user');
  if (user.status === 'UNCONFIRMED') fail('UserNotConfirmedException', 'User is not confirmed.');
  return { pool, user, record };
}

type StoredRefresh = RefreshRecord & { sequence: number };

function liveRefreshRecord(state: ServiceState, client: ClientRecord, refreshToken: string): StoredRefresh {
  const now = state.clock.now();
  const record = state.refreshTokens.get(refreshToken);
  if (!record) {
    const expiry = refreshTokenExpiry(refreshToken);
    if (expiry !== undefined && now >= expiry) fail('NotAuthorizedException', 'Refresh Token has expired');
    fail('NotAuthorizedException', 'Invalid Refresh Token');
  }
  if (record.clientId !== client.id) fail('NotAuthorizedException', 'Invalid Refresh Token');
  if (now >= record.expiresAt) {
    state.refreshTokens.delete(refreshToken);
    fail('NotAuthorizedException', 'Refresh Token has expired');
  }
  if (isRefreshRevoked(state, record)) fail('NotAuthorizedException', 'Refresh Token has been revoked');
  return record;
}

function isRefreshRevoked(state: ServiceState, record: StoredRefresh): boolean {
  return record.revoked || state.revokedOrigins.has(record.originJti) || isSignedOut(state, record.sub, record.sequence);
}

/** The refresh record for a token, whatever its state; for RevokeToken and SECRET_HASH checks. */
export function refreshRecordOf(state: ServiceState, refreshToken: string): StoredRefresh | undefined {
  return state.refreshTokens.get(refreshToken);
}

/** New ID and access tokens for a refresh token (both refresh operations share this). */
export async function refreshTokens(
  state: ServiceState,
  client: ClientRecord,
  refreshToken: string,
  clientMetadata?: Record<string, string>,
  deviceKey?: string,
): Promise<AuthenticationResult> {
  const record = liveRefreshRecord(state, client, refreshToken);
  const pool = poolOf(state, record.poolId);
  const user = findUserBySub(pool, record.sub);
  if (!user) fail('UserNotFoundException', 'User does not exist.');
  if (!user.enabled) fail('NotAuthorizedException', 'User is disabled.');
  // With device tracking the tokens belong to one device: refreshing needs its DEVICE_KEY, and a forgotten device's
  // refresh tokens stop working (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html).
  if (record.deviceKey !== undefined && (deviceKey !== record.deviceKey || !user.devices?.has(record.deviceKey))) {
    fail('NotAuthorizedException', 'Invalid Refresh Token');
  }
  const result = await issueTokens(state, pool, client, user, {
    source: 'TokenGeneration_RefreshTokens',
    ...(clientMetadata ? { clientMetadata } : {}),
    refreshOf: { originJti: record.originJti, authTime: record.authTime, ...(record.scopes ? { scopes: record.scopes } : {}) },
    ...(record.deviceKey !== undefined ? { deviceKey: record.deviceKey } : {}),
  });
  // Revoked (RevokeToken, GlobalSignOut) while the tokens were being minted: they never count as issued.
  if (isRefreshRevoked(state, record)) {
    state.accessTokens.delete(result.AccessToken);
    fail('NotAuthorizedException', 'Refresh Token has been revoked');
  }
  return result;
}
