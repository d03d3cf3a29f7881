import { AuthError } from '../machines/auth-error.js';

/*
 * The URLs of Cognito's managed login: https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html,
 * https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html and
 * https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html.
 */

/** `auth.example.com` → `https://auth.example.com`; a URL with scheme and path is kept (without a trailing slash). */
export function oauthBase(domain: string): string {
  return /^https?:\/\//i.test(domain) ? domain.replace(/\/+$/, '') : `https://${domain}`;
}

/** The social providers as Amplify names them, and Cognito's names for them; any other name is the pool's own. */
const PROVIDER_NAMES: Record<string, string> = {
  Google: 'Google',
  Facebook: 'Facebook',
  Amazon: 'LoginWithAmazon',
  Apple: 'SignInWithApple',
};

/** `identity_provider` for a provider: COGNITO (the managed login page) when none is named. */
export function identityProviderOf(provider: string | undefined): string {
  return provider === undefined ? 'COGNITO' : (PROVIDER_NAMES[provider] ?? provider);
}

export interface AuthorizeRequest {
  domain: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  codeChallenge: string;
  provider?: string;
  loginHint?: string;
}

/** `/oauth2/authorize`, its parameters in the order Amplify v6 sends them; scopes joined by spaces (form-encoded as +). */
export function authorizeUrl(request: AuthorizeRequest): string {
  const params = new URLSearchParams();
  params.set('redirect_uri', request.redirectUri);
  params.set('response_type', 'code');
  params.set('client_id', request.clientId);
  params.set('identity_provider', identityProviderOf(request.provider));
  if (request.scopes.length) params.set('scope', request.scopes.join(' '));
  if (request.loginHint !== undefined) params.set('login_hint', request.loginHint);
  params.set('state', request.state);
  params.set('code_challenge', request.codeChallenge);
  params.set('code_challenge_method', 'S256');
  return `${oauthBase(request.domain)}/oauth2/authorize?${params.toString()}`;
}

export function tokenEndpoint(domain: string): string {
  return `${oauthBase(domain)}/oauth2/token`;
}

/** `/logout`, which ends the managed-login session (its cookie) and sends the user to `logoutUri`. */
export function logoutUrl(domain: string, clientId: string, logoutUri: string): string {
  return `${oauthBase(domain)}/logout?client_id=${encodeURIComponent(clientId)}&logout_uri=${encodeURIComponent(logoutUri)}`;
}

/**
 * Which of the configured URLs to use, as Amplify v6 picks it: the first that starts with the current page's origin
 * and path, else the first on the current host. Without a current page (a native or server app), the first that
 * is not http(s) (the app's own scheme), else the first.
 */
export function chooseRedirectUri(uris: readonly string[], currentUrl: string | undefined, field: 'redirectSignIn' | 'redirectSignOut'): string {
  if (currentUrl === undefined) return uris.find((uri) => !/^https?:/i.test(uri)) ?? uris[0]!;
  let page: URL;
  try {
    page = new URL(currentUrl);
  } catch {
    page = new URL('invalid:');
  }
  const chosen =
    uris.find((uri) => uri.startsWith(page.origin + page.pathname)) ?? (page.hostname ? uris.find((uri) => uri.includes(page.hostname)) : undefined);
  if (chosen === undefined) {
    const message = `lists no URL for this page (${page.origin}${page.pathname}): add one that starts with it, or one on ${page.hostname || 'its host'}`;
    throw new AuthError('ValidationError', `Invalid auth config: oauth.${field} ${message}`, {
      fields: [{ path: `oauth.${field}`, message }],
    });
  }
  return chosen;
}
