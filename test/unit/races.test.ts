import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { cognitoError } from '../support/scripted-transport.js';
import { refreshedTokens, session, signedInHarness, startAuth, stopAll } from '../support/auth-harness.js';

afterEach(() => {
  stopAll();
  vi.useRealTimers();
});

/** A reply that arrives when the test says so. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('answers that arrive after the machine has moved on', () => {
  it('SIGN_OUT during a refresh: the late refresh answer neither signs back in nor writes storage', async () => {
    const h = await signedInHarness();
    const late = deferred<unknown>();
    h.transport.reply('InitiateAuth', () => late.promise);
    h.transport.reply('RevokeToken', {});
    h.send({ type: 'REFRESH' });
    expect(h.value()).toEqual({ signedIn: 'refreshing' });
    h.send({ type: 'SIGN_OUT' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.storedKeys()).toEqual([]);

    late.resolve({ AuthenticationResult: refreshedTokens({ issuedAt: Date.now() + 1000 }) });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(h.value()).toBe('signedOut');
    expect(h.storedKeys()).toEqual([]);
    expect(h.types()).toEqual(['signOut']);
  });

  it('a challenge that expires while its answer is in flight: a late success is not stored', async () => {
    vi.useFakeTimers();
    const late = deferred<unknown>();
    const h = await startAuth({
      script: {
        InitiateAuth: [{ ChallengeName: 'SMS_MFA', Session: session('sms'), ChallengeParameters: { USERNAME: 'alice' } }],
        RespondToAuthChallenge: [() => late.promise],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', password: 'Corr3ct-Horse!' });
    await h.settle();
    await vi.advanceTimersByTimeAsync(2 * 60 * 1000);
    h.send({ type: 'CONFIRM_SIGN_IN', code: '902113' });
    expect(h.value()).toEqual({ challenge: 'responding' });
    await vi.advanceTimersByTimeAsync(60 * 1000);
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('SessionExpiredError');

    late.resolve({ AuthenticationResult: fakeTokens() });
    await vi.advanceTimersByTimeAsync(10);
    expect(h.value()).toBe('signedOut');
    expect(h.storedKeys()).toEqual([]);
    expect(h.types()).toEqual(['signIn_failure']);
  });

  it('REFRESH while a refresh is in flight sends nothing more', async () => {
    const h = await signedInHarness();
    const late = deferred<unknown>();
    h.transport.reply('InitiateAuth', () => late.promise);
    h.send({ type: 'REFRESH' });
    h.send({ type: 'REFRESH' });
    h.send({ type: 'REFRESH' });
    late.resolve({ AuthenticationResult: refreshedTokens() });
    await h.settle();
    expect(h.callsOf('InitiateAuth')).toHaveLength(2);
    expect(h.callsOf('InitiateAuth')[1]).toMatchObject({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: CLIENT_ID });
    expect(h.types()).toEqual(['tokenRefresh']);
  });

  it('a second SIGN_IN while the first is in flight is ignored', async () => {
    const late = deferred<unknown>();
    const h = await startAuth({ script: { InitiateAuth: [() => late.promise] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: 'Corr3ct-Horse!' });
    h.send({ type: 'SIGN_IN', username: 'bob', password: 'Corr3ct-Horse!' });
    late.resolve({ AuthenticationResult: fakeTokens() });
    await h.settle();
    expect(h.callsOf('InitiateAuth')).toHaveLength(1);
    expect(h.context().user?.username).toBe('alice');
  });
});

describe('auto sign-in that ends in a challenge', () => {
  async function autoSignInChallenge() {
    const h = await startAuth({
      script: {
        SignUp: [{ UserConfirmed: true, UserSub: 'sub-1' }],
        InitiateAuth: [{ ChallengeName: 'SMS_MFA', Session: session('sms'), ChallengeParameters: { USERNAME: 'alice' } }],
      },
    });
    h.send({ type: 'SIGN_UP', username: 'alice', password: 'Sign-Up-Pa55word!', autoSignIn: true });
    await h.settle();
    expect(h.value()).toEqual({ challenge: 'smsMfa' });
    expect(h.context().signUp?.password).toBeUndefined();
    h.clearEvents();
    return h;
  }

  it('CANCEL emits autoSignIn_failure', async () => {
    const h = await autoSignInChallenge();
    h.send({ type: 'CANCEL' });
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['autoSignIn_failure']);
    expect(h.context().signUp).toBeNull();
  });

  it('expiry emits signIn_failure and autoSignIn_failure', async () => {
    vi.useFakeTimers();
    const h = await autoSignInChallenge();
    await vi.advanceTimersByTimeAsync(3 * 60 * 1000);
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['signIn_failure', 'autoSignIn_failure']);
  });

  it('a session-ending answer failure emits signIn_failure and autoSignIn_failure', async () => {
    const h = await autoSignInChallenge();
    h.transport.reply('RespondToAuthChallenge', cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.'));
    h.send({ type: 'CONFIRM_SIGN_IN', code: '902113' });
    await h.settle();
    expect(h.errorName()).toBe('NotAuthorizedException');
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['confirmSignIn_failure', 'signIn_failure', 'autoSignIn_failure']);
  });
});

describe('a pending auto sign-in abandoned for another username', () => {
  it('a resend for another user tells autoSignIn listeners that it will not happen', async () => {
    const h = await startAuth({
      script: { SignUp: [{ UserConfirmed: false, UserSub: 'sub-1' }], ResendConfirmationCode: [{}] },
    });
    h.send({ type: 'SIGN_UP', username: 'alice', password: 'Sign-Up-Pa55word!', autoSignIn: true });
    await h.settle();
    h.clearEvents();
    h.send({ type: 'RESEND_SIGN_UP_CODE', username: 'bob' });
    await h.settle();
    expect(h.context().signUp).toMatchObject({ username: 'bob', autoSignIn: false });
    expect(h.context().signUp?.password).toBeUndefined();
    expect(h.types()).toEqual(['autoSignIn_failure']);
  });
});
