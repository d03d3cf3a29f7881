import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { authFactory } from '../../runtime/create-auth.js';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { CHALLENGE_SESSION_MS } from '../../machines/auth-machine.js';
import type { AuthTokens } from '../../machines/auth-types.js';
import { MAX_BACKOFF_MS, REFRESH_MARGIN_MS, refreshDelay } from '../../machines/refresh-schedule.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { cognitoError, scriptedTransport } from '../support/scripted-transport.js';

const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });
const HOUR = 3600_000;
const MINUTE = 60_000;

function tokens(over: Partial<AuthTokens> = {}): AuthTokens {
  return { idToken: 'i', accessToken: 'a', refreshToken: 'r', issuedAt: 0, expiresAt: HOUR, clockDrift: 0, ...over };
}

describe('refreshDelay', () => {
  it('is the margin before expiry, moved earlier by at most a quarter of the margin', () => {
    expect(refreshDelay(tokens(), 0, 0, () => 0)).toBe(HOUR - REFRESH_MARGIN_MS);
    expect(refreshDelay(tokens(), 0, 0, () => 1)).toBe(HOUR - REFRESH_MARGIN_MS * 1.25);
    expect(refreshDelay(tokens(), 0, 0, () => 0.5)).toBe(HOUR - REFRESH_MARGIN_MS * 1.125);
  });

  it('uses a fifth of the lifetime as margin for short-lived tokens', () => {
    expect(refreshDelay(tokens({ expiresAt: 5 * MINUTE }), 0, 0, () => 0)).toBe(4 * MINUTE);
  });

  it('converts the server-clock expiry to this device by the drift measured from iat', () => {
    // The server is 10 minutes ahead of this device: its expiry comes 10 minutes earlier on this clock.
    const ahead = tokens({ issuedAt: 10 * MINUTE, expiresAt: 10 * MINUTE + HOUR, clockDrift: 10 * MINUTE });
    expect(refreshDelay(ahead, 0, 0, () => 0)).toBe(HOUR - REFRESH_MARGIN_MS);
    const behind = tokens({ issuedAt: -10 * MINUTE, expiresAt: HOUR - 10 * MINUTE, clockDrift: -10 * MINUTE });
    expect(refreshDelay(behind, 0, 0, () => 0)).toBe(HOUR - REFRESH_MARGIN_MS);
  });

  it('is 0 when the refresh is overdue', () => {
    expect(refreshDelay(tokens(), 0, 2 * HOUR, () => 0.3)).toBe(0);
  });

  it('backs off exponentially with jitter after failures, capped, never later than the normal schedule', () => {
    const overdue = 2 * HOUR;
    expect(refreshDelay(tokens(), 1, overdue, () => 0)).toBe(500);
    expect(refreshDelay(tokens(), 1, overdue, () => 1)).toBe(1000);
    expect(refreshDelay(tokens(), 3, overdue, () => 0)).toBe(2000);
    expect(refreshDelay(tokens(), 30, overdue, () => 1)).toBe(MAX_BACKOFF_MS);
    // Far from expiry, a failure (e.g. a forced refresh while offline) waits no longer than the schedule would.
    expect(refreshDelay(tokens(), 30, HOUR - REFRESH_MARGIN_MS * 1.25 - 1000, () => 1)).toBe(1000);
    expect(refreshDelay(tokens({ expiresAt: 10 * HOUR }), 2, 0, () => 0)).toBe(1000);
  });
});

describe('the refresh schedule on fake timers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // A whole second: iat has second precision, so the measured drift is exact.
    vi.setSystemTime(new Date('2026-03-01T08:00:00Z'));
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function signedIn(transport: ReturnType<typeof scriptedTransport>, storage = memoryStorage()) {
    const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport, storage });
    await waitFor(auth, (s) => s.matches('signedOut'));
    auth.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    await waitFor(auth, (s) => s.matches({ signedIn: 'idle' }));
    return auth;
  }

  const refreshCalls = (t: ReturnType<typeof scriptedTransport>) =>
    t.callsOf('InitiateAuth').filter((i) => (i as { AuthFlow: string }).AuthFlow === 'REFRESH_TOKEN_AUTH').length;

  it('refreshes the margin before expiry, and again before the new tokens expire', async () => {
    const transport = scriptedTransport({ InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    transport.reply('InitiateAuth', () => ({ AuthenticationResult: { ...fakeTokens(), RefreshToken: undefined } }));
    transport.reply('InitiateAuth', () => ({ AuthenticationResult: { ...fakeTokens(), RefreshToken: undefined } }));
    const auth = await signedIn(transport);
    const refreshed: string[] = [];
    auth.on('tokenRefresh', (e) => refreshed.push(e.user.username));
    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_MARGIN_MS - 1);
    expect(refreshCalls(transport)).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshCalls(transport)).toBe(1);
    expect(refreshed).toEqual(['alice']);
    // The refresh token is kept: Cognito answers a refresh without one.
    expect(auth.getSnapshot().context.tokens?.refreshToken).toMatch(/^refresh-alice-/);
    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_MARGIN_MS);
    expect(refreshCalls(transport)).toBe(2);
    auth.stop();
  });

  it('schedules on this device’s clock when the server clock is ahead (skew from iat)', async () => {
    const serverAhead = 20 * MINUTE;
    const transport = scriptedTransport({
      InitiateAuth: [
        { AuthenticationResult: fakeTokens({ issuedAt: Date.now() + serverAhead }) },
        { AuthenticationResult: fakeTokens({ issuedAt: Date.now() + serverAhead }) },
      ],
    });
    const auth = await signedIn(transport);
    expect(auth.getSnapshot().context.tokens?.clockDrift).toBe(serverAhead);
    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_MARGIN_MS - 1);
    expect(refreshCalls(transport)).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshCalls(transport)).toBe(1);
    auth.stop();
  });

  it('jitter moves the refresh earlier, within a quarter of the margin', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const transport = scriptedTransport({ InitiateAuth: [{ AuthenticationResult: fakeTokens() }, { AuthenticationResult: fakeTokens() }] });
    const auth = await signedIn(transport);
    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_MARGIN_MS * 1.25 - 1);
    expect(refreshCalls(transport)).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshCalls(transport)).toBe(1);
    auth.stop();
  });

  it('keeps the session through network failures, retrying with backoff, and reports each failure', async () => {
    const offline = () => cognitoError('NetworkError', 'offline', true);
    const transport = scriptedTransport({
      InitiateAuth: [{ AuthenticationResult: fakeTokens() }, offline(), offline(), offline(), { AuthenticationResult: fakeTokens() }],
    });
    const storage = memoryStorage();
    const auth = await signedIn(transport, storage);
    const failures: boolean[] = [];
    auth.on('tokenRefresh_failure', (e) => failures.push(e.error.retryable));
    const signOuts: unknown[] = [];
    auth.on('signOut', (e) => signOuts.push(e));
    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_MARGIN_MS);
    expect(refreshCalls(transport)).toBe(1);
    expect(auth.getSnapshot().matches({ signedIn: 'idle' })).toBe(true);
    // Backoff with random() = 0: half of 1 s, 2 s, 4 s.
    await vi.advanceTimersByTimeAsync(499);
    expect(refreshCalls(transport)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshCalls(transport)).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(refreshCalls(transport)).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshCalls(transport)).toBe(3);
    await vi.advanceTimersByTimeAsync(2000);
    expect(refreshCalls(transport)).toBe(4);
    expect(failures).toEqual([true, true, true]);
    expect(signOuts).toEqual([]);
    expect(auth.getSnapshot().context.refreshFailures).toBe(0);
    expect(auth.getSnapshot().context.error).toBeNull();
    expect(Object.keys(storage.snapshot()).length).toBeGreaterThan(0);
    auth.stop();
  });

  it('ends the session when Cognito refuses the refresh token', async () => {
    const transport = scriptedTransport({
      InitiateAuth: [{ AuthenticationResult: fakeTokens() }, cognitoError('NotAuthorizedException', 'Refresh Token has been revoked')],
    });
    const storage = memoryStorage();
    const auth = await signedIn(transport, storage);
    const seen: string[] = [];
    auth.on('*', (e) => seen.push(e.type));
    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_MARGIN_MS);
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(seen).toEqual(['tokenRefresh_failure', 'signOut']);
    expect(storage.snapshot()).toEqual({});
    auth.stop();
  });

  it('ends a challenge when Cognito’s 3-minute session is over', async () => {
    const transport = scriptedTransport({
      InitiateAuth: [{ ChallengeName: 'SMS_MFA', Session: 's'.repeat(40), ChallengeParameters: { USER_ID_FOR_SRP: 'alice' } }],
    });
    const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport });
    await waitFor(auth, (s) => s.matches('signedOut'));
    const failures: string[] = [];
    auth.on('signIn_failure', (e) => failures.push(e.error.name));
    auth.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    await waitFor(auth, (s) => s.matches({ challenge: 'smsMfa' }));
    await vi.advanceTimersByTimeAsync(CHALLENGE_SESSION_MS - 1);
    expect(auth.getSnapshot().matches('challenge')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(auth.getSnapshot().context.error?.name).toBe('SessionExpiredError');
    expect(failures).toEqual(['SessionExpiredError']);
    auth.stop();
  });
});
