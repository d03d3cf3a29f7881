import { describe, expect, it } from 'vitest';
import { AuthError } from '../../machines/auth-error.js';
import { sessionStore, type StoredTokens } from '../../services/session-store.js';
import type { TokenStorage } from '../../services/token-storage.js';

const CLIENT = 'client123';
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT}`;
const tokens = (username = 'alice', over: Partial<StoredTokens> = {}): StoredTokens => ({
  username,
  idToken: `id-${username}`,
  accessToken: `access-${username}`,
  refreshToken: `refresh-${username}`,
  clockDrift: 250,
  ...over,
});

/** Like Web Storage: values are stored as strings (`setItem(k, undefined)` stores "undefined"); `fail` decides per write. */
function webStorage(fail: (op: 'set' | 'remove', key: string) => unknown = () => undefined) {
  const items = new Map<string, string>();
  const storage: TokenStorage = {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      const failure = fail('set', key);
      if (failure === 'after') {
        items.set(key, String(value));
        throw new Error('write reported a failure after storing');
      }
      if (failure !== undefined) throw failure;
      items.set(key, String(value));
    },
    removeItem: (key) => {
      const failure = fail('remove', key);
      if (failure !== undefined) throw failure;
      items.delete(key);
    },
  };
  return { storage, items };
}

describe('sessionStore: saving', () => {
  it('writes no refresh token key at all when there is none', async () => {
    const { storage, items } = webStorage();
    const store = sessionStore(storage, CLIENT);
    const { refreshToken: _none, ...withoutRefresh } = tokens();
    await store.save(withoutRefresh);
    expect([...items.keys()].sort()).toEqual(
      [`${PREFIX}.LastAuthUser`, `${PREFIX}.alice.accessToken`, `${PREFIX}.alice.clockDrift`, `${PREFIX}.alice.idToken`].sort(),
    );
    expect(await store.load()).toEqual(withoutRefresh);
  });

  it('a write that fails after storing LastAuthUser still leaves no session', async () => {
    const { storage, items } = webStorage((op, key) => (op === 'set' && key.endsWith('.LastAuthUser') ? 'after' : undefined));
    const store = sessionStore(storage, CLIENT);
    await expect(store.save(tokens())).rejects.toMatchObject({
      name: 'StorageError',
      message: 'Token storage failed: write reported a failure after storing',
    });
    expect(items.size).toBe(0);
    expect(await store.load()).toBeNull();
  });

  it('a failed write for a new user leaves neither user signed in', async () => {
    let failing = false;
    const { storage, items } = webStorage((op, key) =>
      failing && op === 'set' && key.endsWith('.clockDrift') ? new Error('QuotaExceededError: the quota has been exceeded') : undefined,
    );
    const store = sessionStore(storage, CLIENT);
    await store.save(tokens('alice'));
    failing = true;
    const failure = await store.save(tokens('bob')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthError);
    expect(failure).toMatchObject({ name: 'StorageError', message: 'Token storage failed: QuotaExceededError: the quota has been exceeded' });
    expect((failure as AuthError).cause).toBeInstanceOf(Error);
    expect(items.size).toBe(0);
  });

  it('describes a thrown non-Error and keeps it as cause', async () => {
    const { storage } = webStorage((op) => (op === 'set' ? 'disk full' : undefined));
    const failure = (await sessionStore(storage, CLIENT).save(tokens()).catch((error: unknown) => error)) as AuthError;
    expect(failure).toMatchObject({ name: 'StorageError', message: 'Token storage failed: disk full' });
    expect(failure.cause).toBe('disk full');
  });

  it('passes an AuthError from the storage through unchanged', async () => {
    const own = new AuthError('StorageError', 'Keychain is locked');
    const { storage } = webStorage((op) => (op === 'set' ? own : undefined));
    await expect(sessionStore(storage, CLIENT).save(tokens())).rejects.toBe(own);
    const { storage: locked } = webStorage((op) => (op === 'remove' ? own : undefined));
    await expect(sessionStore(locked, CLIENT).clear()).rejects.toBe(own);
  });
});

describe('sessionStore: clearing and loading', () => {
  it('clear wraps a failure with its message', async () => {
    const { storage } = webStorage((op) => (op === 'remove' ? new Error('denied') : undefined));
    const failure = (await sessionStore(storage, CLIENT).clear().catch((error: unknown) => error)) as AuthError;
    expect(failure).toMatchObject({ name: 'StorageError', message: 'Token storage failed: denied' });
    expect(failure.cause).toMatchObject({ message: 'denied' });
  });

  it.each([
    ['missing', undefined, 0],
    ['empty', '', 0],
    ['not a number', 'soon', 0],
    ['negative', '-1500', -1500],
    ['positive', '42', 42],
  ])('reads a %s clockDrift as %s', async (_what, raw, drift) => {
    const { storage } = webStorage();
    storage.setItem(`${PREFIX}.LastAuthUser`, 'alice');
    storage.setItem(`${PREFIX}.alice.idToken`, 'i');
    storage.setItem(`${PREFIX}.alice.accessToken`, 'a');
    if (raw !== undefined) storage.setItem(`${PREFIX}.alice.clockDrift`, raw);
    expect(await sessionStore(storage, CLIENT).load()).toEqual({ username: 'alice', idToken: 'i', accessToken: 'a', clockDrift: drift });
  });
});
