import { AuthError } from '../machines/auth-error.js';
import type { TokenStorage } from '../services/token-storage.js';

/**
 * Token storage over `localStorage` or `sessionStorage`. Browsers throw from these calls (quota exceeded, Safari
 * private mode, storage disabled by policy); such a failure becomes an `AuthError` named `StorageError` so the
 * machine reports it like any other error. Its message names the key, never the value: values are tokens.
 */
export function webStorage(storage: Storage): TokenStorage {
  const tokenStorage: TokenStorage = {
    getItem: (key) => guarded('read', key, () => storage.getItem(key)),
    setItem: (key, value) => guarded('write', key, () => storage.setItem(key, value)),
    removeItem: (key) => guarded('remove', key, () => storage.removeItem(key)),
  };
  areas.set(tokenStorage, storage);
  return tokenStorage;
}

const areas = new WeakMap<TokenStorage, Storage>();

/** The Web Storage behind a `webStorage(...)` token storage: `createAuth` keeps tabs in step over localStorage. */
export function webStorageArea(storage: TokenStorage): Storage | undefined {
  return areas.get(storage);
}

function guarded<T>(action: string, key: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    // Only the error's name (`QuotaExceededError`, `SecurityError`): a message could quote what was written.
    const reason = error instanceof Error ? error.name : typeof error;
    throw new AuthError('StorageError', `Could not ${action} "${key}" in web storage (${reason})`, { cause: error });
  }
}
