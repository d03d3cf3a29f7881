import { describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { AuthError } from '../../machines/auth-error.js';
import type { AuthEvent } from '../../machines/auth-events.js';
import { authFactory } from '../../runtime/create-auth.js';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { scriptedTransport } from '../support/scripted-transport.js';

/*
 * An event the active states do not take is never dropped in silence: the state stays, nothing is sent to
 * Cognito, and context.error is an InvalidStateException naming the state and the events it takes. The
 * deliberate no-ops are the exception, and say nothing.
 */

const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });
const PASSWORD = 'Passw0rd!';

function start(script: Parameters<typeof scriptedTransport>[0] = {}) {
  const transport = scriptedTransport(script);
  const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport, storage: memoryStorage() });
  return { auth, transport };
}

const smsChallenge = {
  ChallengeName: 'SMS_MFA',
  Session: 'sms-session'.padEnd(64, 'x'),
  ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1212', USERNAME: 'alice' },
};

describe('events the state does not take: InvalidStateException, state kept, nothing sent', () => {
  it.each<[string, AuthEvent, string]>([
    ['CONFIRM_SIGN_IN while signed out', { type: 'CONFIRM_SIGN_IN', code: '123456' }, 'CONFIRM_SIGN_IN is not taken in signedOut: it takes SIGN_UP, SIGN_IN, CONFIRM_SIGN_UP, RESEND_SIGN_UP_CODE, FORGOT_PASSWORD, SIGN_IN_WITH_REDIRECT, REDIRECT_RETURNED'],
    ['REFRESH while signed out', { type: 'REFRESH' }, 'REFRESH is not taken in signedOut: it takes SIGN_UP, SIGN_IN, CONFIRM_SIGN_UP, RESEND_SIGN_UP_CODE, FORGOT_PASSWORD, SIGN_IN_WITH_REDIRECT, REDIRECT_RETURNED'],
    ['CANCEL while signed out', { type: 'CANCEL' }, 'CANCEL is not taken in signedOut: it takes SIGN_UP, SIGN_IN, CONFIRM_SIGN_UP, RESEND_SIGN_UP_CODE, FORGOT_PASSWORD, SIGN_IN_WITH_REDIRECT, REDIRECT_RETURNED'],
  ])('%s', (_label, event, message) => {
    const { auth, transport } = start();
    expect(auth.getSnapshot().value).toBe('signedOut');
    auth.send(event);
    const { value, context } = auth.getSnapshot();
    expect(value).toBe('signedOut');
    expect(context.error).toBeInstanceOf(AuthError);
    expect(context.error).toMatchObject({ name: 'InvalidStateException', message });
    expect(transport.calls).toEqual([]);
    auth.stop();
  });

  it('an event no state knows is refused the same way', () => {
    const { auth, transport } = start();
    auth.send({ type: 'FLY_TO_THE_MOON' } as never);
    expect(auth.getSnapshot().context.error?.name).toBe('InvalidStateException');
    expect(auth.getSnapshot().context.error?.message).toMatch(/^FLY_TO_THE_MOON is not taken in signedOut: it takes SIGN_UP/);
    expect(transport.calls).toEqual([]);
    auth.stop();
  });

  it("an answer to another challenge than the pending one: the challenge stays, and the error names what answers it", async () => {
    const { auth, transport } = start({ InitiateAuth: [smsChallenge] });
    auth.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await waitFor(auth, (s) => s.matches({ challenge: 'smsMfa' }));
    auth.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '4' });
    const { value, context } = auth.getSnapshot();
    expect(value).toEqual({ challenge: 'smsMfa' });
    expect(context.error).toMatchObject({ name: 'InvalidStateException' });
    expect(context.error?.message).toMatch(/^SEND_CUSTOM_CHALLENGE_ANSWER is not taken in challenge\.smsMfa: it takes /);
    expect(context.error?.message).toContain('CONFIRM_SIGN_IN');
    expect(context.error?.message).toContain('CANCEL');
    expect(context.challenge?.name).toBe('SMS_MFA');
    expect(transport.callsOf('RespondToAuthChallenge')).toEqual([]);
    auth.stop();
  });

  it('an answer sent while the previous one is on its way is refused, and only the first is sent', async () => {
    let release: (value: unknown) => void = () => undefined;
    const { auth, transport } = start({
      InitiateAuth: [smsChallenge],
      RespondToAuthChallenge: [() => new Promise((resolve) => (release = resolve))],
    });
    auth.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await waitFor(auth, (s) => s.matches({ challenge: 'smsMfa' }));
    auth.send({ type: 'CONFIRM_SIGN_IN', code: '111111' });
    await vi.waitFor(() => expect(transport.callsOf('RespondToAuthChallenge')).toHaveLength(1));
    auth.send({ type: 'CONFIRM_SIGN_IN', code: '222222' });
    expect(auth.getSnapshot().value).toEqual({ challenge: 'responding' });
    expect(auth.getSnapshot().context.error?.message).toMatch(/^CONFIRM_SIGN_IN is not taken in challenge\.responding while it waits for Cognito: it takes CANCEL/);
    release({ AuthenticationResult: fakeTokens() });
    await waitFor(auth, (s) => s.matches('signedIn'));
    expect(auth.getSnapshot().context.error).toBeNull();
    expect(transport.callsOf('RespondToAuthChallenge')).toHaveLength(1);
    auth.stop();
  });

  it('SIGN_IN while signed in keeps its own error: UserAlreadyAuthenticatedException', async () => {
    const { auth, transport } = start({ InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    auth.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await waitFor(auth, (s) => s.matches('signedIn'));
    auth.send({ type: 'SIGN_IN', username: 'bob', password: PASSWORD });
    expect(auth.getSnapshot().context.error?.name).toBe('UserAlreadyAuthenticatedException');
    expect(transport.callsOf('InitiateAuth')).toHaveLength(1);
    auth.stop();
  });
});

describe('deliberate no-ops', () => {
  it('SIGN_OUT while nobody is signed in: nothing to do, no error, nothing sent, nothing emitted', () => {
    const { auth, transport } = start();
    const emitted: string[] = [];
    auth.on('*', (event) => emitted.push(event.type));
    auth.send({ type: 'SIGN_OUT' });
    auth.send({ type: 'SIGN_OUT', global: true });
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(auth.getSnapshot().context.error).toBeNull();
    expect(transport.calls).toEqual([]);
    expect(emitted).toEqual([]);
    auth.stop();
  });

  it('REFRESH while a refresh is on its way: the one refresh goes on, no second one, no error', async () => {
    let release: (value: unknown) => void = () => undefined;
    const { auth, transport } = start({
      InitiateAuth: [{ AuthenticationResult: fakeTokens() }, () => new Promise((resolve) => (release = resolve))],
    });
    auth.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await waitFor(auth, (s) => s.matches('signedIn'));
    auth.send({ type: 'REFRESH' });
    await vi.waitFor(() => expect(transport.callsOf('InitiateAuth')).toHaveLength(2));
    auth.send({ type: 'REFRESH' });
    expect(auth.getSnapshot().value).toEqual({ signedIn: 'refreshing' });
    expect(auth.getSnapshot().context.error).toBeNull();
    release({ AuthenticationResult: fakeTokens({ issuedAt: Date.now() + 1000 }) });
    await waitFor(auth, (s) => s.matches({ signedIn: 'idle' }));
    expect(transport.callsOf('InitiateAuth')).toHaveLength(2);
    auth.stop();
  });
});
