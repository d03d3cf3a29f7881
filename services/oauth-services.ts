import { AuthError } from '../machines/auth-error.js';
import type { OAuthConfig } from '../machines/oauth-config.js';
import type { RedirectReturnRequest, RedirectServices, RedirectSignIn, RedirectSignInRequest, RedirectStarted } from '../machines/redirect-contracts.js';
import { Secret } from '../machines/secret.js';
import { createOAuthState, customStateOf } from './oauth-state.js';
import { authorizeUrl, chooseRedirectUri } from './oauth-urls.js';
import { codeChallengeOf, createCodeVerifier } from './pkce.js';
import type { RedirectAdapter } from './redirect-adapter.js';
import { savePendingRedirect, takePendingRedirect } from './redirect-pending.js';
import { codeOfReturn, parseRedirectReturn } from './redirect-return.js';
import { sessionStore } from './session-store.js';
import { exchangeCode, type FetchLike } from './token-exchange.js';
import { tokensFromResult, userFromIdToken } from './token-claims.js';
import type { TokenStorage } from './token-storage.js';

export interface RedirectServicesOptions {
  oauth: OAuthConfig;
  adapter: RedirectAdapter;
  /** The token storage of the config: tokens from the redirect are kept where every other sign-in keeps them. */
  storage: TokenStorage;
  clientId: string;
  clientSecret?: string;
  fetch?: FetchLike;
  now?: () => number;
}

/** Marks the session as one from managed login (Amplify v6's key), so that signing out also ends that login. */
export function oauthMetadataKey(clientId: string, username: string): string {
  return `CognitoIdentityServiceProvider.${clientId}.${username}.oauthMetadata`;
}

/** The OAuth parameters Cognito added to the return URL, removed. */
export function withoutOAuthParams(url: string): string {
  try {
    const parsed = new URL(url);
    for (const name of ['code', 'state', 'error', 'error_description']) parsed.searchParams.delete(name);
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

class OAuthRedirectServices implements RedirectServices {
  constructor(private readonly options: RedirectServicesOptions) {}

  async beginRedirect(input: RedirectSignInRequest): Promise<RedirectStarted> {
    const { oauth, adapter, clientId } = this.options;
    const redirectUri = chooseRedirectUri(oauth.redirectSignIn, adapter.currentUrl(), 'redirectSignIn');
    const verifier = createCodeVerifier();
    const state = createOAuthState(input.customState);
    const codeChallenge = await codeChallengeOf(verifier);
    await savePendingRedirect(adapter.storage, clientId, { state, verifier, redirectUri });
    const url = authorizeUrl({
      domain: oauth.domain,
      clientId,
      redirectUri,
      scopes: oauth.scopes,
      state,
      codeChallenge,
      ...(input.provider !== undefined ? { provider: input.provider } : {}),
      ...(input.loginHint !== undefined ? { loginHint: input.loginHint } : {}),
    });
    const returned = await adapter.open(url, 'signIn');
    return typeof returned === 'string' && returned ? { returnUrl: new Secret(returned) } : {};
  }

  async completeRedirect(input: RedirectReturnRequest, signal: AbortSignal): Promise<RedirectSignIn> {
    const { oauth, adapter, clientId } = this.options;
    const url = input.url.reveal();
    // Spent before anything else: a second completion, or a replayed return URL, finds nothing.
    const pending = await takePendingRedirect(adapter.storage, clientId);
    try {
      if (!pending) throw new AuthError('StateMismatch', 'No redirect sign-in is in flight here: it was not started here, or has already ended');
      const answer = parseRedirectReturn(url);
      if (!answer) throw new AuthError('invalid_request', 'The return URL carries neither a code nor an error');
      const code = codeOfReturn(answer, pending.state);
      const result = await exchangeCode(
        {
          domain: oauth.domain,
          clientId,
          ...(this.options.clientSecret ? { clientSecret: this.options.clientSecret } : {}),
          code,
          redirectUri: pending.redirectUri,
          codeVerifier: pending.verifier,
        },
        signal,
        this.options.fetch,
      );
      const tokens = tokensFromResult(result, this.options.now?.() ?? Date.now());
      const user = userFromIdToken(tokens.idToken);
      if (signal.aborted) throw new AuthError('AbortError', 'The request was cancelled');
      await sessionStore(this.options.storage, clientId).save({
        username: user.username,
        idToken: tokens.idToken,
        accessToken: tokens.accessToken,
        ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
        clockDrift: tokens.clockDrift,
      });
      await this.options.storage.setItem(oauthMetadataKey(clientId, user.username), '{"oauthSignIn":true}');
      const customState = customStateOf(pending.state);
      return { session: { user, tokens }, ...(customState !== undefined ? { customState } : {}) };
    } finally {
      // The code is spent either way: the address bar should not offer it again (a reload would replay it).
      const current = adapter.currentUrl();
      if (adapter.replaceUrl && current !== undefined && parseRedirectReturn(current)) adapter.replaceUrl(withoutOAuthParams(current));
    }
  }
}

export function createRedirectServices(options: RedirectServicesOptions): RedirectServices {
  return new OAuthRedirectServices(options);
}
