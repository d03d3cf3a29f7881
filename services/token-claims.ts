import { AuthError } from '../machines/auth-error.js';
import type { AuthTokens, AuthUser, UserAttributeValue } from '../machines/auth-types.js';
import type { AuthenticationResultType } from './cognito-api.js';
import { fromBase64, fromUtf8 } from './bytes.js';

export type JwtClaims = Record<string, unknown>;

/**
 * Reads a JWT's payload without checking its signature: the client only needs the claims to schedule
 * refreshes and show the user; Cognito checks the signature of every token it is handed.
 */
export function decodeJwtClaims(token: string): JwtClaims {
  const part = token.split('.')[1];
  if (!part) throw new AuthError('InvalidTokenError', 'Not a JWT: it has no payload part');
  try {
    const claims: unknown = JSON.parse(fromUtf8(fromBase64(part)));
    if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) throw new Error('payload is not an object');
    return claims as JwtClaims;
  } catch (cause) {
    throw new AuthError('InvalidTokenError', 'Not a JWT: its payload is not base64url JSON', { cause });
  }
}

/** Claims that describe the token rather than the user. */
const TOKEN_CLAIMS = new Set([
  'iss', 'aud', 'exp', 'iat', 'nbf', 'auth_time', 'token_use', 'jti', 'origin_jti', 'event_id', 'at_hash', 'nonce',
  'cognito:username', 'cognito:groups', 'cognito:roles', 'cognito:preferred_role', 'identities',
]);

export function userFromIdToken(idToken: string): AuthUser {
  const claims = decodeJwtClaims(idToken);
  const username = claims['cognito:username'];
  const sub = claims.sub;
  if (typeof username !== 'string' || typeof sub !== 'string') {
    throw new AuthError('InvalidTokenError', 'The ID token lacks cognito:username or sub');
  }
  const attributes: Record<string, UserAttributeValue> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (TOKEN_CLAIMS.has(name)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') attributes[name] = value;
  }
  return { username, userSub: sub, attributes };
}

function numericClaim(claims: JwtClaims, name: string): number {
  const value = claims[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AuthError('InvalidTokenError', `The access token lacks a numeric ${name} claim`);
  }
  return value;
}

/** Tokens from Cognito's AuthenticationResult; a refresh answers without a refresh token, so the old one stays. */
export function tokensFromResult(result: AuthenticationResultType, now: number, previousRefreshToken?: string): AuthTokens {
  const { AccessToken, IdToken } = result;
  if (!AccessToken || !IdToken) throw new AuthError('InvalidTokenError', 'Cognito answered without an access or ID token');
  const claims = decodeJwtClaims(AccessToken);
  const issuedAt = numericClaim(claims, 'iat') * 1000;
  const refreshToken = result.RefreshToken ?? previousRefreshToken;
  return {
    idToken: IdToken,
    accessToken: AccessToken,
    ...(refreshToken ? { refreshToken } : {}),
    expiresAt: numericClaim(claims, 'exp') * 1000,
    issuedAt,
    clockDrift: issuedAt - now,
  };
}
