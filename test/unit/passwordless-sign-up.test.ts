import { afterEach, describe, expect, it } from 'vitest';
import { authSnapshot } from '../../runtime/auth-snapshot.js';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { session, startAuth, stopAll } from '../support/auth-harness.js';

afterEach(stopAll);

const PASSWORD = 'Corr3ct-Horse!';
const SUB = '11111111-2222-3333-4444-555555555555';
const DELIVERY = { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' };

describe('sign-up without a password, and auto sign-in with ConfirmSignUp’s session', () => {
  it('SIGN_UP with no password sends none; ConfirmSignUp’s Session signs in by USER_AUTH: 3 requests', async () => {
    const h = await startAuth({
      script: {
        SignUp: [{ UserConfirmed: false, UserSub: SUB, CodeDeliveryDetails: DELIVERY }],
        ConfirmSignUp: [{ Session: session('confirmed') }],
        InitiateAuth: [{ AuthenticationResult: fakeTokens() }],
      },
    });
    h.send({ type: 'SIGN_UP', username: 'alice', attributes: { email: 'alice@example.com' }, autoSignIn: true });
    await h.settle();
    expect(h.callsOf('SignUp')).toEqual([
      { ClientId: CLIENT_ID, Username: 'alice', UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }] },
    ]);
    expect(h.context().signUp).toEqual({
      username: 'alice',
      autoSignIn: true,
      userSub: SUB,
      codeDelivery: { destination: 'a***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' },
    });
    h.send({ type: 'CONFIRM_SIGN_UP', code: '123456' });
    await h.settle();
    expect(h.transport.calls).toEqual([
      expect.objectContaining({ op: 'SignUp' }),
      { op: 'ConfirmSignUp', input: { ClientId: CLIENT_ID, Username: 'alice', ConfirmationCode: '123456', ForceAliasCreation: true } },
      { op: 'InitiateAuth', input: { AuthFlow: 'USER_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice' }, Session: session('confirmed') } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['signUp', 'confirmSignUp', 'signIn', 'autoSignIn']);
    expect(h.context().signUp).toBeNull();
  });

  it('with a password: kept until ConfirmSignUp answers with a Session, then dropped; the sign-in sends no password', async () => {
    const h = await startAuth({
      script: {
        SignUp: [{ UserConfirmed: false, UserSub: SUB, CodeDeliveryDetails: DELIVERY }],
        ConfirmSignUp: [{ Session: session('confirmed') }],
        InitiateAuth: [new Promise(() => undefined) as never],
      },
    });
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD, autoSignIn: true });
    await h.settle();
    expect(h.context().signUp?.password?.reveal()).toBe(PASSWORD);
    h.send({ type: 'CONFIRM_SIGN_UP', code: '123456' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.value()).toBe('autoSigningIn');
    // While the sign-in is on its way: the session is held, the password is gone.
    expect(h.context().signUp?.password).toBeUndefined();
    expect(h.context().signUp?.session?.reveal()).toBe(session('confirmed'));
    expect(JSON.stringify(h.snapshot())).not.toContain(session('confirmed'));
    expect(h.callsOf('InitiateAuth')).toEqual([
      { AuthFlow: 'USER_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice' }, Session: session('confirmed') },
    ]);
    h.send({ type: 'CANCEL' });
    expect(h.context().signUp).toBeNull();
  });

  it('no Session from ConfirmSignUp (a client without USER_AUTH): the password signs in by the app’s flow, as before', async () => {
    const h = await startAuth({
      script: {
        SignUp: [{ UserConfirmed: false, UserSub: SUB }],
        ConfirmSignUp: [{}],
        InitiateAuth: [{ AuthenticationResult: fakeTokens() }],
      },
    });
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD, autoSignIn: true });
    await h.settle();
    h.send({ type: 'CONFIRM_SIGN_UP', code: '123456' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')).toEqual([
      { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice', PASSWORD } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['signUp', 'confirmSignUp', 'signIn', 'autoSignIn']);
  });

  it('no password and no Session: the sign-up is confirmed, auto sign-in ends and says why', async () => {
    const h = await startAuth({ script: { SignUp: [{ UserConfirmed: false, UserSub: SUB }], ConfirmSignUp: [{}] } });
    h.send({ type: 'SIGN_UP', username: 'alice', autoSignIn: true });
    await h.settle();
    h.send({ type: 'CONFIRM_SIGN_UP', code: '123456' });
    await h.settle();
    expect(h.ops()).toEqual(['SignUp', 'ConfirmSignUp']);
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['signUp', 'confirmSignUp', 'autoSignIn_failure']);
    expect(h.events[2]).toMatchObject({ error: { name: 'AutoSignInError', message: expect.stringContaining('session from ConfirmSignUp') } });
  });

  it('custom auth keeps its own flow for auto sign-in even when ConfirmSignUp gives a Session', async () => {
    const h = await startAuth({
      config: { authFlow: 'CUSTOM_WITHOUT_SRP' },
      script: {
        SignUp: [{ UserConfirmed: false, UserSub: SUB }],
        ConfirmSignUp: [{ Session: session('confirmed') }],
        InitiateAuth: [{ ChallengeName: 'CUSTOM_CHALLENGE', Session: session('c1'), ChallengeParameters: { USERNAME: 'alice' } }],
      },
    });
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD, autoSignIn: true });
    await h.settle();
    h.send({ type: 'CONFIRM_SIGN_UP', code: '123456' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')).toEqual([{ AuthFlow: 'CUSTOM_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice' } }]);
    expect(h.value()).toEqual({ challenge: 'customChallenge' });
  });

  it('no password anywhere in the context, the snapshot or the persisted snapshot after SIGN_UP', async () => {
    const h = await startAuth({ script: { SignUp: [{ UserConfirmed: false, UserSub: SUB, CodeDeliveryDetails: DELIVERY }] } });
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD, autoSignIn: true });
    await h.settle();
    expect(h.value()).toEqual({ confirmingSignUp: 'idle' });
    expect(JSON.stringify(h.context())).not.toContain(PASSWORD);
    expect(JSON.stringify(h.snapshot())).not.toContain(PASSWORD);
    expect(JSON.stringify(h.auth.getPersistedSnapshot())).not.toContain(PASSWORD);
    const persisted = authSnapshot(h.auth);
    expect(persisted?.signUp).toEqual({
      username: 'alice',
      userSub: SUB,
      codeDelivery: { destination: 'a***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' },
      autoSignIn: true,
    });
    expect(JSON.stringify(persisted)).not.toContain(PASSWORD);
  });
});
