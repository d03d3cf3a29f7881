import { afterEach, describe, expect, it, vi } from 'vitest';
import { refreshDelay, MAX_BACKOFF_MS } from '../../machines/refresh-schedule.js';
import type { AuthTokens } from '../../machines/auth-types.js';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID } from '../support/fake-tokens.js';
import { networkFailure, refreshedTokens, signedInHarness, stopAll } from '../support/auth-harness.js';

afterEach(() => {
  stopAll();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60 * 1000;

function refreshCall(refreshToken: string) {
  return { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: CLIENT_ID, AuthParameters: { REFRESH_TOKEN: refreshToken } };
}

describe('REFRESH', () => {
  it('sends InitiateAuth REFRESH_TOKEN_AUTH with the refresh token, keeps it, stores the new tokens, emits tokenRefresh', async () => {
    const h = await signedInHarness();
    const fresh = refreshedTokens({ issuedAt: Date.now() + 1000, attributes: { email: 'new@example.com' } });
    h.transport.reply('InitiateAuth', { AuthenticationResult: fresh });
    h.send({ type: 'REFRESH' });
    expect(h.value()).toEqual({ signedIn: 'refreshing' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')[1]).toEqual(refreshCall(h.tokens.RefreshToken));
    expect(h.value()).toEqual({ signedIn: 'idle' });
    const { tokens, user, error } = h.context();
    expect(error).toBeNull();
    expect(tokens).toMatchObject({ accessToken: fresh.AccessToken, idToken: fresh.IdToken, refreshToken: h.tokens.RefreshToken });
    expect(user?.attributes.email).toBe('new@example.com');
    expect(h.events).toEqual([{ type: 'tokenRefresh', user }]);
    const stored = h.storage.snapshot();
    expect(stored[`CognitoIdentityServiceProvider.${CLIENT_ID}.alice.accessToken`]).toBe(fresh.AccessToken);
    expect(stored[`CognitoIdentityServiceProvider.${CLIENT_ID}.alice.refreshToken`]).toBe(h.tokens.RefreshToken);
  });

  it('takes a rotated refresh token when Cognito sends one', async () => {
    const h = await signedInHarness();
    h.transport.reply('InitiateAuth', { AuthenticationResult: { ...refreshedTokens(), RefreshToken: 'rotated-refresh-token' } });
    h.send({ type: 'REFRESH' });
    await h.settle();
    expect(h.context().tokens?.refreshToken).toBe('rotated-refresh-token');
  });

  it('NotAuthorizedException → signedOut, tokenRefresh_failure then signOut, storage cleared', async () => {
    const h = await signedInHarness();
    expect(h.storedKeys()).not.toEqual([]);
    h.transport.reply('InitiateAuth', cognitoError('NotAuthorizedException', 'Refresh Token has been revoked'));
    h.send({ type: 'REFRESH' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NotAuthorizedException');
    expect(h.types()).toEqual(['tokenRefresh_failure', 'signOut']);
    expect(h.events[1]).toEqual({ type: 'signOut', global: false });
    expect(h.context().user).toBeNull();
    expect(h.context().tokens).toBeNull();
    expect(h.storedKeys()).toEqual([]);
  });

  it('a NetworkError keeps signedIn with the error and the stored session, then retries with growing backoff', async () => {
    vi.useFakeTimers({ now: START });
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const h = await signedInHarness();
    const keys = h.storedKeys();
    h.transport.reply('InitiateAuth', networkFailure(), networkFailure(), { AuthenticationResult: refreshedTokens({ issuedAt: START }) });

    h.send({ type: 'REFRESH' });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.errorName()).toBe('NetworkError');
    expect(h.context().refreshFailures).toBe(1);
    expect(h.context().user?.username).toBe('alice');
    expect(h.storedKeys()).toEqual(keys);
    expect(h.types()).toEqual(['tokenRefresh_failure']);
    expect(h.callsOf('InitiateAuth')).toHaveLength(2);

    // First retry after 1 s (random = 1 takes the top of the jitter range), the next after 2 s.
    await vi.advanceTimersByTimeAsync(999);
    expect(h.callsOf('InitiateAuth')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.callsOf('InitiateAuth')).toHaveLength(3);
    await h.settle();
    expect(h.context().refreshFailures).toBe(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(h.callsOf('InitiateAuth')).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.callsOf('InitiateAuth')).toHaveLength(4);
    await h.settle();
    expect(h.callsOf('InitiateAuth').slice(1)).toEqual([1, 2, 3].map(() => refreshCall(h.tokens.RefreshToken)));
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.context().error).toBeNull();
    expect(h.context().refreshFailures).toBe(0);
    expect(h.types()).toEqual(['tokenRefresh_failure', 'tokenRefresh_failure', 'tokenRefresh']);
  });

  it('an answer without tokens → signedOut with InvalidResponseError and storage cleared', async () => {
    const h = await signedInHarness();
    h.transport.reply('InitiateAuth', {});
    h.send({ type: 'REFRESH' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('InvalidResponseError');
    expect(h.types()).toEqual(['tokenRefresh_failure', 'signOut']);
    expect(h.storedKeys()).toEqual([]);
  });

  it('throttling (TooManyRequestsException) is retried like a network failure', async () => {
    const h = await signedInHarness();
    h.transport.reply('InitiateAuth', cognitoError('TooManyRequestsException', 'Rate exceeded', true));
    h.send({ type: 'REFRESH' });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.errorName()).toBe('TooManyRequestsException');
  });
});

describe('scheduled refresh', () => {
  it('happens 5 minutes before a one-hour access token expires, and again after each refresh', async () => {
    vi.useFakeTimers({ now: START });
    // No jitter, so the schedule can be pinned to the millisecond.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const h = await signedInHarness();
    h.transport.reply('InitiateAuth', () => ({ AuthenticationResult: refreshedTokens({ issuedAt: Date.now() }) }));
    h.transport.reply('InitiateAuth', () => ({ AuthenticationResult: refreshedTokens({ issuedAt: Date.now() }) }));

    await vi.advanceTimersByTimeAsync(55 * MINUTE - 1);
    expect(h.callsOf('InitiateAuth')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.callsOf('InitiateAuth')).toHaveLength(2);
    expect(h.callsOf('InitiateAuth')[1]).toEqual(refreshCall(h.tokens.RefreshToken));
    await h.settle();
    expect(h.types()).toEqual(['tokenRefresh']);
    expect(h.context().tokens?.expiresAt).toBe(START + 115 * MINUTE);

    await vi.advanceTimersByTimeAsync(55 * MINUTE);
    expect(h.callsOf('InitiateAuth')).toHaveLength(3);
    await h.settle();
    expect(h.types()).toEqual(['tokenRefresh', 'tokenRefresh']);
  });

  it('a short-lived token is refreshed at four fifths of its life', async () => {
    vi.useFakeTimers({ now: START });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const h = await signedInHarness({ tokens: { issuedAt: START, lifetimeSeconds: 600 } });
    h.transport.reply('InitiateAuth', { AuthenticationResult: refreshedTokens({ issuedAt: START + 8 * MINUTE }) });
    await vi.advanceTimersByTimeAsync(8 * MINUTE - 1);
    expect(h.callsOf('InitiateAuth')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.callsOf('InitiateAuth')).toHaveLength(2);
    await h.settle();
  });
});

describe('refreshDelay', () => {
  const tokens = (over: Partial<AuthTokens> = {}): AuthTokens => ({
    idToken: 'i',
    accessToken: 'a',
    issuedAt: START,
    expiresAt: START + 60 * MINUTE,
    clockDrift: 0,
    ...over,
  });

  it('is due 5 minutes before expiry, on the server clock', () => {
    const noJitter = () => 0;
    expect(refreshDelay(tokens(), 0, START, noJitter)).toBe(55 * MINUTE);
    // The server is 10 s ahead: its expiry comes 10 s earlier on this device.
    expect(refreshDelay(tokens({ clockDrift: 10_000 }), 0, START, noJitter)).toBe(55 * MINUTE - 10_000);
    expect(refreshDelay(tokens(), 0, START + 70 * MINUTE, noJitter)).toBe(0);
    // Jitter moves it earlier by at most a quarter of the margin, never later.
    expect(refreshDelay(tokens(), 0, START, () => 1)).toBe(55 * MINUTE - 75_000);
  });

  it('backs off exponentially with jitter, capped, never later than the schedule', () => {
    expect(refreshDelay(tokens(), 1, START + 56 * MINUTE, () => 1)).toBe(1000);
    expect(refreshDelay(tokens(), 1, START + 56 * MINUTE, () => 0)).toBe(500);
    expect(refreshDelay(tokens(), 3, START + 56 * MINUTE, () => 1)).toBe(4000);
    expect(refreshDelay(tokens(), 30, START + 56 * MINUTE, () => 1)).toBe(MAX_BACKOFF_MS);
    expect(refreshDelay(tokens(), 5, START, () => 1)).toBe(16_000);
    expect(refreshDelay(tokens(), 5, START + 55 * MINUTE - 75_000 - 100, () => 1)).toBe(100);
  });
});
