import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import { LocalCognitoError } from './local-cognito-error.js';
import type { ClientRecord, PoolRecord } from './pool-records.js';
import { epochSeconds, type ServiceState } from './service-state.js';
import { customScopesOf, oauthSettingsOf } from './oauth-client.js';
import { json, type OAuthRequest, type OAuthResponse } from './oauth-http.js';
import { spendCode } from './oauth-state.js';
import { issuerOf, issueTokens, poolKeys, refreshRecordOf, refreshTokens, type AuthenticationResult } from './token-issuer.js';
import { findUserBySub } from './user-directory.js';

/** Token-endpoint errors: HTTP 400 with `{"error": ...}` (https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html). */
export function oauthError(error: string, status = 400, description?: string): OAuthResponse {
  return json(status, { error, ...(description ? { error_description: description } : {}) });
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The client of a token or revoke request: `Authorization: Basic` (client_secret_basic) or `client_id` with
 * `client_secret` in the body (client_secret_post); clients without a secret send only `client_id`.
 */
export function authenticateClient(pool: PoolRecord, request: OAuthRequest): ClientRecord | undefined {
  let clientId = request.form.get('client_id') ?? undefined;
  let secret = request.form.get('client_secret') ?? undefined;
  const basic = /^Basic\s+(.+)$/i.exec(request.authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    let basicId: string;
    try {
      basicId = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    } catch {
      return undefined;
    }
    if (clientId !== undefined && clientId !== basicId) return undefined;
    clientId = basicId;
  }
  const client = clientId === undefined ? undefined : pool.clients.get(clientId);
  if (!client) return undefined;
  if (client.secret && (secret === undefined || !same(secret, client.secret))) return undefined;
  return client;
}

function tokenBody(result: AuthenticationResult, scopes: string[] | undefined, withRefresh: boolean): Record<string, unknown> {
  return {
    ...(scopes === undefined || scopes.includes('openid') ? { id_token: result.IdToken } : {}),
    access_token: result.AccessToken,
    ...(withRefresh && result.RefreshToken ? { refresh_token: result.RefreshToken } : {}),
    expires_in: result.ExpiresIn,
    token_type: 'Bearer',
  };
}

/** RFC 7636 S256: BASE64URL(SHA-256(code_verifier)). */
function verifierMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  return same(createHash('sha256').update(verifier).digest('base64url'), challenge);
}

/** POST /oauth2/token: authorization_code (with PKCE), refresh_token and client_credentials. */
export async function token(state: ServiceState, pool: PoolRecord, request: OAuthRequest): Promise<OAuthResponse> {
  if (request.method !== 'POST') return { status: 405, headers: { Allow: 'POST' }, body: '' };
  if (!(request.contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return oauthError('invalid_request');
  const grant = request.form.get('grant_type');
  if (!grant) return oauthError('invalid_request');
  const client = authenticateClient(pool, request);
  if (!client) return oauthError('invalid_client');
  const settings = oauthSettingsOf(client);
  if (grant !== 'authorization_code' && grant !== 'refresh_token' && grant !== 'client_credentials') return oauthError('unsupported_grant_type');
  try {
    if (grant === 'authorization_code') return await codeGrant(state, pool, client, request);
    if (grant === 'refresh_token') return await refreshGrant(state, client, request);
    if (!settings.enabled || !settings.flows.includes('client_credentials') || !client.secret) return oauthError('unauthorized_client');
    return await clientCredentials(state, pool, client, request);
  } catch (error) {
    if (error instanceof LocalCognitoError) return oauthError('invalid_request', 400, error.message);
    throw error;
  }
}

async function codeGrant(state: ServiceState, pool: PoolRecord, client: ClientRecord, request: OAuthRequest): Promise<OAuthResponse> {
  const settings = oauthSettingsOf(client);
  if (!settings.enabled || !settings.flows.includes('code')) return oauthError('unauthorized_client');
  const code = request.form.get('code');
  if (!code) return oauthError('invalid_request');
  // Spent before anything else is checked: a code works once, whatever comes with it.
  const record = spendCode(state, code);
  if (!record || record.poolId !== pool.id || record.clientId !== client.id) return oauthError('invalid_grant');
  if (request.form.get('redirect_uri') !== record.redirectUri) return oauthError('invalid_grant');
  if (record.codeChallenge !== undefined) {
    const verifier = request.form.get('code_verifier');
    if (!verifier) return oauthError('invalid_request');
    if (!verifierMatches(verifier, record.codeChallenge)) return oauthError('invalid_grant');
  }
  const user = findUserBySub(pool, record.sub);
  if (!user || !user.enabled) return oauthError('invalid_grant');
  const result = await issueTokens(state, pool, client, user, {
    source: 'TokenGeneration_HostedAuth',
    oauth: { scopes: record.scopes, authTime: record.authTime, ...(record.nonce !== undefined ? { nonce: record.nonce } : {}) },
  });
  return json(200, tokenBody(result, record.scopes, true));
}

async function refreshGrant(state: ServiceState, client: ClientRecord, request: OAuthRequest): Promise<OAuthResponse> {
  const refreshToken = request.form.get('refresh_token');
  if (!refreshToken) return oauthError('invalid_request');
  try {
    const scopes = refreshRecordOf(state, refreshToken)?.scopes;
    const result = await refreshTokens(state, client, refreshToken);
    return json(200, tokenBody(result, scopes, false));
  } catch (error) {
    if (error instanceof LocalCognitoError && error.name === 'NotAuthorizedException') return oauthError('invalid_grant');
    throw error;
  }
}

/** Machine-to-machine: an access token for the client itself, with custom scopes only, and no ID or refresh token. */
async function clientCredentials(state: ServiceState, pool: PoolRecord, client: ClientRecord, request: OAuthRequest): Promise<OAuthResponse> {
  const allowed = oauthSettingsOf(client).scopes.filter((scope) => customScopesOf(pool).includes(scope));
  const asked = (request.form.get('scope') ?? '').split(' ').filter(Boolean);
  if (asked.some((scope) => !allowed.includes(scope))) return oauthError('invalid_scope');
  const scopes = asked.length ? asked : allowed;
  if (scopes.length === 0) return oauthError('invalid_scope');
  const iat = epochSeconds(state.clock.now());
  const keys = await poolKeys(pool);
  const accessToken = await new SignJWT({
    sub: client.id,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: iat,
    iss: issuerOf(state, pool.id),
    exp: iat + client.accessTokenSeconds,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: client.id,
  }).setProtectedHeader({ kid: keys.access.kid, alg: 'RS256' }).sign(keys.access.privateKey);
  return json(200, { access_token: accessToken, expires_in: client.accessTokenSeconds, token_type: 'Bearer' });
}
