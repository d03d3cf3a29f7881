import { afterEach, describe, expect, it } from 'vitest';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { session, signedInHarness, startAuth, stopAll } from '../support/auth-harness.js';

afterEach(stopAll);

const PASSWORD = 'Corr3ct-Horse!';

describe('SIGN_IN', () => {
  it('USER_PASSWORD_AUTH sends USERNAME and PASSWORD, stores the tokens and emits signIn with the user', async () => {
    const tokens = fakeTokens({ attributes: { email: 'alice@example.com', email_verified: true, 'custom:plan': 'pro' } });
    const h = await startAuth({ script: { InitiateAuth: [{ AuthenticationResult: tokens }] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD, clientMetadata: { app: 'demo' } });
    expect(h.value()).toBe('signingIn');
    await h.settle();
    expect(h.transport.calls).toEqual([
      {
        op: 'InitiateAuth',
        input: {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: 'alice', PASSWORD },
          ClientMetadata: { app: 'demo' },
        },
      },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    const { user, tokens: held, error } = h.context();
    expect(error).toBeNull();
    expect(user).toEqual({
      username: 'alice',
      userSub: '11111111-2222-3333-4444-555555555555',
      attributes: { sub: '11111111-2222-3333-4444-555555555555', email: 'alice@example.com', email_verified: true, 'custom:plan': 'pro' },
    });
    expect(held).toMatchObject({ idToken: tokens.IdToken, accessToken: tokens.AccessToken, refreshToken: tokens.RefreshToken });
    expect(h.events).toEqual([{ type: 'signIn', user }]);
    expect(h.storage.snapshot()[`CognitoIdentityServiceProvider.${CLIENT_ID}.alice.accessToken`]).toBe(tokens.AccessToken);
  });

  it('CUSTOM_WITHOUT_SRP sends CUSTOM_AUTH without a password', async () => {
    const h = await startAuth({
      script: { InitiateAuth: [{ ChallengeName: 'CUSTOM_CHALLENGE', Session: session('c1'), ChallengeParameters: { USERNAME: 'alice', question: '2+2?' } }] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', authFlow: 'CUSTOM_WITHOUT_SRP' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')).toEqual([{ AuthFlow: 'CUSTOM_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice' } }]);
    expect(h.value()).toEqual({ challenge: { customChallenge: 'idle' } });
    expect(h.context().challenge?.parameters.question).toBe('2+2?');
  });

  it('CUSTOM_WITHOUT_SRP from the config needs no password in the event', async () => {
    const h = await startAuth({
      config: { authFlow: 'CUSTOM_WITHOUT_SRP' },
      script: { InitiateAuth: [{ ChallengeName: 'CUSTOM_CHALLENGE', Session: session('c1'), ChallengeParameters: { USERNAME: 'alice' } }] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')[0]).toMatchObject({ AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'alice' } });
  });

  it('a wrong password → signedOut with NotAuthorizedException and signIn_failure, nothing stored', async () => {
    const h = await startAuth({ script: { InitiateAuth: [cognitoError('NotAuthorizedException', 'Incorrect username or password.')] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: 'Wr0ng-Horse!' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NotAuthorizedException');
    expect(h.events).toEqual([{ type: 'signIn_failure', error: h.context().error }]);
    expect(h.storedKeys()).toEqual([]);
  });

  it('UserNotConfirmedException → confirmingSignUp with the typed username', async () => {
    const h = await startAuth({ script: { InitiateAuth: [cognitoError('UserNotConfirmedException', 'User is not confirmed.')] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toEqual({ confirmingSignUp: 'idle' });
    expect(h.errorName()).toBe('UserNotConfirmedException');
    expect(h.context().signUp).toEqual({ username: 'alice', autoSignIn: false });
    expect(h.types()).toEqual(['signIn_failure']);

    // The confirmation that follows needs no username.
    h.transport.reply('ConfirmSignUp', {});
    h.send({ type: 'CONFIRM_SIGN_UP', code: '123987' });
    await h.settle();
    expect(h.callsOf('ConfirmSignUp')[0]).toMatchObject({ Username: 'alice', ConfirmationCode: '123987' });
    expect(h.value()).toBe('signedOut');
  });

  it('PasswordResetRequiredException → resettingPassword, which calls ForgotPassword for the typed username', async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [cognitoError('PasswordResetRequiredException', 'Password reset required for the user')],
        ForgotPassword: [{ CodeDeliveryDetails: { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' } }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'ForgotPassword']);
    expect(h.callsOf('ForgotPassword')).toEqual([{ ClientId: CLIENT_ID, Username: 'alice' }]);
    expect(h.value()).toEqual({ resettingPassword: 'awaitingCode' });
    expect(h.context().passwordReset).toEqual({
      username: 'alice',
      codeDelivery: { destination: 'a***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' },
    });
    expect(h.types()).toEqual(['signIn_failure', 'forgotPassword']);
  });

  it('a NetworkError → signedOut with a retryable NetworkError', async () => {
    const h = await startAuth({ script: { InitiateAuth: [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NetworkError');
    expect(h.context().error?.retryable).toBe(true);
    expect(h.types()).toEqual(['signIn_failure']);
  });

  it('USER_SRP_AUTH without an SRP implementation fails with UnsupportedFlowError and sends nothing', async () => {
    const h = await startAuth();
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD, authFlow: 'USER_SRP_AUTH' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('UnsupportedFlowError');
    expect(h.transport.calls).toHaveLength(0);
  });

  it('an unsupported challenge → signedOut with UnsupportedChallengeError', async () => {
    const h = await startAuth({ script: { InitiateAuth: [{ ChallengeName: 'DEVICE_SRP_AUTH', Session: session('d'), ChallengeParameters: {} }] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('UnsupportedChallengeError');
    expect(h.types()).toEqual(['signIn_failure']);
  });

  it('SIGN_IN while signed in → UserAlreadyAuthenticatedException and no call', async () => {
    const h = await signedInHarness();
    const before = h.transport.calls.length;
    h.send({ type: 'SIGN_IN', username: 'bob', password: PASSWORD });
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.errorName()).toBe('UserAlreadyAuthenticatedException');
    expect(h.transport.calls).toHaveLength(before);
    expect(h.context().user?.username).toBe('alice');
    expect(h.events).toEqual([]);
  });

  it('a later SIGN_IN after a failure clears the error', async () => {
    const h = await startAuth({
      script: { InitiateAuth: [cognitoError('NotAuthorizedException'), { AuthenticationResult: fakeTokens() }] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', password: 'Wr0ng-Horse!' });
    await h.settle();
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    expect(h.context().error).toBeNull();
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['signIn_failure', 'signIn']);
  });
});
