import { afterEach, describe, expect, it } from 'vitest';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { session, startAuth, stopAll } from '../support/auth-harness.js';

afterEach(stopAll);

const PASSWORD = 'Corr3ct-Horse!';
const INTERNAL = '9f8e7d6c-0000-4000-8000-0a0b0c0d0e0f';
const PASSWORD_VERIFIER = {
  SALT: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  SRP_B: 'c0ffee'.repeat(64),
  SECRET_BLOCK: Buffer.from('opaque secret block from cognito').toString('base64'),
  USERNAME: INTERNAL,
  USER_ID_FOR_SRP: INTERNAL,
};
const EMAIL_DELIVERY = { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' };
const SMS_DELIVERY = { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1212' };

describe('SIGN_IN with USER_AUTH', () => {
  it('preferredChallenge EMAIL_OTP: InitiateAuth USER_AUTH with PREFERRED_CHALLENGE, no password; CONFIRM_SIGN_IN sends EMAIL_OTP_CODE', async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [{ ChallengeName: 'EMAIL_OTP', Session: session('e1'), ChallengeParameters: EMAIL_DELIVERY }],
        RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens() }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', authFlow: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' });
    await h.settle();
    expect(h.transport.calls).toEqual([
      { op: 'InitiateAuth', input: { AuthFlow: 'USER_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'EMAIL_OTP' } } },
    ]);
    expect(h.value()).toEqual({ challenge: 'emailOtp' });
    expect(h.context().challenge?.codeDelivery).toEqual({ deliveryMedium: 'EMAIL', destination: 'a***@e***' });
    h.send({ type: 'CONFIRM_SIGN_IN', code: '12345678' });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      { ClientId: CLIENT_ID, ChallengeName: 'EMAIL_OTP', Session: session('e1'), ChallengeResponses: { USERNAME: 'alice', EMAIL_OTP_CODE: '12345678' } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['signIn']);
  });

  it('preferredChallenge SMS_OTP: CONFIRM_SIGN_IN sends SMS_OTP_CODE; a wrong code waits in smsOtp for the next', async () => {
    const h = await startAuth({
      config: { authFlow: 'USER_AUTH' },
      script: {
        InitiateAuth: [{ ChallengeName: 'SMS_OTP', Session: session('s1'), ChallengeParameters: SMS_DELIVERY }],
        RespondToAuthChallenge: [cognitoError('CodeMismatchException', 'Invalid code received for user'), { AuthenticationResult: fakeTokens() }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', preferredChallenge: 'SMS_OTP' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')).toEqual([
      { AuthFlow: 'USER_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'SMS_OTP' } },
    ]);
    expect(h.value()).toEqual({ challenge: 'smsOtp' });
    h.send({ type: 'CONFIRM_SIGN_IN', code: '00000000' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: 'smsOtp' });
    expect(h.errorName()).toBe('CodeMismatchException');
    h.send({ type: 'CONFIRM_SIGN_IN', code: '87654321' });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge').map((c) => (c as { ChallengeResponses: unknown }).ChallengeResponses)).toEqual([
      { USERNAME: 'alice', SMS_OTP_CODE: '00000000' },
      { USERNAME: 'alice', SMS_OTP_CODE: '87654321' },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['confirmSignIn_failure', 'signIn']);
  });

  it('preferredChallenge PASSWORD sends the password inside USER_AUTH', async () => {
    const h = await startAuth({ script: { InitiateAuth: [{ AuthenticationResult: fakeTokens() }] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD, authFlow: 'USER_AUTH', preferredChallenge: 'PASSWORD' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')).toEqual([
      { AuthFlow: 'USER_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('preferredChallenge PASSWORD_SRP sends SRP_A inside USER_AUTH and answers PASSWORD_VERIFIER; the password never travels', async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [{ ChallengeName: 'PASSWORD_VERIFIER', Session: session('pv'), ChallengeParameters: PASSWORD_VERIFIER }],
        RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens({ username: INTERNAL }) }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD, authFlow: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')).toEqual([
      {
        AuthFlow: 'USER_AUTH',
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: expect.stringMatching(/^[0-9a-f]{200,}$/) },
      },
    ]);
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      {
        ClientId: CLIENT_ID,
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: session('pv'),
        ChallengeResponses: {
          USERNAME: INTERNAL,
          PASSWORD_CLAIM_SECRET_BLOCK: PASSWORD_VERIFIER.SECRET_BLOCK,
          PASSWORD_CLAIM_SIGNATURE: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
          TIMESTAMP: expect.any(String),
        },
      },
    ]);
    expect(JSON.stringify(h.transport.calls)).not.toContain(PASSWORD);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('no preferredChallenge: SELECT_CHALLENGE with AvailableChallenges in context; SELECT_CHALLENGE { challenge } answers it', async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [
          { ChallengeName: 'SELECT_CHALLENGE', Session: session('sel'), ChallengeParameters: {}, AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] },
        ],
        RespondToAuthChallenge: [
          { ChallengeName: 'EMAIL_OTP', Session: session('e1'), ChallengeParameters: EMAIL_DELIVERY },
          { AuthenticationResult: fakeTokens() },
        ],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', authFlow: 'USER_AUTH' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')).toEqual([{ AuthFlow: 'USER_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice' } }]);
    expect(h.value()).toEqual({ challenge: 'selectChallenge' });
    expect(h.context().challenge?.availableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
    h.send({ type: 'SELECT_CHALLENGE', challenge: 'EMAIL_OTP' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: 'emailOtp' });
    h.send({ type: 'CONFIRM_SIGN_IN', code: '12345678' });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      { ClientId: CLIENT_ID, ChallengeName: 'SELECT_CHALLENGE', Session: session('sel'), ChallengeResponses: { USERNAME: 'alice', ANSWER: 'EMAIL_OTP' } },
      { ClientId: CLIENT_ID, ChallengeName: 'EMAIL_OTP', Session: session('e1'), ChallengeResponses: { USERNAME: 'alice', EMAIL_OTP_CODE: '12345678' } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('SELECT_CHALLENGE PASSWORD answers with ANSWER and PASSWORD at once', async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [{ ChallengeName: 'SELECT_CHALLENGE', Session: session('sel'), ChallengeParameters: {}, AvailableChallenges: ['PASSWORD', 'EMAIL_OTP'] }],
        RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens() }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', authFlow: 'USER_AUTH' });
    await h.settle();
    h.send({ type: 'SELECT_CHALLENGE', challenge: 'PASSWORD', password: PASSWORD });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      { ClientId: CLIENT_ID, ChallengeName: 'SELECT_CHALLENGE', Session: session('sel'), ChallengeResponses: { USERNAME: 'alice', ANSWER: 'PASSWORD', PASSWORD } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('SELECT_CHALLENGE PASSWORD_SRP sends SRP_A, then proves the password in PASSWORD_VERIFIER', async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [{ ChallengeName: 'SELECT_CHALLENGE', Session: session('sel'), ChallengeParameters: {}, AvailableChallenges: ['PASSWORD_SRP'] }],
        RespondToAuthChallenge: [
          { ChallengeName: 'PASSWORD_VERIFIER', Session: session('pv'), ChallengeParameters: PASSWORD_VERIFIER },
          { AuthenticationResult: fakeTokens({ username: INTERNAL }) },
        ],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', authFlow: 'USER_AUTH' });
    await h.settle();
    h.send({ type: 'SELECT_CHALLENGE', challenge: 'PASSWORD_SRP', password: PASSWORD });
    await h.settle();
    const calls = h.callsOf('RespondToAuthChallenge') as { ChallengeName: string; Session: string; ChallengeResponses: Record<string, string> }[];
    expect(calls.map((c) => [c.ChallengeName, c.Session])).toEqual([['SELECT_CHALLENGE', session('sel')], ['PASSWORD_VERIFIER', session('pv')]]);
    expect(calls[0]!.ChallengeResponses).toEqual({ USERNAME: 'alice', ANSWER: 'PASSWORD_SRP', SRP_A: expect.stringMatching(/^[0-9a-f]{200,}$/) });
    expect(calls[1]!.ChallengeResponses).toMatchObject({ USERNAME: INTERNAL, PASSWORD_CLAIM_SECRET_BLOCK: PASSWORD_VERIFIER.SECRET_BLOCK });
    expect(JSON.stringify(h.transport.calls)).not.toContain(PASSWORD);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('refuses bad input with a ValidationError and sends nothing', async () => {
    const h = await startAuth({
      script: { InitiateAuth: [{ ChallengeName: 'SELECT_CHALLENGE', Session: session('sel'), ChallengeParameters: {}, AvailableChallenges: ['PASSWORD', 'EMAIL_OTP'] }] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', authFlow: 'USER_AUTH', preferredChallenge: 'PASSWORD' });
    expect(h.context().error?.fields).toEqual([{ path: 'password', message: 'is required for PASSWORD' }]);
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD, preferredChallenge: 'EMAIL_OTP' });
    expect(h.context().error?.fields).toEqual([{ path: 'preferredChallenge', message: 'is for USER_AUTH, not USER_PASSWORD_AUTH' }]);
    expect(h.transport.calls).toEqual([]);
    h.send({ type: 'SIGN_IN', username: 'alice', authFlow: 'USER_AUTH' });
    await h.settle();
    h.send({ type: 'SELECT_CHALLENGE', challenge: 'PASSWORD_SRP' });
    expect(h.context().error?.fields).toEqual([{ path: 'password', message: 'is required for PASSWORD_SRP' }]);
    h.send({ type: 'SELECT_CHALLENGE', challenge: 'FACE_ID' as never });
    expect(h.errorName()).toBe('ValidationError');
    expect(h.ops()).toEqual(['InitiateAuth']);
    expect(h.value()).toEqual({ challenge: 'selectChallenge' });
  });
});

describe('email MFA', () => {
  it('EMAIL_OTP after the password is email MFA: CONFIRM_SIGN_IN sends EMAIL_OTP_CODE', async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [{ ChallengeName: 'EMAIL_OTP', Session: session('m1'), ChallengeParameters: { ...EMAIL_DELIVERY, USER_ID_FOR_SRP: 'alice' } }],
        RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens() }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toEqual({ challenge: 'emailOtp' });
    h.send({ type: 'CONFIRM_SIGN_IN', code: '123456', mfaType: 'EMAIL' });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      { ClientId: CLIENT_ID, ChallengeName: 'EMAIL_OTP', Session: session('m1'), ChallengeResponses: { USERNAME: 'alice', EMAIL_OTP_CODE: '123456' } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('SELECT_MFA_TYPE offers email: EMAIL (Amplify v6) and EMAIL_OTP both answer EMAIL_OTP', async () => {
    for (const mfaType of ['EMAIL', 'EMAIL_OTP'] as const) {
      const h = await startAuth({
        script: {
          InitiateAuth: [{ ChallengeName: 'SELECT_MFA_TYPE', Session: session('st'), ChallengeParameters: { MFAS_CAN_CHOOSE: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]' } }],
          RespondToAuthChallenge: [{ ChallengeName: 'EMAIL_OTP', Session: session('m1'), ChallengeParameters: EMAIL_DELIVERY }],
        },
      });
      h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
      await h.settle();
      expect(h.context().challenge?.mfaTypes).toEqual(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
      h.send({ type: 'SELECT_MFA_TYPE', mfaType });
      await h.settle();
      expect(h.callsOf('RespondToAuthChallenge')).toEqual([
        { ClientId: CLIENT_ID, ChallengeName: 'SELECT_MFA_TYPE', Session: session('st'), ChallengeResponses: { USERNAME: 'alice', ANSWER: 'EMAIL_OTP' } },
      ]);
      expect(h.value()).toEqual({ challenge: 'emailOtp' });
    }
  });
});
