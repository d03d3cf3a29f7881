import { describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { authFactory } from '../../runtime/create-auth.js';
import { sessionStore } from '../../services/session-store.js';
import { tokensFromResult, userFromIdToken } from '../../services/token-claims.js';
import type { TokenStorage } from '../../services/token-storage.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { scriptedTransport } from '../support/scripted-transport.js';

/*
 * What reaches the chart from the app goes through a gate: internal events cannot be forged, what is not an event
 * is refused with a word and the actor keeps running, and events sent before the session is known wait for it.
 */

const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });
const config = (transport = scriptedTransport(), storage: TokenStorage = memoryStorage()) => ({
  userPoolId: POOL_ID,
  userPoolClientId: CLIENT_ID,
  transport,
  storage,
});

function madeUpSession() {
  const tokens = tokensFromResult(fakeTokens({ username: 'mallory', sub: '99999999-2222-3333-4444-555555555555' }), Date.now());
  return { user: userFromIdToken(tokens.idToken), tokens };
}

async function storeSession(storage: TokenStorage, issuedAt = Date.now()) {
  const t = fakeTokens({ issuedAt });
  await sessionStore(storage, CLIENT_ID).save({ username: 'alice', idToken: t.IdToken, accessToken: t.AccessToken, refreshToken: t.RefreshToken, clockDrift: 0 });
}

describe("the library's own events cannot be sent by the app", () => {
  it('a made-up session sent as SESSION_CHANGED_ELSEWHERE signs nobody in and calls nothing', () => {
    const transport = scriptedTransport();
    const auth = createAuth(config(transport));
    auth.send({ type: 'SESSION_CHANGED_ELSEWHERE', session: madeUpSession() } as never);
    const { value, context, status } = auth.getSnapshot();
    expect(status).toBe('active');
    expect(value).toBe('signedOut');
    expect(context.user).toBeNull();
    expect(context.tokens).toBeNull();
    expect(context.error).toMatchObject({
      name: 'ValidationError',
      message: "SESSION_CHANGED_ELSEWHERE is the library's own event: the app cannot send it",
    });
    expect(transport.calls).toEqual([]);
    auth.stop();
  });

  it.each(['RESUMED', 'SESSION_RESTORED', 'EVENT_REFUSED', 'xstate.init', 'xstate.done.actor.signIn'])('%s from the app is refused', (type) => {
    const auth = createAuth(config());
    auth.send({ type, session: {}, error: 'x', output: { type: 'signedIn' } } as never);
    expect(auth.getSnapshot().status).toBe('active');
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(auth.getSnapshot().context.error?.name).toBe('ValidationError');
    auth.stop();
  });

  it('a malformed session (session: {}) no longer ends the actor', () => {
    const auth = createAuth(config());
    auth.send({ type: 'SESSION_CHANGED_ELSEWHERE', session: {} } as never);
    expect(auth.getSnapshot().status).toBe('active');
    expect(auth.getSnapshot().value).toBe('signedOut');
    auth.stop();
  });
});

describe('what is not an event: refused with a ValidationError, the actor running, the state kept', () => {
  const throwing = Object.defineProperty({}, 'type', {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });
  const throwingPayload = {
    type: 'SIGN_UP',
    username: 'alice',
    password: 'Passw0rd!',
    attributes: Object.defineProperty({}, 'email', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    }),
  };
  let cycle: Record<string, unknown> = { type: 'SIGN_IN' };
  cycle = { ...cycle, username: 'alice' };
  (cycle as { self?: unknown }).self = cycle;

  it.each<[string, unknown, RegExp]>([
    ['null', null, /not null/],
    ['undefined', undefined, /not undefined/],
    ['a string', 'SIGN_IN', /not string/],
    ['a number', 42, /not number/],
    ['an array', [{ type: 'SIGN_IN' }], /not object/],
    ['an object without a type', { username: 'alice' }, /non-empty string type/],
    ['a type that is not a string', { type: 7 }, /non-empty string type/],
    ['an object whose type getter throws', throwing, /reading it failed/],
    ['a payload whose getter throws', throwingPayload, /reading it failed/],
    ['a payload with a function', { type: 'SIGN_IN', username: () => 'alice' }, /holds a function/],
    ['a payload that contains itself', cycle, /reading it failed/],
  ])('%s', (_label, event, message) => {
    const transport = scriptedTransport();
    const auth = createAuth(config(transport));
    expect(() => auth.send(event as never)).not.toThrow();
    const { status, value, context } = auth.getSnapshot();
    expect(status).toBe('active');
    expect(value).toBe('signedOut');
    expect(context.error?.name).toBe('ValidationError');
    expect(context.error?.message).toMatch(message);
    expect(transport.calls).toEqual([]);
    // Still in working order.
    auth.send({ type: 'SIGN_OUT' });
    expect(auth.getSnapshot().status).toBe('active');
    auth.stop();
  });

  it('the event the chart takes is a copy: changing the object after send changes nothing', async () => {
    const transport = scriptedTransport({ InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    const auth = createAuth(config(transport));
    const event = { type: 'SIGN_IN' as const, username: 'alice', password: 'Passw0rd!' };
    auth.send(event);
    event.username = 'mallory';
    await waitFor(auth, (s) => !s.hasTag('busy'));
    expect(transport.callsOf('InitiateAuth')[0]).toMatchObject({ AuthParameters: { USERNAME: 'alice' } });
    auth.stop();
  });
});

describe('start-up: no event lost while the session is restored', () => {
  it('synchronous storage, nothing stored: createAuth returns an actor already signed out', () => {
    const auth = createAuth(config());
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(auth.getSnapshot().hasTag('busy')).toBe(false);
    auth.stop();
  });

  it('synchronous storage with a valid session: createAuth returns an actor already signed in, no call made', async () => {
    const storage = memoryStorage();
    await storeSession(storage);
    const transport = scriptedTransport();
    const auth = createAuth(config(transport, storage));
    expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
    expect(auth.getSnapshot().context.user?.username).toBe('alice');
    expect(transport.calls).toEqual([]);
    auth.stop();
  });

  it('an event sent right after createAuth is taken (the README quick start sends SIGN_UP at once)', async () => {
    const transport = scriptedTransport({ SignUp: [{ UserConfirmed: false, UserSub: 'sub-1', CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'a***@e***' } }] });
    const auth = createAuth(config(transport));
    auth.send({ type: 'SIGN_UP', username: 'alice', password: 'Passw0rd!' });
    await waitFor(auth, (s) => !s.hasTag('busy'));
    expect(auth.getSnapshot().value).toEqual({ confirmingSignUp: 'idle' });
    auth.stop();
  });

  it('asynchronous storage: events sent while restoring wait, and are taken in order once the restore ends', async () => {
    const entries = new Map<string, string>();
    const slow: TokenStorage = {
      getItem: (key) => new Promise((resolve) => setTimeout(() => resolve(entries.get(key) ?? null), 20)),
      setItem: async (key, value) => void entries.set(key, value),
      removeItem: async (key) => void entries.delete(key),
    };
    const transport = scriptedTransport({
      InitiateAuth: [{ AuthenticationResult: fakeTokens() }],
      RevokeToken: [{}],
    });
    const auth = createAuth(config(transport, slow));
    const seen: string[] = [];
    auth.subscribe((s) => seen.push(`${JSON.stringify(s.value)} ${s.context.error?.name ?? ''}`.trim()));
    expect(auth.getSnapshot().value).toBe('initializing');
    auth.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    auth.send({ type: 'CONFIRM_SIGN_IN', code: '123456' });
    expect(auth.getSnapshot().value).toBe('initializing');
    expect(auth.getSnapshot().context.error).toBeNull();
    await waitFor(auth, (s) => s.matches('signedIn'));
    // Taken in order once signed out: SIGN_IN started the sign-in, and CONFIRM_SIGN_IN was refused there, by name.
    expect(seen).toEqual(['"signedOut"', '"signingIn"', '"signingIn" InvalidStateException', '{"signedIn":"idle"}']);
    expect(transport.callsOf('InitiateAuth')).toHaveLength(1);
    auth.stop();
  });
});
