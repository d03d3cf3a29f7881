import type { RefreshLock } from '../services/auth-services.js';
import { loadStoredSession } from '../services/restore-session.js';
import { sessionStore } from '../services/session-store.js';
import type { TokenStorage } from '../services/token-storage.js';
import { webStorageArea } from '../adapters/web-storage.js';
import type { AuthActor } from './auth-actor.js';
import type { AuthFeature } from './auth-feature.js';
import { sendInternal } from './event-gate.js';

export interface TabSyncOptions {
  /** The token storage all tabs share (webStorage(localStorage)). */
  storage: TokenStorage;
  userPoolId: string;
  clientId: string;
  /** The Web Storage area behind `storage`: its `storage` events announce other tabs' writes. */
  area?: Storage;
}

/** Other tabs' writes arrive as several events (one per key): read once they have settled. */
const SETTLE_MS = 30;
/** An empty storage is read twice before signing this tab out, so that a write in progress is not taken for a sign-out. */
const CONFIRM_SIGN_OUT_MS = 150;

function channelName(clientId: string): string {
  return `cognito-auth-machine.${clientId}`;
}

/**
 * One refresh at a time across the tabs of an origin, under a Web Lock named for the app client; undefined
 * where the Web Locks API is missing (older browsers, Node), and refreshes then go unlocked.
 */
export function webRefreshLock(clientId: string): RefreshLock | undefined {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks || typeof locks.request !== 'function') return undefined;
  const name = `${channelName(clientId)}.refresh`;
  return async <T>(task: (waited: boolean) => Promise<T>): Promise<T> => {
    // Try without queueing first, so the task learns whether another tab held the lock before it.
    const first = (await locks.request(name, { ifAvailable: true }, async (lock) =>
      lock ? { value: await task(false) } : null,
    )) as { value: T } | null;
    if (first) return first.value;
    return (await locks.request(name, () => task(true))) as T;
  };
}

/**
 * Keeps this tab's auth actor in step with the others of its origin. Storage is the truth: on a sign-in,
 * refresh or sign-out elsewhere (heard as `storage` events and BroadcastChannel messages, whichever comes
 * first) this tab reads what storage now holds and hands it to the machine as SESSION_CHANGED_ELSEWHERE; the
 * machine decides what it means in its state. Returns a function that stops listening (also done when the
 * actor stops).
 */
export function startTabSync(auth: AuthActor, options: TabSyncOptions): () => void {
  const { userPoolId, clientId, area } = options;
  const store = sessionStore(options.storage, clientId);
  const keyPrefix = `CognitoIdentityServiceProvider.${clientId}.`;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName(clientId)) : undefined;
  const events = typeof globalThis.addEventListener === 'function' ? globalThis : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let adopting = false;
  let stopped = false;

  function schedule(delay = SETTLE_MS, confirmingSignOut = false): void {
    if (stopped) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void reconcile(confirmingSignOut);
    }, delay);
  }

  async function reconcile(confirmingSignOut: boolean): Promise<void> {
    const session = await loadStoredSession(store, userPoolId, clientId);
    if (stopped) return;
    const snapshot = auth.getSnapshot();
    if (snapshot.status !== 'active') return stop();
    // Work under way in this tab (signing in, restoring, signing out) decides first; look again after it.
    if (snapshot.hasTag('busy') && !snapshot.matches({ signedIn: 'refreshing' })) return schedule();
    if (!session && snapshot.matches('signedIn') && !confirmingSignOut) return schedule(CONFIRM_SIGN_OUT_MS, true);
    adopting = true;
    try {
      sendInternal(auth, { type: 'SESSION_CHANGED_ELSEWHERE', session });
    } finally {
      adopting = false;
    }
  }

  const onStorage = (event: Event) => {
    const { key, storageArea } = event as StorageEvent;
    if (area && storageArea !== area) return;
    if (key === null || key.startsWith(keyPrefix)) schedule();
  };
  const onMessage = () => schedule();
  events?.addEventListener('storage', onStorage);
  channel?.addEventListener('message', onMessage);

  // Tell the other tabs when this one changed the session; not when it only took another tab's change.
  const announce = () => {
    if (!adopting) channel?.postMessage('session-changed');
  };
  const listeners = (['signIn', 'tokenRefresh', 'signOut'] as const).map((type) => auth.on(type, announce));
  const subscription = auth.subscribe({ complete: () => stop(), error: () => stop() });

  function stop(): void {
    if (stopped) return;
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    events?.removeEventListener('storage', onStorage);
    channel?.removeEventListener('message', onMessage);
    channel?.close();
    for (const listener of listeners) listener.unsubscribe();
    subscription.unsubscribe();
  }
  return stop;
}

/** Tab sync as `createAuth` takes it: `createAuth(config, { tabSync: tabSync() })`. */
export type TabSync = AuthFeature<'tabSync'>;

/**
 * Keeps the tabs of a browser origin in step: one refresh at a time (Web Locks), and a sign-in, refresh or
 * sign-out in one tab taken up by the others. For tokens in storage the tabs share, `webStorage(localStorage)`.
 */
export function tabSync(): TabSync {
  return {
    feature: 'tabSync',
    refreshLock: ({ clientId }) => webRefreshLock(clientId),
    start(actor, { storage, userPoolId, clientId }) {
      const area = webStorageArea(storage);
      return startTabSync(actor, { storage, userPoolId, clientId, ...(area ? { area } : {}) });
    },
  };
}
