import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { networkFailure, refreshedTokens, startAuth, stopAll, storageWithSession, type MemoryStorage } from '../support/auth-harness.js';

afterEach(() => {
  stopAll();
  vi.useRealTimers();
});

const KEY = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
const HOUR = 3600 * 1000;

function withKey(storage: MemoryStorage, name: string, value: string): MemoryStorage {
  storage.setItem(`${KEY}.alice.${name}`, value);
  return storage;
}

describe('restore on start', () => {
  it('valid stored tokens → signedIn without any call and without events', async () => {
    const tokens = fakeTokens({ attributes: { email: 'alice@example.com' } });
    const storage = await storageWithSession(tokens);
    const h = await startAuth({ storage });
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.transport.calls).toHaveLength(0);
    expect(h.context().user).toMatchObject({ username: 'alice', attributes: { email: 'alice@example.com' } });
    expect(h.context().tokens).toMatchObject({ accessToken: tokens.AccessToken, refreshToken: tokens.RefreshToken });
    expect(h.events).toEqual([]);
    expect(storage.snapshot()[`${KEY}.LastAuthUser`]).toBe('alice');
  });

  it('stored under Amplify v6 keys', async () => {
    const storage = await storageWithSession(fakeTokens());
    expect(Object.keys(storage.snapshot()).sort()).toEqual(
      [`${KEY}.LastAuthUser`, `${KEY}.alice.accessToken`, `${KEY}.alice.clockDrift`, `${KEY}.alice.idToken`, `${KEY}.alice.refreshToken`].sort(),
    );
  });

  it('an expired access token → one refresh, then signedIn with the new tokens stored', async () => {
    const old = fakeTokens({ issuedAt: Date.now() - 2 * HOUR });
    const fresh = refreshedTokens();
    const storage = await storageWithSession(old);
    const h = await startAuth({ storage, script: { InitiateAuth: [{ AuthenticationResult: fresh }] } });
    expect(h.transport.calls).toEqual([
      { op: 'InitiateAuth', input: { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: CLIENT_ID, AuthParameters: { REFRESH_TOKEN: old.RefreshToken } } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.context().tokens).toMatchObject({ accessToken: fresh.AccessToken, refreshToken: old.RefreshToken });
    expect(storage.snapshot()[`${KEY}.alice.accessToken`]).toBe(fresh.AccessToken);
    expect(storage.snapshot()[`${KEY}.alice.refreshToken`]).toBe(old.RefreshToken);
  });

  it('expired + NotAuthorizedException on refresh → signedOut and storage cleared', async () => {
    const storage = await storageWithSession(fakeTokens({ issuedAt: Date.now() - 2 * HOUR }));
    const h = await startAuth({ storage, script: { InitiateAuth: [cognitoError('NotAuthorizedException', 'Refresh Token has expired')] } });
    expect(h.value()).toBe('signedOut');
    expect(storage.snapshot()).toEqual({});
    expect(h.events).toEqual([]);
  });

  it('expired + NetworkError on refresh → stays signed in with the stored session, storage kept', async () => {
    vi.useFakeTimers();
    const old = fakeTokens({ issuedAt: Date.now() - 2 * HOUR });
    const storage = await storageWithSession(old);
    const before = storage.snapshot();
    const h = await startAuth({ storage, script: { InitiateAuth: [networkFailure(), networkFailure()] } });
    expect(h.ops()).toEqual(['InitiateAuth']);
    expect(h.snapshot().matches('signedIn')).toBe(true);
    expect(h.context().user?.username).toBe('alice');
    expect(h.context().tokens?.accessToken).toBe(old.AccessToken);
    expect(storage.snapshot()).toEqual(before);
    // The signed-in state owns the retries: the access token is past due, so the first comes at once, then backoff.
    await vi.advanceTimersByTimeAsync(0);
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'InitiateAuth']);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.errorName()).toBe('NetworkError');
    expect(h.context().refreshFailures).toBe(1);
    expect(h.types()).toEqual(['tokenRefresh_failure']);
    expect(storage.snapshot()).toEqual(before);
  });

  it('judges expiry on the server clock: the stored clock drift decides whether to refresh', async () => {
    const MINUTE = 60 * 1000;
    // By this device's clock the one-hour token was issued 75 minutes ago; its server runs 25 minutes behind
    // (drift = server − device), so for the server it was issued 50 minutes ago and has 10 minutes left.
    const tokens = fakeTokens({ issuedAt: Date.now() - 75 * MINUTE });
    const behind = await startAuth({ storage: await storageWithSession(tokens, 'alice', -25 * MINUTE) });
    expect(behind.value()).toEqual({ signedIn: 'idle' });
    expect(behind.transport.calls).toHaveLength(0);
    expect(behind.context().tokens?.clockDrift).toBe(-25 * MINUTE);

    // The same tokens from a server in step with this device expired 15 minutes ago.
    const inStep = await startAuth({
      storage: await storageWithSession(tokens, 'alice', 0),
      script: { InitiateAuth: [{ AuthenticationResult: refreshedTokens() }] },
    });
    expect(inStep.ops()).toEqual(['InitiateAuth']);
    expect(inStep.value()).toEqual({ signedIn: 'idle' });
  });

  const discarded: [string, () => Promise<MemoryStorage>][] = [
    ['tokens of another app client', () => storageWithSession(fakeTokens({ clientId: 'someotherclient123456789' }))],
    ['tokens of another user pool', () => storageWithSession(fakeTokens({ issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_OtherPool' }))],
    [
      'an access token stored as the ID token (wrong token_use)',
      async () => {
        const t = fakeTokens();
        return storageWithSession({ ...t, IdToken: t.AccessToken, AccessToken: t.IdToken });
      },
    ],
    ['ID and access tokens of different users', async () => {
      const a = fakeTokens();
      const b = fakeTokens({ sub: '99999999-2222-3333-4444-555555555555' });
      return storageWithSession({ ...a, IdToken: b.IdToken });
    }],
    ['garbage instead of tokens', async () => withKey(withKey(await storageWithSession(fakeTokens()), 'idToken', 'garbage'), 'accessToken', '%%%')],
    [
      'a truncated access token',
      async () => {
        const t = fakeTokens();
        return withKey(await storageWithSession(t), 'accessToken', t.AccessToken.slice(0, t.AccessToken.length / 2));
      },
    ],
    ['a JWT whose payload is not JSON', async () => withKey(await storageWithSession(fakeTokens()), 'idToken', 'eyJhbGciOiJub25lIn0.bm90IGpzb24.x')],
    ['an ID token without cognito:username', async () => {
      const t = fakeTokens();
      const payload = JSON.parse(Buffer.from(t.IdToken.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
      delete payload['cognito:username'];
      const id = ['e30', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'x'].join('.');
      return withKey(await storageWithSession(t), 'idToken', id);
    }],
  ];

  for (const [what, makeStorage] of discarded) {
    it(`${what} → signedOut, storage cleared, no call, no throw`, async () => {
      const storage = await makeStorage();
      const h = await startAuth({ storage });
      expect(h.value()).toBe('signedOut');
      expect(storage.snapshot()).toEqual({});
      expect(h.transport.calls).toHaveLength(0);
      expect(h.context().user).toBeNull();
      expect(h.context().error).toBeNull();
      expect(h.events).toEqual([]);
    });
  }

  it('an empty storage → signedOut', async () => {
    const h = await startAuth();
    expect(h.value()).toBe('signedOut');
    expect(h.transport.calls).toHaveLength(0);
  });

  it('LastAuthUser without tokens → signedOut, the stray key removed', async () => {
    const storage = memoryStorage({ [`${KEY}.LastAuthUser`]: 'alice' });
    const h = await startAuth({ storage });
    expect(h.value()).toBe('signedOut');
    expect(storage.snapshot()).toEqual({});
  });

  it('a storage that throws → signedOut, no throw', async () => {
    const storage = memoryStorage();
    storage.getItem = () => {
      throw new Error('SecurityError: storage is disabled');
    };
    const h = await startAuth({ storage });
    expect(h.value()).toBe('signedOut');
  });

  it('keys of another app client are left alone', async () => {
    const theirs = { 'CognitoIdentityServiceProvider.otherclient.LastAuthUser': 'bob', 'CognitoIdentityServiceProvider.otherclient.bob.idToken': 'x.y.z' };
    const storage = memoryStorage(theirs);
    const h = await startAuth({ storage });
    expect(h.value()).toBe('signedOut');
    expect(storage.snapshot()).toEqual(theirs);
  });
});
