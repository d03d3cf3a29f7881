/**
 * cognito-auth-machine/oauth: sign-in through Cognito's managed login and social providers, with PKCE
 * (SIGN_IN_WITH_REDIRECT): `createAuth({ ...config, oauth }, { redirect: oauthRedirect({ adapter: browserRedirect() }) })`.
 * An app that does not import it does not ship it.
 */
export { oauthRedirect, type OAuthRedirect, type OAuthRedirectOptions } from './runtime/oauth-redirect.js';
export { browserRedirect, type BrowserWindow } from './adapters/browser-redirect.js';
export type { RedirectAdapter } from './services/redirect-adapter.js';
export type { OAuthConfig } from './machines/oauth-config.js';
export type { FetchLike } from './services/token-exchange.js';
