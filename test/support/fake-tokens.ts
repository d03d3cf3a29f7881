/**
 * Unsigned JWTs with Cognito's claims, for unit tests that never reach a server. The claims are those of
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html and
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html.
 */

export const POOL_ID = 'us-east-1_TestPool1';
export const CLIENT_ID = 'testclient1234567890abcde';
export const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`;

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function jwt(claims: Record<string, unknown>): string {
  return `${encode({ alg: 'RS256', kid: 'test' })}.${encode(claims)}.c2lnbmF0dXJl`;
}

export interface FakeTokenOptions {
  username?: string;
  sub?: string;
  attributes?: Record<string, unknown>;
  issuedAt?: number;
  lifetimeSeconds?: number;
  clientId?: string;
  issuer?: string;
  originJti?: string | null;
}

export function fakeTokens(options: FakeTokenOptions = {}) {
  const username = options.username ?? 'alice';
  const sub = options.sub ?? '11111111-2222-3333-4444-555555555555';
  const iat = Math.floor((options.issuedAt ?? Date.now()) / 1000);
  const exp = iat + (options.lifetimeSeconds ?? 3600);
  const clientId = options.clientId ?? CLIENT_ID;
  const iss = options.issuer ?? ISSUER;
  const origin = options.originJti === undefined ? { origin_jti: 'origin-1' } : options.originJti ? { origin_jti: options.originJti } : {};
  const common = { sub, iss, iat, exp, auth_time: iat, jti: `jti-${iat}`, event_id: 'event-1', ...origin };
  return {
    IdToken: jwt({ ...common, aud: clientId, token_use: 'id', 'cognito:username': username, ...(options.attributes ?? {}) }),
    AccessToken: jwt({ ...common, client_id: clientId, token_use: 'access', username, scope: 'aws.cognito.signin.user.admin' }),
    RefreshToken: `refresh-${username}-${iat}`,
    ExpiresIn: exp - iat,
    TokenType: 'Bearer',
  };
}
