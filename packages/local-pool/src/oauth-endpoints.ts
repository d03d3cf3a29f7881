import { LocalCognitoError } from './local-cognito-error.js';
import type { PoolRecord } from './pool-records.js';
import { poolOf, type ServiceState } from './service-state.js';
import { oauthSettingsOf, poolOfDomain } from './oauth-client.js';
import { authorize, errorPage, errorRedirect, login } from './oauth-authorize.js';
import { domainBase, html, json, redirect, type OAuthRequest, type OAuthResponse } from './oauth-http.js';
import { authenticateClient, oauthError, token } from './oauth-token.js';
import { clearedSessionCookie } from './managed-login-session.js';
import { renderErrorPage } from './managed-login-page.js';
import { issuerOf, userOfAccessToken } from './token-issuer.js';
import { revokeToken } from './user-operations.js';
import { testProvider } from './federated-sign-in.js';

/**
 * A pool's domain endpoints (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-userpools-server-contract-reference.html),
 * served under `/<domain>/` on the local pool's own origin. Undefined when no pool has that domain.
 */
export async function handleOAuthRequest(state: ServiceState, request: OAuthRequest): Promise<OAuthResponse | undefined> {
  const pool = poolOfDomain(state.pools.values(), request.domain);
  if (!pool) return undefined;
  const get = request.method === 'GET' || request.method === 'HEAD';
  switch (request.path) {
    case '/oauth2/authorize':
      return get ? authorize(state, pool, request) : methodNotAllowed('GET');
    case '/login':
      return get || request.method === 'POST' ? login(state, pool, request) : methodNotAllowed('GET, POST');
    case '/test-provider':
      return get || request.method === 'POST' ? testProvider(state, pool, request) : methodNotAllowed('GET, POST');
    case '/oauth2/token':
      return token(state, pool, request);
    case '/oauth2/userInfo':
      return get || request.method === 'POST' ? userInfo(state, pool, request) : methodNotAllowed('GET, POST');
    case '/oauth2/revoke':
      return request.method === 'POST' ? revoke(state, pool, request) : methodNotAllowed('POST');
    case '/logout':
      return get ? logout(state, pool, request) : methodNotAllowed('GET');
    case '/error':
      return errorPage(request.query);
    default:
      return html(404, renderErrorPage(`Nothing at ${request.path}.`));
  }
}

function methodNotAllowed(allow: string): OAuthResponse {
  return { status: 405, headers: { Allow: allow }, body: '' };
}

const SCOPE_CLAIMS: Record<string, string[]> = {
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
};

/** GET /oauth2/userInfo (https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html). */
function userInfo(state: ServiceState, pool: PoolRecord, request: OAuthRequest): OAuthResponse {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.authorization ?? '')?.[1];
  if (!bearer) {
    return json(400, { error: 'invalid_request' }, { 'WWW-Authenticate': 'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"' });
  }
  const invalid = () => json(401, { error: 'invalid_token' }, {
    'WWW-Authenticate': 'error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."',
  });
  let found: ReturnType<typeof userOfAccessToken>;
  try {
    found = userOfAccessToken(state, bearer, {});
  } catch (error) {
    if (error instanceof LocalCognitoError) return invalid();
    throw error;
  }
  if (found.pool.id !== pool.id) return invalid();
  const scopes = scopesOfToken(bearer);
  if (!scopes.includes('openid')) return invalid();
  const { user } = found;
  const client = pool.clients.get(found.record.clientId);
  const readable = (name: string) => !client?.readAttributes || client.readAttributes.includes(name);
  const claims: Record<string, unknown> = { sub: user.sub };
  for (const [name, value] of user.attributes) {
    if (name === 'sub' || !readable(name)) continue;
    const byScope = Object.entries(SCOPE_CLAIMS).find(([, names]) => names.includes(name))?.[0];
    const granted = byScope ? scopes.includes(byScope) : scopes.includes('profile');
    if (!granted) continue;
    claims[name] = name === 'identities' ? safeParse(value) : value;
  }
  claims.username = user.username;
  return json(200, claims);
}

function safeParse(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The `scope` claim of one of our own access tokens (found in the token records, so its payload is ours). */
function scopesOfToken(accessToken: string): string[] {
  const payload = accessToken.split('.')[1] ?? '';
  const claims = safeParse(Buffer.from(payload, 'base64url').toString('utf8')) as { scope?: unknown };
  return typeof claims?.scope === 'string' ? claims.scope.split(' ') : [];
}

/** POST /oauth2/revoke: the same revocation as RevokeToken (https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html). */
function revoke(state: ServiceState, pool: PoolRecord, request: OAuthRequest): OAuthResponse {
  const client = authenticateClient(pool, request);
  if (!client) return oauthError('invalid_client', 401);
  const tokenValue = request.form.get('token');
  if (!tokenValue || !client.enableTokenRevocation) return oauthError('invalid_request');
  try {
    revokeToken(state, { ClientId: client.id, ...(client.secret ? { ClientSecret: client.secret } : {}), Token: tokenValue });
  } catch (error) {
    if (!(error instanceof LocalCognitoError)) throw error;
    if (error.name === 'UnsupportedTokenTypeException') return oauthError('unsupported_token_type');
    if (error.name === 'UnauthorizedException') return oauthError('invalid_client', 401);
    return oauthError('invalid_request');
  }
  return { status: 200, headers: {}, body: '' };
}

/** GET /logout: ends the managed-login session and goes to a sign-out URL of the client (https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html). */
function logout(state: ServiceState, pool: PoolRecord, request: OAuthRequest): OAuthResponse {
  const clientId = request.query.get('client_id') ?? '';
  const client = pool.clients.get(clientId);
  if (!client) return errorRedirect(state, pool, 'invalid_client', clientId, request.origin);
  const settings = oauthSettingsOf(client);
  const cleared = { 'Set-Cookie': clearedSessionCookie(state, pool) };
  const logoutUri = request.query.get('logout_uri');
  if (logoutUri !== null) {
    if (!settings.logoutUrls.includes(logoutUri)) return errorRedirect(state, pool, 'logout_mismatch', clientId, request.origin);
    return redirect(logoutUri, cleared);
  }
  const redirectUri = request.query.get('redirect_uri');
  if (redirectUri !== null && request.query.get('response_type') !== null) {
    if (!settings.callbackUrls.includes(redirectUri)) return errorRedirect(state, pool, 'redirect_mismatch', clientId, request.origin);
    return redirect(`${domainBase(state, pool, request.origin)}/login?${request.query.toString()}`, cleared);
  }
  return errorRedirect(state, pool, 'invalid_request', clientId, request.origin);
}

/**
 * The pool's OpenID discovery document, as served at `/<userPoolId>/.well-known/openid-configuration`; the domain
 * endpoints are listed once the pool has a domain.
 */
export function openIdConfiguration(state: ServiceState, userPoolId: string): Record<string, unknown> {
  const pool = poolOf(state, userPoolId);
  const issuer = issuerOf(state, pool.id);
  const base = pool.domain ? domainBase(state, pool) : undefined;
  return {
    ...(base ? { authorization_endpoint: `${base}/oauth2/authorize`, end_session_endpoint: `${base}/logout` } : {}),
    id_token_signing_alg_values_supported: ['RS256'],
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    ...(base ? { revocation_endpoint: `${base}/oauth2/revoke` } : {}),
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    ...(base ? {
      token_endpoint: `${base}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: `${base}/oauth2/userInfo`,
    } : {}),
  };
}
