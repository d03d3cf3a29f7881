import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { authFactory } from '../../runtime/create-auth.js';
import { getTokens } from '../../runtime/get-tokens.js';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { createLocalUserPool, localTransport, type Clock, type LocalUserPool } from '@cognito-auth-machine/local-pool';
import type { AuthEmitted } from '../../machines/auth-types.js';
import type { CognitoOperation, InputOf } from '../../services/cognito-api.js';
import type { Transport } from '../../services/transport.js';

/*
 * The session lifecycle against the local user pool with 5-minute tokens (its minimum, as Cognito's): the pool's
 * clock follows Date.now(), which the tests fake, so the device and the pool see the same time pass.
 */

const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });
const PASSWORD = 'Passw0rd!';
const VALIDITY_S = 300;
const followsDate: Clock = { now: () => Date.now() };

/** Counts refreshes at the transport, beneath the machine and its services. */
function counting(inner: Transport) {
  const counter = {
    refreshes: 0,
    transport: {
      send<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal) {
        if (op === 'InitiateAuth' && (input as { AuthFlow?: string }).AuthFlow === 'REFRESH_TOKEN_AUTH') counter.refreshes += 1;
        return inner.send(op, input, signal);
      },
    } as Transport,
  };
  return counter;
}

async function shortLivedPool(): Promise<LocalUserPool> {
  const pool = await createLocalUserPool({
    clock: followsDate,
    client: {
      AccessTokenValidity: VALIDITY_S,
      IdTokenValidity: 5,
      TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'minutes', RefreshToken: 'days' },
    },
  });
  await pool.admin.createUser('ana', { attributes: [{ Name: 'email', Value: 'ana@example.com' }], suppress: true });
  await pool.admin.setPassword('ana', PASSWORD, true);
  return pool;
}

async function device(pool: LocalUserPool) {
  const counter = counting(localTransport(pool));
  const storage = memoryStorage();
  const auth = createAuth({ userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, transport: counter.transport, storage });
  const seen: AuthEmitted['type'][] = [];
  auth.on('*', (e) => seen.push(e.type));
  await waitFor(auth, (s) => s.matches('signedOut'));
  auth.send({ type: 'SIGN_IN', username: 'ana', password: PASSWORD });
  await waitFor(auth, (s) => s.matches({ signedIn: 'idle' }));
  return { auth, counter, storage, seen };
}

const getUser = (pool: LocalUserPool, accessToken: string) =>
  localTransport(pool).send('GetUser', { AccessToken: accessToken });

describe('session lifecycle on the local user pool', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('refreshes on schedule before the 5-minute access token expires; the old token then dies at the pool, the new one works', async () => {
    const pool = await shortLivedPool();
    const { auth, counter, seen } = await device(pool);
    const first = auth.getSnapshot().context.tokens!;
    expect(first.expiresAt - first.issuedAt).toBe(VALIDITY_S * 1000);
    // Margin: a fifth of the life (60 s); jitter 0.
    await vi.advanceTimersByTimeAsync(240_000 - 1);
    expect(counter.refreshes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    const refreshed = await waitFor(auth, (s) => s.context.tokens !== first && s.matches({ signedIn: 'idle' }));
    expect(counter.refreshes).toBe(1);
    expect(seen).toEqual(['signIn', 'tokenRefresh']);
    const second = refreshed.context.tokens!;
    expect(second.refreshToken).toBe(first.refreshToken);
    vi.setSystemTime(first.expiresAt + 1000);
    await expect(getUser(pool, first.accessToken)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(getUser(pool, second.accessToken)).resolves.toMatchObject({ Username: 'ana' });
    auth.stop();
  });

  it('100 concurrent getTokens() after expiry (device asleep past it) → exactly one refresh at the transport', async () => {
    const pool = await shortLivedPool();
    const { auth, counter } = await device(pool);
    const first = auth.getSnapshot().context.tokens!;
    // Time jumps without timers firing, as after a laptop wakes up.
    vi.setSystemTime(first.expiresAt + 60_000);
    const all = await Promise.all(Array.from({ length: 100 }, () => getTokens(auth)));
    expect(counter.refreshes).toBe(1);
    expect(new Set(all.map((t) => t.accessToken)).size).toBe(1);
    await expect(getUser(pool, all[0]!.accessToken)).resolves.toMatchObject({ Username: 'ana' });
    auth.stop();
  });

  it('sign-out revokes the refresh token (and its access token) at the pool; storage is cleared first', async () => {
    const pool = await shortLivedPool();
    const { auth, storage } = await device(pool);
    const tokens = auth.getSnapshot().context.tokens!;
    auth.send({ type: 'SIGN_OUT' });
    await waitFor(auth, (s) => s.matches('signedOut'));
    expect(storage.snapshot()).toEqual({});
    await expect(
      localTransport(pool).send('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: pool.clientId, AuthParameters: { REFRESH_TOKEN: tokens.refreshToken! } }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(getUser(pool, tokens.accessToken)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: expect.stringMatching(/revoked/) });
    auth.stop();
  });

  it('global sign-out on one device: the other device’s refresh token is rejected and that device signs out', async () => {
    const pool = await shortLivedPool();
    const laptop = await device(pool);
    vi.setSystemTime(Date.now() + 1000);
    const phone = await device(pool);
    vi.setSystemTime(Date.now() + 1000);
    laptop.auth.send({ type: 'SIGN_OUT', global: true });
    await waitFor(laptop.auth, (s) => s.matches('signedOut'));
    expect(laptop.seen.at(-1)).toBe('signOut');
    const error = await getTokens(phone.auth, { forceRefresh: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NotAuthorizedException' });
    expect(phone.auth.getSnapshot().value).toBe('signedOut');
    expect(phone.seen).toEqual(['signIn', 'tokenRefresh_failure', 'signOut']);
    expect(phone.storage.snapshot()).toEqual({});
    expect(phone.counter.refreshes).toBe(1);
    laptop.auth.stop();
    phone.auth.stop();
  });
});
