import type { Secret } from './secret.js';
import type { SignedInSession } from './service-contracts.js';

/*
 * What the redirect sign-in's invoked actors take and give back. `cognito-auth-machine/oauth` provides them
 * (services/oauth-services.ts); an actor without them refuses SIGN_IN_WITH_REDIRECT. The URL Cognito sends the
 * user back to carries the authorization code, so it travels as a Secret.
 */

export interface RedirectSignInRequest {
  /** `Google`, `Facebook`, `Amazon`, `Apple`, or the pool's own provider name; the managed login page when absent. */
  provider?: string;
  /** Text the app gets back, in `customOAuthState`, once the user is signed in. */
  customState?: string;
  /** Pre-fills the username on the managed login page, or is passed on to the provider. */
  loginHint?: string;
}

export interface RedirectStarted {
  /** The URL the user came back to, when the app's adapter waits for it (a native auth session). */
  returnUrl?: Secret;
}

export interface RedirectReturnRequest {
  url: Secret;
}

export interface RedirectSignIn {
  session: SignedInSession;
  /** The custom state SIGN_IN_WITH_REDIRECT carried, as it was given. */
  customState?: string;
}

export interface RedirectServices {
  /** Keeps the PKCE verifier and the state for the return, then sends the user to `/oauth2/authorize`. */
  beginRedirect(input: RedirectSignInRequest, signal: AbortSignal): Promise<RedirectStarted>;
  /** Checks the return against what was kept (spent once), exchanges the code at `/oauth2/token` and stores the tokens. */
  completeRedirect(input: RedirectReturnRequest, signal: AbortSignal): Promise<RedirectSignIn>;
}
