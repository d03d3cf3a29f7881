import type { TokenStorage } from '../services/token-storage.js';
import { authSnapshot, restorableSnapshot, type AuthSnapshotData } from './auth-snapshot.js';
import type { AuthActor } from './auth-actor.js';
import type { AuthFeature } from './auth-feature.js';

/** Where the resumable snapshot of an app client's auth actor is kept in the persistence storage. */
export function authSnapshotKey(clientId: string): string {
  return `cognito-auth-machine.${clientId}.snapshot`;
}

function parse(text: string | null | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * What a synchronous storage (web storage, memory) holds, read at once so that `createAuth` can start in the
 * resumed state; `undefined` when the storage answers asynchronously (use `loadAuthSnapshot` then).
 */
export function readAuthSnapshotNow(storage: TokenStorage, clientId: string): unknown {
  try {
    const text = storage.getItem(authSnapshotKey(clientId));
    if (text instanceof Promise) {
      text.catch(() => undefined);
      return undefined;
    }
    return parse(text);
  } catch {
    return null;
  }
}

/** The stored snapshot from any storage, sync or async, for `createAuth(config, { snapshot })`; never throws. */
export async function loadAuthSnapshot(storage: TokenStorage, clientId: string): Promise<AuthSnapshotData | null> {
  try {
    return parse(await storage.getItem(authSnapshotKey(clientId))) as AuthSnapshotData | null;
  } catch {
    return null;
  }
}

/**
 * Keeps `authSnapshot(auth)` in `storage` as the actor moves: written in states without the `busy` tag only,
 * removed when there is nothing to resume. Storage failures are ignored: losing a resume point costs a
 * sign-in, never the session. Returns a function that stops it.
 */
export function persistAuthSnapshots(auth: AuthActor, storage: TokenStorage, clientId: string): () => void {
  const key = authSnapshotKey(clientId);
  let written: string | null | undefined;
  const write = () => {
    if (auth.getSnapshot().hasTag('busy')) return;
    const data = authSnapshot(auth);
    const text = data ? JSON.stringify(data) : null;
    if (text === written) return;
    written = text;
    Promise.resolve()
      .then(() => (text ? storage.setItem(key, text) : storage.removeItem(key)))
      .catch(() => undefined);
  };
  write();
  const subscription = auth.subscribe({ next: write, error: () => undefined });
  return () => subscription.unsubscribe();
}

/** Snapshot persistence as `createAuth` takes it: `createAuth(config, { persistence: snapshotPersistence(storage) })`. */
export type SnapshotPersistence = AuthFeature<'persistence'>;

/**
 * Keeps the resumable snapshot in `storage` (e.g. `webStorage(sessionStorage)`) and resumes from it when the actor
 * is created, so that a reload in the middle of a challenge, a sign-up confirmation or a password reset continues
 * there. Synchronous storages are read at once; for an asynchronous one pass `snapshot: await loadAuthSnapshot(...)` too.
 */
export function snapshotPersistence(storage: TokenStorage): SnapshotPersistence {
  return {
    feature: 'persistence',
    resumePoint: ({ clientId }) => readAuthSnapshotNow(storage, clientId),
    restore: restorableSnapshot,
    start: (actor, { clientId }) => persistAuthSnapshots(actor, storage, clientId),
  };
}

/** Resuming without a storage, as `createAuth` takes it: `createAuth(config, { snapshot, resume: snapshotResume() })`. */
export type SnapshotResume = AuthFeature<'resume'>;

/**
 * Lets `createAuth(config, { snapshot })` resume from an `authSnapshot(auth)` the app kept itself (a server, a
 * native store): the snapshot is checked field by field and one that cannot be used is ignored. Not needed beside
 * `snapshotPersistence`, which resumes too.
 */
export function snapshotResume(): SnapshotResume {
  return { feature: 'resume', restore: restorableSnapshot };
}
