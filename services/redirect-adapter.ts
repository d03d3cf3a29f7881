import type { TokenStorage } from './token-storage.js';

/**
 * What a redirect sign-in needs of the platform. In a browser, `browserRedirect()` (cognito-auth-machine/oauth)
 * navigates; a React Native or server app gives its own, which opens the URL its way.
 */
export interface RedirectAdapter {
  /** The URL the app was opened at (`location.href` in a browser); undefined where there is none (native, server). */
  currentUrl(): string | undefined;
  /**
   * Sends the user to Cognito (`purpose` says whether to sign in or out). A browser navigates and the page unloads.
   * A native auth session may resolve with the URL it came back to; otherwise the app passes that URL later in
   * `REDIRECT_RETURNED`.
   */
  open(url: string, purpose: 'signIn' | 'signOut'): void | string | undefined | Promise<void | string | undefined>;
  /** Shows `url` instead of the return URL once its code has been read (`history.replaceState`). */
  replaceUrl?(url: string): void;
  /** Where the PKCE verifier and the state wait for the return: `sessionStorage` in a browser. */
  storage: TokenStorage;
}
