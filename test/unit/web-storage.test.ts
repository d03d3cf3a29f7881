import { describe, expect, it } from 'vitest';
import { AuthError } from '../../machines/auth-error.js';
import { webStorage } from '../../adapters/web-storage.js';

/** The slice of the DOM `Storage` interface that webStorage uses, backed by a Map. */
function fakeStorage(options: { failWith?: unknown } = {}): Storage {
  const entries = new Map<string, string>();
  const fail = (): void => {
    if (options.failWith !== undefined) throw options.failWith;
  };
  return {
    get length() {
      return entries.size;
    },
    clear: () => entries.clear(),
    key: (index: number) => [...entries.keys()][index] ?? null,
    getItem: (key: string) => {
      fail();
      return entries.get(key) ?? null;
    },
    setItem: (key: string, value: string) => {
      fail();
      entries.set(key, String(value));
    },
    removeItem: (key: string) => {
      fail();
      entries.delete(key);
    },
  };
}

function quotaError(): Error {
  const error = new Error("Failed to execute 'setItem' on 'Storage': Setting the value of 'k' exceeded the quota.");
  error.name = 'QuotaExceededError';
  return error;
}

describe('webStorage', () => {
  it('reads, writes and removes through the wrapped storage', () => {
    const backing = fakeStorage();
    const storage = webStorage(backing);
    expect(storage.getItem('k')).toBeNull();
    storage.setItem('k', 'v');
    expect(backing.getItem('k')).toBe('v');
    expect(storage.getItem('k')).toBe('v');
    storage.removeItem('k');
    expect(backing.getItem('k')).toBeNull();
  });

  it('turns a throwing setItem (quota, private mode) into a StorageError', () => {
    const cause = quotaError();
    const storage = webStorage(fakeStorage({ failWith: cause }));
    let caught: unknown;
    try {
      storage.setItem('auth.tokens', 'eyJ-secret-token');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AuthError);
    const error = caught as AuthError;
    expect(error.name).toBe('StorageError');
    expect(error.retryable).toBe(false);
    expect(error.cause).toBe(cause);
    expect(error.message).toContain('auth.tokens');
    expect(error.message).toContain('QuotaExceededError');
    expect(error.message).not.toContain('eyJ-secret-token');
  });

  it('reports failing reads and removals as StorageError too', () => {
    const denied = new Error('The operation is insecure.');
    denied.name = 'SecurityError';
    const storage = webStorage(fakeStorage({ failWith: denied }));
    expect(() => storage.getItem('k')).toThrow(AuthError);
    expect(() => storage.removeItem('k')).toThrowError(expect.objectContaining({ name: 'StorageError' }));
  });

  it('copes with a non-Error thrown value', () => {
    const storage = webStorage(fakeStorage({ failWith: 'nope' }));
    expect(() => storage.setItem('k', 'v')).toThrowError(expect.objectContaining({ name: 'StorageError' }));
  });
});
