import { AuthError } from '../machines/auth-error.js';
import { parseOAuthConfig, type OAuthConfig } from '../machines/oauth-config.js';
import { provideRedirectServices } from '../machines/redirect-registry.js';
import { createRedirectServices, oauthMetadataKey } from '../services/oauth-services.js';
import { chooseRedirectUri, logoutUrl } from '../services/oauth-urls.js';
import type { RedirectAdapter } from '../services/redirect-adapter.js';
import { hasPendingRedirect, hasPendingRedirectNow } from '../services/redirect-pending.js';
import { parseRedirectReturn } from '../services/redirect-return.js';
import type { FetchLike } from '../services/token-exchange.js';
import type { AuthActor } from './auth-actor.js';
import type { AuthFeature, FeatureContext } from './auth-feature.js';

/** Redirect sign-in as `createAuth` takes it: `createAuth({ ...config, oauth }, { redirect: oauthRedirect() })`. */
export type OAuthRedirect = AuthFeature<'redirect'>;

export interface OAuthRedirectOptions {
  /** How the user is sent to Cognito and back: `browserRedirect()` in browsers; a native or server app's own. */
  adapter: RedirectAdapter;
  /** How the code is exchanged at `/oauth2/token`; `globalThis.fetch` unless given. */
  fetch?: FetchLike;
}

function configOf(context: FeatureContext): OAuthConfig {
  if (context.oauth === undefined) {
    const message = 'is required by oauthRedirect(): the domain, redirect URLs and scopes of the app client';
    throw new AuthError('ValidationError', `Invalid auth config: oauth ${message}`, { fields: [{ path: 'oauth', message }] });
  }
  return parseOAuthConfig(context.oauth);
}

/**
 * Sign-in through Cognito's managed login and the social providers behind it (SIGN_IN_WITH_REDIRECT), with PKCE.
 * On start, a page Cognito sent the user back to (its URL carries `code` and `state`, or `error`, and this tab
 * started a redirect) completes the sign-in. A SIGN_OUT of a session that came from managed login also visits
 * Cognito's `/logout`, which ends the managed-login session.
 */
export function oauthRedirect(options: OAuthRedirectOptions): OAuthRedirect {
  const { adapter } = options;
  const configs = new WeakMap<AuthActor, OAuthConfig>();
  return {
    feature: 'redirect',
    provide(actor, context) {
      const oauth = configOf(context);
      configs.set(actor, oauth);
      provideRedirectServices(
        actor,
        createRedirectServices({
          oauth,
          adapter,
          storage: context.storage,
          clientId: context.clientId,
          ...(context.clientSecret ? { clientSecret: context.clientSecret } : {}),
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
      );
    },
    start(actor, context) {
      const oauth = configs.get(actor);
      if (!oauth) return () => undefined;
      completeReturnOnStart(actor, adapter, context.clientId);
      return endManagedLoginOnSignOut(actor, adapter, context, oauth);
    },
  };
}

/** A return from Cognito is taken only when this tab started a redirect: every other `?code=` belongs to the app. */
function completeReturnOnStart(actor: AuthActor, adapter: RedirectAdapter, clientId: string): void {
  const url = adapter.currentUrl();
  if (url === undefined || !parseRedirectReturn(url)) return;
  const send = () => actor.send({ type: 'REDIRECT_RETURNED', url });
  const now = hasPendingRedirectNow(adapter.storage, clientId);
  if (now === true) send();
  else if (now === undefined) void hasPendingRedirect(adapter.storage, clientId).then((pending) => pending && send(), () => undefined);
}

/**
 * After SIGN_OUT (signingOut → signedOut), a session from managed login also ends there: Cognito's `/logout`
 * clears its cookie, see https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html.
 */
function endManagedLoginOnSignOut(actor: AuthActor, adapter: RedirectAdapter, context: FeatureContext, oauth: OAuthConfig): () => void {
  let username: string | null = actor.getSnapshot().context.user?.username ?? null;
  let signingOut = false;
  const subscription = actor.subscribe((snapshot) => {
    const wasSigningOut = signingOut;
    signingOut = snapshot.matches('signingOut');
    if (snapshot.context.user) username = snapshot.context.user.username;
    if (!wasSigningOut || !snapshot.matches('signedOut') || !username) return;
    const key = oauthMetadataKey(context.clientId, username);
    void Promise.resolve(context.storage.getItem(key))
      .then(async (metadata) => {
        if (!metadata) return;
        await context.storage.removeItem(key);
        if (!/"oauthSignIn"\s*:\s*true/.test(metadata)) return;
        const logoutUri = chooseRedirectUri(oauth.redirectSignOut, adapter.currentUrl(), 'redirectSignOut');
        await adapter.open(logoutUrl(oauth.domain, context.clientId, logoutUri), 'signOut');
      })
      .catch(() => undefined);
  });
  return () => subscription.unsubscribe();
}
