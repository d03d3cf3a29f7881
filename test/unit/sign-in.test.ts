import { afterEach, describe, expect, it } from 'vitest';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { session, signedInHarness, startAuth, stopAll } from '../support/auth-harness.js';

afterEach(stopAll);

const PASSWORD = 'Corr3ct-Horse!';
const INTERNAL = '9f8e7d6c-0000-4000-8000-0a0b0c0d0e0f';
/** A PASSWORD_VERIFIER challenge the client can compute over (any B with B mod N ≠ 0 will do for the shape). */
const PASSWORD_VERIFIER = {
  SALT: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  SRP_B: 'c0ffee'.repeat(64),
  SECRET_BLOCK: Buffer.from('opaque secret block from cognito').toString('base64'),
  USERNAME: INTERNAL,
  USER_ID_FOR_SRP: INTERNAL,
};

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
    expect(h.value()).toEqual({ challenge: 'customChallenge' });
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

  it('USER_SRP_AUTH sends SRP_A, then answers PASSWORD_VERIFIER as USER_ID_FOR_SRP with the secret block echoed', async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [{ ChallengeName: 'PASSWORD_VERIFIER', Session: session('pv'), ChallengeParameters: PASSWORD_VERIFIER }],
        RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens({ username: INTERNAL }) }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice@example.com', password: PASSWORD, authFlow: 'USER_SRP_AUTH', clientMetadata: { app: 'demo' } });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
    const [initiate] = h.callsOf('InitiateAuth') as { AuthParameters: Record<string, string> }[];
    expect(initiate).toEqual({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: 'alice@example.com', SRP_A: expect.stringMatching(/^[0-9a-f]{200,}$/) },
      ClientMetadata: { app: 'demo' },
    });
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      {
        ClientId: CLIENT_ID,
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: session('pv'),
        ChallengeResponses: {
          USERNAME: INTERNAL,
          PASSWORD_CLAIM_SECRET_BLOCK: PASSWORD_VERIFIER.SECRET_BLOCK,
          PASSWORD_CLAIM_SIGNATURE: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
          // Cognito's format, with an unpadded day of the month.
          TIMESTAMP: expect.stringMatching(/^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} [1-9]\d? \d{2}:\d{2}:\d{2} UTC \d{4}$/),
        },
        ClientMetadata: { app: 'demo' },
      },
    ]);
    expect(JSON.stringify(h.transport.calls)).not.toContain(PASSWORD);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['signIn']);
  });

  it('CUSTOM_WITH_SRP sends CHALLENGE_NAME SRP_A with CUSTOM_AUTH, then the custom challenge follows', async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [{ ChallengeName: 'PASSWORD_VERIFIER', Session: session('pv'), ChallengeParameters: PASSWORD_VERIFIER }],
        RespondToAuthChallenge: [{ ChallengeName: 'CUSTOM_CHALLENGE', Session: session('c1'), ChallengeParameters: { USERNAME: INTERNAL } }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice@example.com', password: PASSWORD, authFlow: 'CUSTOM_WITH_SRP' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')[0]).toMatchObject({
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: 'alice@example.com', CHALLENGE_NAME: 'SRP_A', SRP_A: expect.any(String) },
    });
    expect(h.value()).toEqual({ challenge: 'customChallenge' });
    expect(h.context().challenge).toMatchObject({ username: INTERNAL, session: session('c1') });
  });

  it('a wrong SRP password (NotAuthorizedException at PASSWORD_VERIFIER) → signedOut with signIn_failure', async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [{ ChallengeName: 'PASSWORD_VERIFIER', Session: session('pv'), ChallengeParameters: PASSWORD_VERIFIER }],
        RespondToAuthChallenge: [cognitoError('NotAuthorizedException', 'Incorrect username or password.')],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice@example.com', password: PASSWORD, authFlow: 'USER_SRP_AUTH' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NotAuthorizedException');
    expect(h.types()).toEqual(['signIn_failure']);
  });

  it('an unsupported challenge → signedOut with UnsupportedChallengeError', async () => {
    const h = await startAuth({ script: { InitiateAuth: [{ ChallengeName: 'SELECT_CHALLENGE', Session: session('d'), ChallengeParameters: {} }] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('UnsupportedChallengeError');
    expect(h.types()).toEqual(['signIn_failure']);
  });

  it('a challenge without a session → signedOut with InvalidResponseError', async () => {
    const h = await startAuth({ script: { InitiateAuth: [{ ChallengeName: 'SMS_MFA', ChallengeParameters: { USERNAME: 'alice' } }] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('InvalidResponseError');
    expect(h.types()).toEqual(['signIn_failure']);
  });

  it('tokens that cannot be stored → signedOut with StorageError and no partial session left', async () => {
    const h = await startAuth({ script: { InitiateAuth: [{ AuthenticationResult: fakeTokens() }] } });
    const setItem = h.storage.setItem;
    const written: string[] = [];
    h.storage.setItem = (key, value) => {
      if (key.endsWith('.clockDrift')) throw new Error('QuotaExceededError');
      written.push(key);
      return setItem(key, value);
    };
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('StorageError');
    expect(h.context().user).toBeNull();
    expect(written.length).toBeGreaterThan(0);
    expect(h.storedKeys()).toEqual([]);
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
