import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../adapters/memory-storage.js';
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
  clockDrift: -1234,
  ...over,
});

/** Web Storage shaped, but async like React Native's AsyncStorage. */
function asyncStorage(): TokenStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: async (key) => items.get(key) ?? null,
    setItem: async (key, value) => void items.set(key, value),
    removeItem: async (key) => void items.delete(key),
  };
}

describe('sessionStore', () => {
  it('saves under Amplify v6 keys and loads back', async () => {
    const storage = memoryStorage();
    const store = sessionStore(storage, CLIENT);
    await store.save(tokens());
    expect(storage.snapshot()).toEqual({
      [`${PREFIX}.LastAuthUser`]: 'alice',
      [`${PREFIX}.alice.idToken`]: 'id-alice',
      [`${PREFIX}.alice.accessToken`]: 'access-alice',
      [`${PREFIX}.alice.refreshToken`]: 'refresh-alice',
      [`${PREFIX}.alice.clockDrift`]: '-1234',
    });
    expect(await store.load()).toEqual(tokens());
  });

  it('works over an async storage', async () => {
    const storage = asyncStorage();
    const store = sessionStore(storage, CLIENT);
    await store.save(tokens());
    expect(await store.load()).toEqual(tokens());
    await store.clear();
    expect(storage.items.size).toBe(0);
  });

  it('load is null on an empty storage or when a token is missing', async () => {
    const storage = memoryStorage();
    const store = sessionStore(storage, CLIENT);
    expect(await store.load()).toBeNull();
    await store.save(tokens());
    storage.removeItem(`${PREFIX}.alice.accessToken`);
    expect(await store.load()).toBeNull();
  });

  it('load reads a missing refresh token as absent and a bad clockDrift as 0', async () => {
    const storage = memoryStorage({
      [`${PREFIX}.LastAuthUser`]: 'alice',
      [`${PREFIX}.alice.idToken`]: 'i',
      [`${PREFIX}.alice.accessToken`]: 'a',
      [`${PREFIX}.alice.clockDrift`]: 'soon',
    });
    expect(await sessionStore(storage, CLIENT).load()).toEqual({ username: 'alice', idToken: 'i', accessToken: 'a', clockDrift: 0 });
  });

  it('saving another user removes the previous user’s keys', async () => {
    const storage = memoryStorage();
    const store = sessionStore(storage, CLIENT);
    await store.save(tokens('alice'));
    await store.save(tokens('bob'));
    expect(Object.keys(storage.snapshot()).filter((k) => k.includes('.alice.'))).toEqual([]);
    expect(await store.load()).toEqual(tokens('bob'));
  });

  it('saving without a refresh token removes the old one', async () => {
    const storage = memoryStorage();
    const store = sessionStore(storage, CLIENT);
    await store.save(tokens());
    const { refreshToken: _dropped, ...withoutRefresh } = tokens();
    await store.save(withoutRefresh);
    expect(storage.snapshot()[`${PREFIX}.alice.refreshToken`]).toBeUndefined();
    expect(await store.load()).toEqual(withoutRefresh);
  });

  it('a failed write leaves no session behind and throws a StorageError', async () => {
    const storage = memoryStorage();
    const store = sessionStore(storage, CLIENT);
    await store.save(tokens());
    const setItem = storage.setItem;
    storage.setItem = (key, value) => {
      if (key.endsWith('.accessToken')) throw new Error('QuotaExceededError');
      setItem(key, value);
    };
    const failure = await store.save(tokens('alice', { idToken: 'id-2', accessToken: 'access-2' })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).name).toBe('StorageError');
    expect(await store.load()).toBeNull();
    expect(storage.snapshot()).toEqual({});
  });

  it('clear removes this client’s session and nothing else', async () => {
    const other = { 'CognitoIdentityServiceProvider.otherclient.LastAuthUser': 'bob', unrelated: 'x' };
    const storage = memoryStorage(other);
    const store = sessionStore(storage, CLIENT);
    await store.save(tokens());
    await store.clear();
    expect(storage.snapshot()).toEqual(other);
    await store.clear();
    expect(storage.snapshot()).toEqual(other);
  });

  it('clear reports a storage failure as a StorageError', async () => {
    const storage = memoryStorage();
    storage.removeItem = () => {
      throw new Error('denied');
    };
    await expect(sessionStore(storage, CLIENT).clear()).rejects.toMatchObject({ name: 'StorageError' });
  });

  it('two clients in one storage keep separate sessions', async () => {
    const storage = memoryStorage();
    await sessionStore(storage, 'clientA').save(tokens('alice'));
    await sessionStore(storage, 'clientB').save(tokens('bob'));
    expect((await sessionStore(storage, 'clientA').load())?.username).toBe('alice');
    expect((await sessionStore(storage, 'clientB').load())?.username).toBe('bob');
  });
});
