import { waitFor } from 'xstate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { createAuth } from '../../core.js';
import type { AuthEmitted } from '../../machines/auth-types.js';
import type { AuthActor } from '../../runtime/auth-actor.js';
import type { CognitoOperation, InputOf, OutputOf } from '../../services/cognito-api.js';
import type { Transport } from '../../services/transport.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';

/*
 * CANCEL while Cognito has not answered a sign-in yet: the machine is signed out at once, and the answer that
 * comes afterwards (tokens included) changes nothing and is not stored. The transport here answers late on
 * purpose and ignores the abort, as a transport does whose response was already on the wire.
 */

interface HeldCall {
  op: CognitoOperation;
  signal: AbortSignal | undefined;
  answer(output: unknown): void;
}

function heldTransport(): Transport & { held: HeldCall[]; answered: Map<CognitoOperation, unknown> } {
  const held: HeldCall[] = [];
  const answered = new Map<CognitoOperation, unknown>();
  return {
    held,
    answered,
    send<Op extends CognitoOperation>(op: Op, _input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>> {
      if (answered.has(op)) return Promise.resolve(answered.get(op) as OutputOf<Op>);
      return new Promise((resolve) => held.push({ op, signal, answer: (output) => resolve(output as OutputOf<Op>) }));
    },
  };
}

const actors: AuthActor[] = [];
afterEach(() => {
  for (const actor of actors.splice(0)) actor.stop();
});

function start(transport: Transport) {
  const storage = memoryStorage();
  const auth = createAuth(
    { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport, storage, authFlow: 'USER_PASSWORD_AUTH' },
  );
  actors.push(auth);
  const emitted: AuthEmitted['type'][] = [];
  auth.on('*', (event) => emitted.push(event.type));
  return { auth, storage, emitted };
}

/** Lets every pending promise and timer of zero delay run: what a late answer would set off has happened by then. */
const drain = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('CANCEL during sign-in', () => {
  it('signs out at once; the late answer with tokens is ignored and nothing is stored', async () => {
    const transport = heldTransport();
    const { auth, storage, emitted } = start(transport);
    auth.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    expect(auth.getSnapshot().matches('signingIn')).toBe(true);
    await vi.waitFor(() => expect(transport.held).toHaveLength(1));
    const [call] = transport.held;

    auth.send({ type: 'CANCEL' });
    const cancelled = auth.getSnapshot();
    expect(cancelled.value).toBe('signedOut');
    expect(cancelled.hasTag('busy')).toBe(false);
    expect(cancelled.context.error).toBeNull();
    // Leaving the state stopped the call: its signal told the transport.
    expect(call!.signal?.aborted).toBe(true);

    call!.answer({ AuthenticationResult: fakeTokens() });
    await drain();
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(auth.getSnapshot().context.tokens).toBeNull();
    expect(storage.snapshot()).toEqual({});
    // As a cancelled challenge: no sign-in, and no failure either.
    expect(emitted).toEqual([]);
  });

  it('leaves a machine that signs in on the next SIGN_IN', async () => {
    const transport = heldTransport();
    const { auth, storage } = start(transport);
    auth.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    auth.send({ type: 'CANCEL' });
    transport.answered.set('InitiateAuth', { AuthenticationResult: fakeTokens() });
    auth.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    const signedIn = await waitFor(auth, (snapshot) => snapshot.matches('signedIn'), { timeout: 2_000 });
    expect(signedIn.context.user?.username).toBe('alice');
    expect(Object.keys(storage.snapshot()).some((key) => key.endsWith('.accessToken'))).toBe(true);
  });

  it('ends an auto sign-in after the confirmation, says so, and stores nothing from its late answer', async () => {
    const transport = heldTransport();
    const { auth, storage, emitted } = start(transport);
    transport.answered.set('SignUp', { UserConfirmed: false, UserSub: 'sub-1' });
    transport.answered.set('ConfirmSignUp', {});
    auth.send({ type: 'SIGN_UP', username: 'alice', password: 'Passw0rd!', attributes: { email: 'a@example.com' }, autoSignIn: true });
    await waitFor(auth, (snapshot) => snapshot.matches('confirmingSignUp'), { timeout: 2_000 });
    auth.send({ type: 'CONFIRM_SIGN_UP', code: '123456' });
    await waitFor(auth, (snapshot) => snapshot.matches('autoSigningIn'), { timeout: 2_000 });
    await vi.waitFor(() => expect(transport.held).toHaveLength(1));

    auth.send({ type: 'CANCEL' });
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(auth.getSnapshot().context.signUp).toBeNull();
    transport.held[0]!.answer({ AuthenticationResult: fakeTokens() });
    await drain();
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(storage.snapshot()).toEqual({});
    expect(emitted).toEqual(['signUp', 'confirmSignUp', 'autoSignIn_failure']);
  });

  it('while a challenge answer is on its way: signed out, the late tokens ignored', async () => {
    const transport = heldTransport();
    const { auth, storage, emitted } = start(transport);
    transport.answered.set('InitiateAuth', {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: 'session-1',
      ChallengeParameters: { USER_ID_FOR_SRP: 'alice' },
    });
    auth.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    await waitFor(auth, (snapshot) => snapshot.matches({ challenge: 'totpMfa' }), { timeout: 2_000 });
    auth.send({ type: 'CONFIRM_SIGN_IN', code: '123456' });
    expect(auth.getSnapshot().matches({ challenge: 'responding' })).toBe(true);
    await vi.waitFor(() => expect(transport.held).toHaveLength(1));

    auth.send({ type: 'CANCEL' });
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(transport.held[0]!.signal?.aborted).toBe(true);
    transport.held[0]!.answer({ AuthenticationResult: fakeTokens() });
    await drain();
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(storage.snapshot()).toEqual({});
    expect(emitted).toEqual([]);
  });
});
