import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { hasPendingRedirect, hasPendingRedirectNow, savePendingRedirect, takePendingRedirect } from '../../services/redirect-pending.js';
import type { TokenStorage } from '../../services/token-storage.js';

const CLIENT = 'client1';
const pending = { state: 'S1', verifier: 'v'.repeat(128), redirectUri: 'https://app.example.com/cb' };

const asynchronous = (storage: TokenStorage): TokenStorage => ({
  getItem: async (key) => storage.getItem(key),
  setItem: async (key, value) => storage.setItem(key, value),
  removeItem: async (key) => storage.removeItem(key),
});

describe('the redirect in flight', () => {
  it("is kept under Amplify v6's keys, the marker last", async () => {
    const storage = memoryStorage();
    await savePendingRedirect(storage, CLIENT, pending);
    expect(Object.keys(storage.snapshot()).at(-1)).toBe(`CognitoIdentityServiceProvider.${CLIENT}.inflightOAuth`);
    expect(storage.snapshot()).toMatchObject({
      [`CognitoIdentityServiceProvider.${CLIENT}.oauthState`]: 'S1',
      [`CognitoIdentityServiceProvider.${CLIENT}.oauthPKCE`]: pending.verifier,
    });
    expect(hasPendingRedirectNow(storage, CLIENT)).toBe(true);
    expect(hasPendingRedirectNow(asynchronous(storage), CLIENT)).toBeUndefined();
    await expect(hasPendingRedirect(asynchronous(storage), CLIENT)).resolves.toBe(true);
  });

  it('is taken once, even by two completions at the same time', async () => {
    const storage = memoryStorage();
    await savePendingRedirect(storage, CLIENT, pending);
    const [first, second] = await Promise.all([takePendingRedirect(storage, CLIENT), takePendingRedirect(storage, CLIENT)]);
    expect([first, second]).toEqual([pending, null]);
    expect(storage.snapshot()).toEqual({});
    expect(hasPendingRedirectNow(storage, CLIENT)).toBe(false);
  });

  it('is nothing without its marker (a half-written round trip)', async () => {
    const storage = memoryStorage();
    await savePendingRedirect(storage, CLIENT, pending);
    storage.removeItem(`CognitoIdentityServiceProvider.${CLIENT}.inflightOAuth`);
    await expect(takePendingRedirect(storage, CLIENT)).resolves.toBeNull();
    expect(storage.snapshot()).toEqual({});
  });

  it('is taken from an asynchronous storage too', async () => {
    const storage = memoryStorage();
    await savePendingRedirect(storage, CLIENT, pending);
    await expect(takePendingRedirect(asynchronous(storage), CLIENT)).resolves.toEqual(pending);
    expect(storage.snapshot()).toEqual({});
  });
});
