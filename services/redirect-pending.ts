import type { TokenStorage } from './token-storage.js';

/*
 * What waits in the adapter's storage (sessionStorage in a browser) while the user is at Cognito: the in-flight
 * marker, the state and the PKCE verifier under Amplify v6's key names, and the redirect URI the code is bound to.
 * Taken once: read and removed together, before the code is exchanged.
 */

export interface PendingRedirect {
  state: string;
  verifier: string;
  redirectUri: string;
}

const PREFIX = 'CognitoIdentityServiceProvider';
const NAMES = ['inflightOAuth', 'oauthState', 'oauthPKCE', 'oauthRedirectUri'] as const;

const keysOf = (clientId: string) => NAMES.map((name) => `${PREFIX}.${clientId}.${name}`);

const isPending = (value: unknown): value is Promise<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

export async function savePendingRedirect(storage: TokenStorage, clientId: string, pending: PendingRedirect): Promise<void> {
  const [inflight, state, verifier, redirectUri] = keysOf(clientId) as [string, string, string, string];
  await storage.setItem(state, pending.state);
  await storage.setItem(verifier, pending.verifier);
  await storage.setItem(redirectUri, pending.redirectUri);
  // The marker goes last: it is what makes the other keys a redirect in flight.
  await storage.setItem(inflight, 'true');
}

function pendingOf(values: unknown[]): PendingRedirect | null {
  const [inflight, state, verifier, redirectUri] = values;
  if (inflight !== 'true' || typeof state !== 'string' || typeof verifier !== 'string' || typeof redirectUri !== 'string') return null;
  return { state, verifier, redirectUri };
}

/** Whether a redirect sign-in is in flight; undefined when the storage answers only asynchronously. */
export function hasPendingRedirectNow(storage: TokenStorage, clientId: string): boolean | undefined {
  const marker = storage.getItem(keysOf(clientId)[0]!);
  return isPending(marker) ? undefined : marker === 'true';
}

export async function hasPendingRedirect(storage: TokenStorage, clientId: string): Promise<boolean> {
  return (await storage.getItem(keysOf(clientId)[0]!)) === 'true';
}

/**
 * The pending redirect, removed from storage as it is read: with a storage that answers at once (Web Storage),
 * reading and removing happen with nothing in between, so two completions cannot both get it.
 */
export async function takePendingRedirect(storage: TokenStorage, clientId: string): Promise<PendingRedirect | null> {
  const keys = keysOf(clientId);
  const values: unknown[] = keys.map((key) => storage.getItem(key));
  const removals = keys.map((key) => storage.removeItem(key));
  const settled = values.some(isPending) ? await Promise.all(values) : values;
  await Promise.all(removals);
  return pendingOf(settled);
}
