import { describe, expect, it, vi } from 'vitest';
import { AuthError } from '../../machines/auth-error.js';
import type { AuthTokens } from '../../machines/auth-types.js';
import { loadStoredSession, restoreStoredSession } from '../../services/restore-session.js';
import type { SessionStore, StoredTokens } from '../../services/session-store.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const HOUR = 3600 * 1000;

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

/** The same token with some claims replaced (undefined removes one). */
function withClaims(token: string, changes: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  const claims = { ...claimsOf(token), ...changes };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

function stored(over: Partial<StoredTokens> = {}, issuedAt = NOW): StoredTokens {
  const t = fakeTokens({ issuedAt });
  return { username: 'alice', idToken: t.IdToken, accessToken: t.AccessToken, refreshToken: t.RefreshToken, clockDrift: 0, ...over };
}

function fakeStore(load: () => Promise<StoredTokens | null>) {
  return { load: vi.fn(load), loadNow: vi.fn(() => undefined), save: vi.fn(async () => undefined), clear: vi.fn(async () => undefined) } satisfies SessionStore;
}

function restore(store: SessionStore, options: { now?: number; refresh?: (tokens: AuthTokens, username: string) => Promise<never> } = {}) {
  const refresh = vi.fn(options.refresh ?? (async () => Promise.reject(new Error('no refresh expected'))));
  const result = restoreStoredSession({ store, userPoolId: POOL_ID, clientId: CLIENT_ID, now: () => options.now ?? NOW, refresh });
  return { result, refresh };
}

const t = fakeTokens({ issuedAt: NOW });

describe('stored tokens that are not usable are discarded', () => {
  it.each([
    ['an ID token that is not an ID token', { idToken: withClaims(t.IdToken, { token_use: 'access' }) }],
    ['an access token that is not an access token', { accessToken: withClaims(t.AccessToken, { token_use: 'id' }) }],
    ['an ID token for another app client', { idToken: withClaims(t.IdToken, { aud: 'otherclient' }) }],
    ['an access token for another app client', { accessToken: withClaims(t.AccessToken, { client_id: 'otherclient' }) }],
    ['an ID token from another pool', { idToken: withClaims(t.IdToken, { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }) }],
    ['an access token from another pool', { accessToken: withClaims(t.AccessToken, { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }) }],
    ['an issuer that only ends with the pool id', { idToken: withClaims(t.IdToken, { iss: `https://example.com/x${POOL_ID}` }) }],
    ['an issuer that is not a string', { accessToken: withClaims(t.AccessToken, { iss: 42 }) }],
    ['tokens of two different users', { accessToken: withClaims(t.AccessToken, { sub: 'someone-else' }) }],
    ['an access token without exp', { accessToken: withClaims(t.AccessToken, { exp: undefined }) }],
    ['an access token without iat', { accessToken: withClaims(t.AccessToken, { iat: undefined }) }],
    ['an access token with a string exp', { accessToken: withClaims(t.AccessToken, { exp: String(NOW / 1000 + 3600) }) }],
    ['an ID token that is not a JWT', { idToken: 'garbage' }],
    ['an ID token without cognito:username', { idToken: withClaims(t.IdToken, { 'cognito:username': undefined }) }],
  ])('%s: restore clears storage and gives null, without a refresh', async (_what, over) => {
    const store = fakeStore(async () => stored(over));
    const { result, refresh } = restore(store);
    await expect(result).resolves.toBeNull();
    expect(store.clear).toHaveBeenCalledTimes(1);
    expect(refresh).not.toHaveBeenCalled();
    await expect(loadStoredSession(store, POOL_ID, CLIENT_ID)).resolves.toBeNull();
  });

  it('the untouched tokens restore, with issue and expiry times in ms and the stored drift', async () => {
    const store = fakeStore(async () => stored({ clockDrift: 1500 }));
    const expected = {
      user: { username: 'alice', userSub: '11111111-2222-3333-4444-555555555555' },
      tokens: {
        idToken: t.IdToken,
        accessToken: t.AccessToken,
        refreshToken: t.RefreshToken,
        issuedAt: NOW,
        expiresAt: NOW + HOUR,
        clockDrift: 1500,
      },
    };
    await expect(restore(store).result).resolves.toMatchObject(expected);
    await expect(loadStoredSession(store, POOL_ID, CLIENT_ID)).resolves.toMatchObject(expected);
    expect(store.clear).not.toHaveBeenCalled();
  });

  it('a session without a refresh token restores without one', async () => {
    const store = fakeStore(async () => stored({ refreshToken: undefined }));
    const session = await restore(store).result;
    expect(session?.tokens).not.toHaveProperty('refreshToken');
  });
});

describe('when storage has nothing or cannot be read', () => {
  it('an empty storage: null, and leftovers are cleared', async () => {
    const store = fakeStore(async () => null);
    await expect(restore(store).result).resolves.toBeNull();
    expect(store.clear).toHaveBeenCalledTimes(1);
    await expect(loadStoredSession(store, POOL_ID, CLIENT_ID)).resolves.toBeNull();
  });

  it('an unreadable storage: null, and nothing is cleared', async () => {
    const store = fakeStore(async () => Promise.reject(new Error('storage locked')));
    await expect(restore(store).result).resolves.toBeNull();
    expect(store.clear).not.toHaveBeenCalled();
    await expect(loadStoredSession(store, POOL_ID, CLIENT_ID)).resolves.toBeNull();
  });

  it('a failing clear does not throw into the app', async () => {
    const store = fakeStore(async () => stored({ idToken: 'garbage' }));
    store.clear.mockRejectedValue(new Error('storage locked'));
    await expect(restore(store).result).resolves.toBeNull();
  });
});

describe('expiry, clock drift and refresh', () => {
  const expiry = NOW + HOUR;

  it('does not refresh a token that is still valid on this device’s clock', async () => {
    const store = fakeStore(async () => stored());
    const { result, refresh } = restore(store, { now: expiry - 1 });
    await expect(result).resolves.toMatchObject({ tokens: { accessToken: t.AccessToken } });
    expect(refresh).not.toHaveBeenCalled();
  });

  it('refreshes at the moment of expiry, with the stored tokens and username', async () => {
    const store = fakeStore(async () => stored());
    const fresh = { user: { username: 'alice', userSub: 's', attributes: {} }, tokens: { idToken: 'new' } };
    const { result, refresh } = restore(store, { now: expiry, refresh: async () => fresh as never });
    await expect(result).resolves.toBe(fresh);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(refresh.mock.calls[0]![0]).toMatchObject({ accessToken: t.AccessToken, refreshToken: t.RefreshToken, expiresAt: expiry });
    expect(refresh.mock.calls[0]![1]).toBe('alice');
  });

  it('reads expiry on this device’s clock: a device 5 minutes behind the server refreshes 5 minutes earlier', async () => {
    const drift = 5 * 60 * 1000;
    const store = fakeStore(async () => stored({ clockDrift: drift }));
    const early = restore(store, { now: expiry - drift - 1 });
    await expect(early.result).resolves.toMatchObject({ tokens: { clockDrift: drift } });
    expect(early.refresh).not.toHaveBeenCalled();
    const due = restore(store, { now: expiry - drift, refresh: async () => ({}) as never });
    await due.result;
    expect(due.refresh).toHaveBeenCalledTimes(1);
  });

  it('a retryable refresh failure keeps the stored session', async () => {
    const store = fakeStore(async () => stored());
    const offline = new AuthError('NetworkError', 'fetch failed', { retryable: true });
    const { result } = restore(store, { now: expiry + 1, refresh: async () => Promise.reject(offline) });
    await expect(result).resolves.toMatchObject({ user: { username: 'alice' }, tokens: { accessToken: t.AccessToken } });
    expect(store.clear).not.toHaveBeenCalled();
  });

  it.each([
    ['a rejected refresh token', new AuthError('NotAuthorizedException', 'Refresh Token has expired')],
    ['an error that is not an AuthError', Object.assign(new Error('boom'), { retryable: true })],
  ])('%s signs out: null and storage cleared', async (_what, failure) => {
    const store = fakeStore(async () => stored());
    const { result } = restore(store, { now: expiry + 1, refresh: async () => Promise.reject(failure) });
    await expect(result).resolves.toBeNull();
    expect(store.clear).toHaveBeenCalledTimes(1);
  });
});
