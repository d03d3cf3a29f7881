import type { RedirectAdapter } from '../services/redirect-adapter.js';
import { webStorage } from './web-storage.js';

/** The parts of a browser window a redirect sign-in uses; `window` unless given (a test's fake, an iframe's). */
export interface BrowserWindow {
  location: { href: string; assign(url: string): void };
  history: { replaceState(data: unknown, unused: string, url?: string | URL | null): void };
  sessionStorage: Storage;
}

/**
 * Redirect sign-in in a browser: the page navigates to Cognito's managed login (and unloads), the PKCE verifier
 * and the state wait in sessionStorage (this tab only), and the return URL is tidied with history.replaceState.
 */
export function browserRedirect(win: BrowserWindow = globalThis as unknown as BrowserWindow): RedirectAdapter {
  return {
    currentUrl: () => win.location.href,
    open: (url) => {
      win.location.assign(url);
    },
    replaceUrl: (url) => win.history.replaceState(null, '', url),
    storage: webStorage(win.sessionStorage),
  };
}
