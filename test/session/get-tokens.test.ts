import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { authFactory } from '../../runtime/create-auth.js';
import { getTokens } from '../../runtime/get-tokens.js';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { AuthError } from '../../machines/auth-error.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { cognitoError, scriptedTransport } from '../support/scripted-transport.js';

const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });
const HOUR = 3600_000;

type Scripted = ReturnType<typeof scriptedTransport>;
const refreshCalls = (t: Scripted) =>
  t.callsOf('InitiateAuth').filter((i) => (i as { AuthFlow: string }).AuthFlow === 'REFRESH_TOKEN_AUTH').length;

/** A refresh answered after a few turns of the event loop, so that callers overlap it. */
function slowRefresh(reply: () => unknown) {
  return () =>
    new Promise((resolve, reject) =>
      setTimeout(() => {
        const value = reply();
        if (value instanceof Error) reject(value);
        else resolve(value);
      }, 20),
    );
}

async function signedIn(transport: Scripted, storage = memoryStorage()) {
  const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport, storage });
  await waitFor(auth, (s) => s.matches('signedOut'));
  auth.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
  await waitFor(auth, (s) => s.matches({ signedIn: 'idle' }));
  return auth;
}

describe('getTokens', () => {
  // Only Date is faked: the device clock moves past expiry while timers and I/O run for real.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the current tokens without a request while they are valid', async () => {
    const transport = scriptedTransport({ InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    const auth = await signedIn(transport);
    const tokens = await getTokens(auth);
    expect(tokens).toBe(auth.getSnapshot().context.tokens);
    expect(refreshCalls(transport)).toBe(0);
    auth.stop();
  });

  it('100 concurrent calls while the access token is expired make exactly one refresh request', async () => {
    const transport = scriptedTransport({ InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    transport.reply('InitiateAuth', slowRefresh(() => ({ AuthenticationResult: { ...fakeTokens(), RefreshToken: undefined } })));
    const auth = await signedIn(transport);
    const before = auth.getSnapshot().context.tokens!;
    vi.setSystemTime(Date.now() + 2 * HOUR);
    const results = await Promise.all(Array.from({ length: 100 }, () => getTokens(auth)));
    expect(refreshCalls(transport)).toBe(1);
    expect(new Set(results.map((t) => t.accessToken)).size).toBe(1);
    expect(results[0]!.accessToken).not.toBe(before.accessToken);
    expect(results[0]!.expiresAt).toBeGreaterThan(Date.now());
    expect(results[0]!.refreshToken).toBe(before.refreshToken);
    auth.stop();
  });

  it('forceRefresh refreshes valid tokens, and concurrent forced calls share the one refresh', async () => {
    const transport = scriptedTransport({ InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    transport.reply('InitiateAuth', slowRefresh(() => ({ AuthenticationResult: fakeTokens({ issuedAt: Date.now() + 1000 }) })));
    const auth = await signedIn(transport);
    const before = auth.getSnapshot().context.tokens!;
    const [a, b, c] = await Promise.all([getTokens(auth, { forceRefresh: true }), getTokens(auth, { forceRefresh: true }), getTokens(auth)]);
    expect(refreshCalls(transport)).toBe(1);
    expect(a.accessToken).not.toBe(before.accessToken);
    expect(b.accessToken).toBe(a.accessToken);
    // A caller without force that arrives during the refresh waits for it as well.
    expect(c.accessToken).toBe(a.accessToken);
    auth.stop();
  });

  it('rejects with the AuthError when the refresh ends the session', async () => {
    const transport = scriptedTransport({ InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    transport.reply('InitiateAuth', slowRefresh(() => cognitoError('NotAuthorizedException', 'Refresh Token has been revoked')));
    const storage = memoryStorage();
    const auth = await signedIn(transport, storage);
    vi.setSystemTime(Date.now() + 2 * HOUR);
    const outcomes = await Promise.allSettled([getTokens(auth), getTokens(auth)]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(AuthError);
      expect((outcome as PromiseRejectedResult).reason.name).toBe('NotAuthorizedException');
    }
    expect(refreshCalls(transport)).toBe(1);
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(storage.snapshot()).toEqual({});
    auth.stop();
  });

  it('rejects with a retryable error when offline, keeping the session', async () => {
    const transport = scriptedTransport({ InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    transport.reply('InitiateAuth', cognitoError('NetworkError', 'offline', true));
    const auth = await signedIn(transport);
    vi.setSystemTime(Date.now() + 2 * HOUR);
    const error = await getTokens(auth).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).retryable).toBe(true);
    expect(auth.getSnapshot().matches('signedIn')).toBe(true);
    auth.stop();
  });

  it('rejects when no one is signed in, after initializing has finished', async () => {
    const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport: scriptedTransport() });
    const error = await getTokens(auth).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).name).toBe('UserUnAuthenticatedException');
    auth.stop();
  });

  it('waits for initializing to restore (and refresh) a stored session', async () => {
    const storage = memoryStorage();
    const first = scriptedTransport({ InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    (await signedIn(first, storage)).stop();
    vi.setSystemTime(Date.now() + 2 * HOUR);
    const transport = scriptedTransport({ InitiateAuth: [slowRefresh(() => ({ AuthenticationResult: fakeTokens() }))] });
    const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport, storage });
    const results = await Promise.all([getTokens(auth), getTokens(auth)]);
    expect(refreshCalls(transport)).toBe(1);
    expect(results[0]!.expiresAt).toBeGreaterThan(Date.now());
    auth.stop();
  });
});
