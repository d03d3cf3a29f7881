import { SimulatedClock } from 'xstate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { createAuth } from '../../core.js';
import { createAuthMachine } from '../../machines/auth-machine.js';
import type { AuthEmitted } from '../../machines/auth-types.js';
import { REFRESH_MARGIN_MS } from '../../machines/refresh-schedule.js';
import { MAX_TIMER_MS, timerDelay } from '../../machines/timer-delay.js';
import { launchAuthActor } from '../../runtime/create-auth.js';
import { createAuthServices } from '../../services/auth-services.js';
import { sessionStore } from '../../services/session-store.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { scriptedTransport } from '../support/scripted-transport.js';

/*
 * A token that lives 40 days puts its refresh further ahead than `setTimeout` can wait (2^31-1 ms, about 24.8
 * days); a longer delay fires at once. The chart's clock here behaves as setTimeout does with such a delay, and
 * this device's clock (Date) moves with it, as both do in a real page.
 */

const DAY = 24 * 3600_000;

/** A simulated clock whose timers overflow as setTimeout's do: a delay past 2^31-1 ms becomes 1 ms. */
function overflowingClock() {
  const clock = new SimulatedClock();
  const delays: number[] = [];
  return {
    delays,
    setTimeout(fn: (...args: unknown[]) => void, ms: number) {
      delays.push(ms);
      return clock.setTimeout(fn, ms > MAX_TIMER_MS ? 1 : ms);
    },
    clearTimeout(id: ReturnType<SimulatedClock['setTimeout']>) {
      clock.clearTimeout(id);
    },
    /** Time passes on both clocks. */
    elapse(ms: number) {
      vi.setSystemTime(Date.now() + ms);
      clock.increment(ms);
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-01T08:00:00Z'));
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('timers never overflow', () => {
  it('clamps a computed delay to what a timer holds', () => {
    expect(timerDelay(40 * DAY)).toBe(MAX_TIMER_MS);
    expect(timerDelay(-5)).toBe(0);
    expect(timerDelay(1234)).toBe(1234);
  });

  it('refreshes a token that expires in 40 days once, when it is due, not at once', async () => {
    const lifetimeSeconds = 40 * 24 * 3600;
    const tokens = fakeTokens({ lifetimeSeconds });
    const storage = memoryStorage();
    await sessionStore(storage, CLIENT_ID).save({
      username: 'alice',
      idToken: tokens.IdToken,
      accessToken: tokens.AccessToken,
      refreshToken: tokens.RefreshToken,
      clockDrift: 0,
    });
    const transport = scriptedTransport({ InitiateAuth: [() => ({ AuthenticationResult: fakeTokens({ lifetimeSeconds }) })] });
    const clock = overflowingClock();
    const { actor } = launchAuthActor(createAuthMachine(), {
      services: createAuthServices({ transport, storage, userPoolId: POOL_ID, clientId: CLIENT_ID }),
      storage,
      userPoolId: POOL_ID,
      clientId: CLIENT_ID,
      authFlow: 'USER_PASSWORD_AUTH',
      resuming: false,
      clock,
    });
    const emitted: AuthEmitted['type'][] = [];
    actor.on('*', (event) => emitted.push(event.type));
    try {
      expect(actor.getSnapshot().matches({ signedIn: 'idle' })).toBe(true);
      // Refresh due 5 minutes before expiry (Math.random() is 0: no jitter).
      const due = Date.now() + 40 * DAY - REFRESH_MARGIN_MS;
      expect(actor.getSnapshot().context.refreshDeferredUntil).toBe(due);
      expect(Math.max(...clock.delays)).toBeLessThanOrEqual(MAX_TIMER_MS);

      clock.elapse(60_000);
      await Promise.resolve();
      expect(transport.calls).toHaveLength(0);
      expect(actor.getSnapshot().matches({ signedIn: 'idle' })).toBe(true);

      // The longest wait ends: the timer fires early, and is armed again for the rest.
      clock.elapse(MAX_TIMER_MS - 60_000);
      await Promise.resolve();
      expect(transport.calls).toHaveLength(0);
      expect(actor.getSnapshot().matches({ signedIn: 'idle' })).toBe(true);
      expect(clock.delays.at(-1)).toBe(due - Date.now());

      clock.elapse(due - Date.now());
      await vi.waitFor(() => expect(emitted).toEqual(['tokenRefresh']));
      expect(transport.calls.map((call) => call.op)).toEqual(['InitiateAuth']);
      expect(Math.max(...clock.delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
    } finally {
      actor.stop();
    }
  });

  it('refuses a challenge session longer than Cognito allows, so that its expiry timer cannot overflow', () => {
    expect(() =>
      createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport: scriptedTransport(), challengeSessionMs: 40 * DAY }),
    ).toThrow(expect.objectContaining({ name: 'ValidationError' }));
  });
});
