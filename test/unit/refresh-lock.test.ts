import { serviceActors } from '../../machines/service-registry.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { memoryStorage } from '../../adapters/memory-storage.js';
import type { SignedInSession } from '../../machines/service-contracts.js';
import { createAuthServices, type RefreshLock } from '../../services/auth-services.js';
import { sessionStore } from '../../services/session-store.js';
import { tokensFromResult, userFromIdToken } from '../../services/token-claims.js';
import { CLIENT_ID, POOL_ID, fakeTokens, type FakeTokenOptions } from '../support/fake-tokens.js';
import { scriptedTransport } from '../support/scripted-transport.js';

/*
 * A refresh under a cross-tab lock: when another tab has stored a fresher session for the same user, that one
 * is taken and nothing is sent; a refresh that waited for the lock keeps looking for up to 1 s, every 50 ms.
 */

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;

afterEach(() => {
  vi.useRealTimers();
});

/** The clock stands at START; timers stay real, so a refresh that unexpectedly waits still ends. */
function fixedClock(): void {
  vi.useFakeTimers({ now: START, toFake: ['Date'] });
}

/** Enough turns of the microtask queue for a poll (storage reads, then the request) to finish. */
async function flush(): Promise<void> {
  for (let i = 0; i < 50; i += 1) await Promise.resolve();
}

function sessionFrom(options: FakeTokenOptions, now = START): SignedInSession {
  const tokens = tokensFromResult(fakeTokens(options), now);
  return { user: userFromIdToken(tokens.idToken), tokens };
}

function setup(lock: RefreshLock) {
  const storage = memoryStorage();
  const store = sessionStore(storage, CLIENT_ID);
  const transport = scriptedTransport();
  const services = serviceActors(createAuthServices({ transport, storage, userPoolId: POOL_ID, clientId: CLIENT_ID, refreshLock: lock }));
  // This tab's session: issued 55 minutes ago, 5 minutes left.
  const mine = sessionFrom({ issuedAt: START - 55 * MINUTE });
  const storeSession = (session: SignedInSession) =>
    store.save({
      username: session.user.username,
      idToken: session.tokens.idToken,
      accessToken: session.tokens.accessToken,
      ...(session.tokens.refreshToken ? { refreshToken: session.tokens.refreshToken } : {}),
      clockDrift: session.tokens.clockDrift,
    });
  const refreshCalls = () => transport.callsOf('InitiateAuth');
  const refresh = () => {
    const actor = createActor(services.refreshTokens, { input: mine }).start();
    return { actor, done: toPromise(actor) };
  };
  return { storage, transport, mine, storeSession, refreshCalls, refresh };
}

const granted =
  (waited: boolean): RefreshLock =>
  (task) =>
    task(waited);

describe('refresh under a cross-tab lock', () => {
  it.each([false, true])('takes a fresher session another tab stored for the same user and sends nothing (waited: %s)', async (waited) => {
    fixedClock();
    const t = setup(granted(waited));
    const theirs = sessionFrom({ issuedAt: START - MINUTE });
    await t.storeSession(theirs);
    const result = await t.refresh().done;
    expect(result.tokens.accessToken).toBe(theirs.tokens.accessToken);
    expect(result.user.username).toBe('alice');
    expect(t.transport.calls).toEqual([]);
  });

  it('having waited for the lock, looks for the holder’s tokens for exactly 1 s, then refreshes itself', async () => {
    vi.useFakeTimers({ now: START });
    const t = setup(granted(true));
    await t.storeSession(t.mine);
    const fresh = fakeTokens({ issuedAt: START + 1000 });
    t.transport.reply('InitiateAuth', { AuthenticationResult: { ...fresh, RefreshToken: undefined } });
    const { done } = t.refresh();
    await flush();
    await vi.advanceTimersByTimeAsync(999);
    await flush();
    expect(t.refreshCalls()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await flush();
    expect(t.refreshCalls()).toEqual([
      { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: CLIENT_ID, AuthParameters: { REFRESH_TOKEN: t.mine.tokens.refreshToken } },
    ]);
    const result = await done;
    expect(result.tokens.accessToken).toBe(fresh.AccessToken);
    expect(result.tokens.refreshToken).toBe(t.mine.tokens.refreshToken);
  });

  it('having waited, takes tokens the holder stores while it looks', async () => {
    vi.useFakeTimers({ now: START });
    const t = setup(granted(true));
    await t.storeSession(t.mine);
    const { done } = t.refresh();
    await vi.advanceTimersByTimeAsync(500);
    const theirs = sessionFrom({ issuedAt: START + 500 }, START + 500);
    await t.storeSession(theirs);
    await vi.advanceTimersByTimeAsync(50);
    const result = await done;
    expect(result.tokens.accessToken).toBe(theirs.tokens.accessToken);
    expect(t.transport.calls).toEqual([]);
  });

  it('does not take another user’s session: it refreshes its own', async () => {
    fixedClock();
    const t = setup(granted(false));
    await t.storeSession(sessionFrom({ username: 'bob', sub: '99999999-2222-3333-4444-555555555555', issuedAt: START }));
    const fresh = fakeTokens({ issuedAt: START });
    t.transport.reply('InitiateAuth', { AuthenticationResult: fresh });
    const result = await t.refresh().done;
    expect(t.refreshCalls()).toHaveLength(1);
    expect(result.tokens.accessToken).toBe(fresh.AccessToken);
    expect(result.user.username).toBe('alice');
  });

  it.each([
    ['expire in exactly 5 s', 5, 0, false],
    ['expire in 6 s', 6, 0, true],
    ['expire in 6 s by the server’s clock but 4 s by this device’s (server 2 s ahead)', 6, 2000, false],
  ])('stored tokens that %s are taken: %s', async (_label, lifetimeSeconds, clockDrift, taken) => {
    fixedClock();
    const t = setup(granted(false));
    const theirs = sessionFrom({ issuedAt: START, lifetimeSeconds });
    await t.storeSession({ ...theirs, tokens: { ...theirs.tokens, clockDrift } });
    const fresh = fakeTokens({ issuedAt: START });
    t.transport.reply('InitiateAuth', { AuthenticationResult: fresh });
    const result = await t.refresh().done;
    expect(result.tokens.accessToken).toBe(taken ? theirs.tokens.accessToken : fresh.AccessToken);
    expect(t.refreshCalls()).toHaveLength(taken ? 0 : 1);
  });

  it('a refresh cancelled before the lock is granted sends nothing and ends with AbortError', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let task: Promise<unknown> | undefined;
    const t = setup((run) => {
      const result = gate.then(() => run(false));
      task = result;
      return result;
    });
    const { actor } = t.refresh();
    actor.stop();
    open();
    await expect(task).rejects.toMatchObject({ name: 'AbortError', message: 'The request was cancelled' });
    expect(t.transport.calls).toEqual([]);
  });

  it('a refresh cancelled while it looks for the holder’s tokens stops looking and sends nothing', async () => {
    vi.useFakeTimers({ now: START });
    let task: Promise<unknown> | undefined;
    const t = setup((run) => {
      const result = run(true);
      task = result;
      return result;
    });
    await t.storeSession(t.mine);
    const { actor } = t.refresh();
    await vi.advanceTimersByTimeAsync(100);
    actor.stop();
    const settled = expect(task).rejects.toMatchObject({ name: 'AbortError', message: 'The request was cancelled' });
    await vi.advanceTimersByTimeAsync(2000);
    await settled;
    expect(t.transport.calls).toEqual([]);
  });
});
