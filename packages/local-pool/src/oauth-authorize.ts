import type { ClientRecord, PoolRecord, UserRecord } from './pool-records.js';
import { epochSeconds, randomCode, deliver, type ServiceState } from './service-state.js';
import { customScopesOf, oauthSettingsOf, OIDC_SCOPES, type OAuthClientSettings } from './oauth-client.js';
import { domainBase, formTokenFor, formTokenValid, html, redirect, withParams, type OAuthRequest, type OAuthResponse } from './oauth-http.js';
import { issueCode, newOpaqueId, oauthStateOf } from './oauth-state.js';
import { renderErrorPage, renderLoginPage, renderMfaPage } from './managed-login-page.js';
import { sessionCookieFor, sessionUserOf } from './managed-login-session.js';
import { issueTokens } from './token-issuer.js';
import { findUser } from './user-directory.js';
import { checkNotLockedOut, rightPassword, wrongPassword } from './password-lockout.js';
import { nextMfaStep } from './mfa-settings.js';
import { totpStep, spendTotpStep } from './totp.js';
import { maskPhone } from './delivery-masking.js';
import { LocalCognitoError } from './local-cognito-error.js';

/** A checked authorize request (https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html). */
export interface AuthorizeRequest {
  pool: PoolRecord;
  client: ClientRecord;
  settings: OAuthClientSettings;
  redirectUri: string;
  responseType: 'code' | 'token';
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  identityProvider?: string;
  prompt?: string;
}

export type Checked = { ok: true; request: AuthorizeRequest } | { ok: false; response: OAuthResponse };

/** The `/error` page, where Cognito sends what it cannot send back to the app. */
export function errorRedirect(state: ServiceState, pool: PoolRecord, error: string, clientId: string, origin?: string): OAuthResponse {
  return redirect(withParams(`${domainBase(state, pool, origin)}/error`, { error, client_id: clientId }));
}

export function errorPage(query: URLSearchParams): OAuthResponse {
  const error = query.get('error') ?? 'unknown_error';
  const words: Record<string, string> = {
    redirect_mismatch: 'The redirect_uri is not one of the app client\u2019s callback URLs (CallbackURLs).',
    logout_mismatch: 'The logout_uri is not one of the app client\u2019s sign-out URLs (LogoutURLs).',
    invalid_client: 'The client_id is not an app client of this user pool.',
  };
  return html(400, renderErrorPage(words[error] ?? error));
}

/**
 * Checks an authorize (or login) query in Cognito's order: an unknown client or an unregistered redirect_uri goes to
 * the error page, never back to the app; every later problem is redirected to the app with `error=`.
 */
export function checkAuthorize(state: ServiceState, pool: PoolRecord, query: URLSearchParams, origin?: string): Checked {
  const clientId = query.get('client_id') ?? '';
  const client = pool.clients.get(clientId);
  if (!client) return { ok: false, response: errorRedirect(state, pool, 'invalid_client', clientId, origin) };
  const settings = oauthSettingsOf(client);
  const redirectUri = query.get('redirect_uri') ?? settings.defaultRedirectUri ?? '';
  if (!settings.callbackUrls.includes(redirectUri)) return { ok: false, response: errorRedirect(state, pool, 'redirect_mismatch', clientId, origin) };
  const appState = query.get('state') ?? undefined;
  const back = (error: string, description?: string): Checked => ({
    ok: false,
    response: redirect(withParams(redirectUri, { error, ...(description ? { error_description: description } : {}), state: appState })),
  });
  if (!settings.enabled) return back('unauthorized_client');
  const responseType = query.get('response_type');
  if (responseType !== 'code' && responseType !== 'token') return back('invalid_request');
  if (!settings.flows.includes(responseType === 'code' ? 'code' : 'implicit')) return back('unauthorized_client');
  const method = query.get('code_challenge_method');
  const challenge = query.get('code_challenge');
  if ((method !== null || challenge !== null) && (method !== 'S256' || !challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge))) {
    return back('invalid_request');
  }
  const known = new Set([...OIDC_SCOPES, ...customScopesOf(pool)]);
  const requested = (query.get('scope') ?? '').split(' ').filter(Boolean);
  if (requested.some((scope) => !known.has(scope))) return back('invalid_scope');
  // Scopes the client does not allow are left out; none asked for means all of the client's.
  let scopes = requested.length ? requested.filter((s) => settings.scopes.includes(s)) : [...settings.scopes];
  if (!scopes.includes('openid')) scopes = scopes.filter((s) => s !== 'email' && s !== 'phone' && s !== 'profile');
  if (scopes.length === 0) return back('invalid_scope');
  const provider = query.get('identity_provider') ?? undefined;
  if (provider !== undefined) {
    const listed = settings.providers.includes(provider);
    const exists = provider === 'COGNITO' || !!pool.identityProviders?.[provider];
    if (!listed || !exists) return back('invalid_request', 'identity_provider is not enabled for the client');
  }
  const nonce = query.get('nonce') ?? undefined;
  const prompt = query.get('prompt') ?? undefined;
  return {
    ok: true,
    request: {
      pool, client, settings, redirectUri, responseType, scopes,
      ...(appState !== undefined ? { state: appState } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
      ...(challenge ? { codeChallenge: challenge } : {}),
      ...(provider !== undefined ? { identityProvider: provider } : {}),
      ...(prompt !== undefined ? { prompt } : {}),
    },
  };
}

/** Back to the app with a code (or, for the implicit flow, tokens in the fragment). */
export async function completeAuthorize(
  state: ServiceState,
  request: AuthorizeRequest,
  user: UserRecord,
  authTime: number,
  headers: Record<string, string> = {},
): Promise<OAuthResponse> {
  const { pool, client, redirectUri, scopes } = request;
  if (request.responseType === 'code') {
    const code = issueCode(state, {
      poolId: pool.id, clientId: client.id, redirectUri, sub: user.sub, scopes, authTime,
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      ...(request.codeChallenge ? { codeChallenge: request.codeChallenge } : {}),
    });
    return redirect(withParams(redirectUri, { code, state: request.state }), headers);
  }
  const result = await issueTokens(state, pool, client, user, {
    source: 'TokenGeneration_HostedAuth',
    oauth: { scopes, authTime, ...(request.nonce !== undefined ? { nonce: request.nonce } : {}) },
  });
  // The implicit flow never hands out a refresh token.
  if (result.RefreshToken) state.refreshTokens.delete(result.RefreshToken);
  return redirect(withParams(redirectUri, {
    access_token: result.AccessToken,
    ...(scopes.includes('openid') ? { id_token: result.IdToken } : {}),
    token_type: 'Bearer',
    expires_in: String(result.ExpiresIn),
    state: request.state,
  }, 'fragment'), headers);
}

/** GET /oauth2/authorize: straight back with a live session, else to the sign-in page or the chosen provider. */
export async function authorize(state: ServiceState, pool: PoolRecord, request: OAuthRequest): Promise<OAuthResponse> {
  const checked = checkAuthorize(state, pool, request.query, request.origin);
  if (!checked.ok) return checked.response;
  const authorizeRequest = checked.request;
  const provider = authorizeRequest.identityProvider;
  const session = sessionUserOf(state, pool, request);
  if (session && authorizeRequest.prompt !== 'login' && (provider === undefined || provider === 'COGNITO' || federatedWith(session.user, provider))) {
    return completeAuthorize(state, authorizeRequest, session.user, session.authTime);
  }
  if (authorizeRequest.prompt === 'none') {
    return redirect(withParams(authorizeRequest.redirectUri, { error: 'login_required', state: authorizeRequest.state }));
  }
  const query = request.query.toString();
  if (provider !== undefined && provider !== 'COGNITO') return redirect(`${domainBase(state, pool, request.origin)}/test-provider?${query}`);
  return redirect(`${domainBase(state, pool, request.origin)}/login?${query}`);
}

function federatedWith(user: UserRecord, provider: string): boolean {
  return (user.attributes.get('identities') ?? '').includes(`"providerName":${JSON.stringify(provider)}`);
}

function loginPage(state: ServiceState, request: OAuthRequest, checked: AuthorizeRequest, error?: string, username?: string): OAuthResponse {
  const { pool, settings } = checked;
  const form = formTokenFor(state, pool, request);
  const query = request.query.toString();
  const base = domainBase(state, pool, request.origin);
  const providers = settings.providers
    .filter((name) => name !== 'COGNITO' && pool.identityProviders?.[name])
    .map((name) => {
      const q = new URLSearchParams(request.query);
      q.set('identity_provider', name);
      return { name, href: `${base}/oauth2/authorize?${q.toString()}` };
    });
  return html(error ? 400 : 200, renderLoginPage({
    action: `${base}/login?${query}`,
    formToken: form.token,
    poolName: pool.name,
    ...(error ? { error } : {}),
    ...(username ? { username } : {}),
    providers,
    passwordForm: settings.providers.includes('COGNITO'),
  }), form.setCookie ? { 'Set-Cookie': form.setCookie } : {}, checked.redirectUri);
}

/** GET and POST /login: the managed-login page for the pool's own users, password then MFA where set. */
export async function login(state: ServiceState, pool: PoolRecord, request: OAuthRequest): Promise<OAuthResponse> {
  const checked = checkAuthorize(state, pool, request.query, request.origin);
  if (!checked.ok) return checked.response;
  const authorizeRequest = checked.request;
  if (request.method !== 'POST') return loginPage(state, request, authorizeRequest);
  if (!formTokenValid(state, pool, request)) return loginPage(state, request, authorizeRequest, 'Your sign-in form expired. Please try again.');
  if (!authorizeRequest.settings.providers.includes('COGNITO')) return loginPage(state, request, authorizeRequest, 'Sign-in with a password is not enabled for this app.');
  const loginSession = request.form.get('login_session');
  if (loginSession) return answerMfa(state, request, authorizeRequest, loginSession);
  const username = request.form.get('username') ?? '';
  const password = request.form.get('password') ?? '';
  const user = findUser(pool, username);
  const refuse = (message: string) => loginPage(state, request, authorizeRequest, message, username);
  // Managed login never tells whether a user exists.
  if (!user || user.status === 'EXTERNAL_PROVIDER') return refuse('Incorrect username or password.');
  try {
    checkNotLockedOut(user, state.clock);
    // Counted towards the lockout as a wrong password on the JSON API is.
    if (user.password !== password) wrongPassword(user, state.clock);
  } catch (error) {
    if (error instanceof LocalCognitoError) return refuse(error.message);
    throw error;
  }
  rightPassword(user);
  if (!user.enabled) return refuse('User is disabled.');
  if (user.status === 'UNCONFIRMED') return refuse('User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') return refuse('Password reset required for the user.');
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    return refuse('This user must set a new password first; the local managed login does not offer that step (use RespondToAuthChallenge).');
  }
  const next = nextMfaStep(pool, user);
  if (next.kind === 'none') return signedIn(state, authorizeRequest, user);
  if (next.kind === 'setup') return refuse('This user must set up MFA first; the local managed login does not offer that step.');
  const chosen = next.kind === 'challenge' ? next.challenge : next.choices.includes('SOFTWARE_TOKEN_MFA') ? 'SOFTWARE_TOKEN_MFA' : 'SMS_MFA';
  if (chosen === 'EMAIL_OTP') return refuse('This user receives MFA codes by email; the local managed login offers SMS and authenticator-app codes only.');
  const challenge = chosen;
  const id = newOpaqueId();
  const lifetime = authorizeRequest.client.authSessionMinutes * 60_000;
  const pending = { poolId: pool.id, clientId: authorizeRequest.client.id, sub: user.sub, challenge, attemptsLeft: 3, expiresAt: state.clock.now() + lifetime } as const;
  if (challenge === 'SMS_MFA') {
    const code = randomCode();
    deliver(state, pool, user, 'SMS', code, 'Authentication', lifetime);
    oauthStateOf(state).pending.set(id, { ...pending, smsCode: code });
  } else {
    oauthStateOf(state).pending.set(id, { ...pending });
  }
  return mfaPage(state, request, authorizeRequest, id, challenge, user);
}

function mfaPage(
  state: ServiceState,
  request: OAuthRequest,
  checked: AuthorizeRequest,
  loginSession: string,
  challenge: 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA',
  user: UserRecord,
  error?: string,
): OAuthResponse {
  const form = formTokenFor(state, checked.pool, request);
  const phone = user.attributes.get('phone_number');
  return html(error ? 400 : 200, renderMfaPage({
    action: `${domainBase(state, checked.pool, request.origin)}/login?${request.query.toString()}`,
    formToken: form.token,
    loginSession,
    challenge,
    ...(phone ? { destination: maskPhone(phone) } : {}),
    ...(error ? { error } : {}),
  }), form.setCookie ? { 'Set-Cookie': form.setCookie } : {}, checked.redirectUri);
}

/** The MFA code of a pending sign-in: checked and the sign-in spent or counted with no `await` in between. */
async function answerMfa(state: ServiceState, request: OAuthRequest, checked: AuthorizeRequest, id: string): Promise<OAuthResponse> {
  const pendingLogins = oauthStateOf(state).pending;
  const pending = pendingLogins.get(id);
  const expired = () => loginPage(state, request, checked, 'Your sign-in session expired. Please sign in again.');
  if (!pending || pending.poolId !== checked.pool.id || pending.clientId !== checked.client.id) return expired();
  if (state.clock.now() >= pending.expiresAt) {
    pendingLogins.delete(id);
    return expired();
  }
  const user = [...checked.pool.users.values()].find((u) => u.sub === pending.sub);
  if (!user || !user.enabled) {
    pendingLogins.delete(id);
    return expired();
  }
  const code = (request.form.get('code') ?? '').trim();
  let right: boolean;
  if (pending.challenge === 'SMS_MFA') {
    right = code === pending.smsCode;
  } else {
    const step = user.totpSecret ? totpStep(user.totpSecret, code, state.clock.now()) : undefined;
    right = false;
    if (step !== undefined) {
      const spent = spendTotpStep(user.totpUsedSteps, step, state.clock.now());
      user.totpUsedSteps = spent.used;
      right = spent.ok;
    }
  }
  if (!right) {
    pending.attemptsLeft -= 1;
    if (pending.attemptsLeft <= 0) {
      pendingLogins.delete(id);
      return loginPage(state, request, checked, 'Too many wrong codes. Please sign in again.');
    }
    return mfaPage(state, request, checked, id, pending.challenge, user, 'Invalid code or auth state for the user.');
  }
  pendingLogins.delete(id);
  return signedIn(state, checked, user);
}

async function signedIn(state: ServiceState, checked: AuthorizeRequest, user: UserRecord): Promise<OAuthResponse> {
  const authTime = epochSeconds(state.clock.now());
  return completeAuthorize(state, checked, user, authTime, { 'Set-Cookie': sessionCookieFor(state, checked.pool, user, authTime) });
}
