import { afterEach, describe, expect, it, vi } from 'vitest';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { session, startAuth, stopAll, type HarnessOptions } from '../support/auth-harness.js';

afterEach(() => {
  stopAll();
  vi.useRealTimers();
});

const PASSWORD = 'Corr3ct-Horse!';
/** In pools that sign in with an email, Cognito's USERNAME is the internal one, not what was typed. */
const INTERNAL = '9f8e7d6c-0000-4000-8000-123456789abc';

async function inChallenge(first: unknown, script: HarnessOptions['script'] = {}, config: HarnessOptions['config'] = {}) {
  const h = await startAuth({ script: { InitiateAuth: [first], ...script }, config });
  h.send({ type: 'SIGN_IN', username: 'alice@example.com', password: PASSWORD });
  await h.settle();
  return h;
}

const smsChallenge = (s = session('sms')) => ({
  ChallengeName: 'SMS_MFA',
  Session: s,
  ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0008', USER_ID_FOR_SRP: INTERNAL },
});

describe('SMS_MFA', () => {
  it('enters challenge.smsMfa with the delivery, answers with SMS_MFA_CODE and the challenge USERNAME', async () => {
    const h = await inChallenge(smsChallenge(), {
      RespondToAuthChallenge: [cognitoError('CodeMismatchException', 'Invalid code or auth state for the user.'), { AuthenticationResult: fakeTokens({ username: INTERNAL }) }],
    });
    expect(h.value()).toEqual({ challenge: 'smsMfa' });
    const challenge = h.context().challenge!;
    expect(challenge).toMatchObject({
      name: 'SMS_MFA',
      username: INTERNAL,
      codeDelivery: { destination: '+*******0008', deliveryMedium: 'SMS' },
    });
    expect(h.events).toEqual([]);

    h.send({ type: 'CONFIRM_SIGN_IN', code: '902113', clientMetadata: { step: 'mfa' } });
    expect(h.value()).toEqual({ challenge: 'responding' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: 'smsMfa' });
    expect(h.errorName()).toBe('CodeMismatchException');
    // The wrong code is announced, as Amplify's confirmSignIn rejects, and the challenge stays.
    expect(h.types()).toEqual(['confirmSignIn_failure']);
    expect(h.events[0]).toMatchObject({ error: { name: 'CodeMismatchException' } });

    h.send({ type: 'CONFIRM_SIGN_IN', code: '902114' });
    expect(h.context().error).toBeNull();
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      {
        ClientId: CLIENT_ID,
        ChallengeName: 'SMS_MFA',
        Session: session('sms'),
        ChallengeResponses: { USERNAME: INTERNAL, SMS_MFA_CODE: '902113' },
        ClientMetadata: { step: 'mfa' },
      },
      // A wrong code keeps Cognito's session: the retry uses the same one.
      { ClientId: CLIENT_ID, ChallengeName: 'SMS_MFA', Session: session('sms'), ChallengeResponses: { USERNAME: INTERNAL, SMS_MFA_CODE: '902114' } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.context().challenge).toBeNull();
    expect(h.types()).toEqual(['confirmSignIn_failure', 'signIn']);
    expect(h.context().user?.username).toBe(INTERNAL);
  });

  it('NotAuthorizedException (session used or expired) → signedOut with signIn_failure', async () => {
    const h = await inChallenge(smsChallenge(), {
      RespondToAuthChallenge: [cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.')],
    });
    h.send({ type: 'CONFIRM_SIGN_IN', code: '902113' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NotAuthorizedException');
    expect(h.context().challenge).toBeNull();
    expect(h.types()).toEqual(['confirmSignIn_failure', 'signIn_failure']);
  });

  it('CANCEL → signedOut without an error, the challenge dropped, no call', async () => {
    const h = await inChallenge(smsChallenge());
    h.send({ type: 'CANCEL' });
    expect(h.value()).toBe('signedOut');
    expect(h.context().challenge).toBeNull();
    expect(h.context().error).toBeNull();
    expect(h.ops()).toEqual(['InitiateAuth']);
    expect(h.events).toEqual([]);
  });
});

describe('SOFTWARE_TOKEN_MFA', () => {
  it('answers with SOFTWARE_TOKEN_MFA_CODE; a wrong code stays with the error, the right one signs in', async () => {
    const h = await inChallenge(
      { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: session('totp'), ChallengeParameters: { USERNAME: INTERNAL } },
      { RespondToAuthChallenge: [cognitoError('CodeMismatchException'), { AuthenticationResult: fakeTokens() }] },
    );
    expect(h.value()).toEqual({ challenge: 'totpMfa' });
    h.send({ type: 'CONFIRM_SIGN_IN', code: '314159' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: 'totpMfa' });
    expect(h.errorName()).toBe('CodeMismatchException');
    h.send({ type: 'CONFIRM_SIGN_IN', code: '271828' });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')[1]).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: session('totp'),
      ChallengeResponses: { USERNAME: INTERNAL, SOFTWARE_TOKEN_MFA_CODE: '271828' },
    });
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['confirmSignIn_failure', 'signIn']);
  });
});

describe('SELECT_MFA_TYPE', () => {
  it('lists the factors, answers ANSWER and enters the next challenge directly', async () => {
    const h = await inChallenge(
      {
        ChallengeName: 'SELECT_MFA_TYPE',
        Session: session('select'),
        ChallengeParameters: { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]', USERNAME: INTERNAL },
      },
      {
        RespondToAuthChallenge: [
          { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: session('totp'), ChallengeParameters: { USERNAME: INTERNAL } },
          { AuthenticationResult: fakeTokens() },
        ],
      },
    );
    expect(h.value()).toEqual({ challenge: 'selectMfaType' });
    expect(h.context().challenge?.mfaTypes).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const entered: unknown[] = [];
    h.auth.subscribe((s) => entered.push(s.value));

    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'TOTP' });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')[0]).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'SELECT_MFA_TYPE',
      Session: session('select'),
      ChallengeResponses: { USERNAME: INTERNAL, ANSWER: 'SOFTWARE_TOKEN_MFA' },
    });
    expect(h.value()).toEqual({ challenge: 'totpMfa' });
    expect(entered).toEqual([{ challenge: 'responding' }, { challenge: 'totpMfa' }]);
    expect(h.context().challenge).toMatchObject({ name: 'SOFTWARE_TOKEN_MFA', session: session('totp') });

    h.send({ type: 'CONFIRM_SIGN_IN', code: '161803' });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')[1]).toMatchObject({
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: session('totp'),
      ChallengeResponses: { USERNAME: INTERNAL, SOFTWARE_TOKEN_MFA_CODE: '161803' },
    });
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('SMS_MFA answer leads to challenge.smsMfa', async () => {
    const h = await inChallenge(
      { ChallengeName: 'SELECT_MFA_TYPE', Session: session('select'), ChallengeParameters: { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]', USERNAME: INTERNAL } },
      { RespondToAuthChallenge: [smsChallenge(session('sms2'))] },
    );
    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'SMS_MFA' });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')[0]).toMatchObject({ ChallengeResponses: { USERNAME: INTERNAL, ANSWER: 'SMS_MFA' } });
    expect(h.value()).toEqual({ challenge: 'smsMfa' });
    expect(h.context().challenge?.session).toBe(session('sms2'));
  });
});

describe('CUSTOM_CHALLENGE', () => {
  it('goes round after round, each with the session of the round before, then signs in', async () => {
    const round = (n: number) => ({
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: session(`round${n}`),
      ChallengeParameters: { USERNAME: INTERNAL, question: `q${n}` },
    });
    const h = await startAuth({
      script: { InitiateAuth: [round(1)], RespondToAuthChallenge: [round(2), round(3), { AuthenticationResult: fakeTokens() }] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice@example.com', authFlow: 'CUSTOM_WITHOUT_SRP' });
    await h.settle();
    for (const n of [1, 2, 3]) {
      expect(h.value()).toEqual({ challenge: 'customChallenge' });
      expect(h.context().challenge?.parameters.question).toBe(`q${n}`);
      expect(h.context().challenge?.session).toBe(session(`round${n}`));
      h.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: `answer-number-${n}`, clientMetadata: { round: String(n) } });
      await h.settle();
    }
    expect(h.callsOf('RespondToAuthChallenge')).toEqual(
      [1, 2, 3].map((n) => ({
        ClientId: CLIENT_ID,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: session(`round${n}`),
        ChallengeResponses: { USERNAME: INTERNAL, ANSWER: `answer-number-${n}` },
        ClientMetadata: { round: String(n) },
      })),
    );
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['signIn']);
  });

  it('NotAuthorizedException (the Define trigger failed the sign-in) → signedOut with signIn_failure', async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [{ ChallengeName: 'CUSTOM_CHALLENGE', Session: session('round1'), ChallengeParameters: { USERNAME: INTERNAL } }],
        RespondToAuthChallenge: [cognitoError('NotAuthorizedException', 'Incorrect username or password.')],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice@example.com', authFlow: 'CUSTOM_WITHOUT_SRP' });
    await h.settle();
    h.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: 'wrong-answer' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NotAuthorizedException');
    expect(h.types()).toEqual(['confirmSignIn_failure', 'signIn_failure']);
  });
});

describe('NEW_PASSWORD_REQUIRED', () => {
  const newPasswordChallenge = {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session('newpw'),
    ChallengeParameters: {
      USER_ID_FOR_SRP: INTERNAL,
      requiredAttributes: '["userAttributes.given_name","userAttributes.phone_number"]',
      userAttributes: '{"email":"alice@example.com","email_verified":"true"}',
    },
  };

  it('lists required attributes without the prefix and answers NEW_PASSWORD and userAttributes.<name>', async () => {
    const h = await inChallenge(newPasswordChallenge, {
      RespondToAuthChallenge: [cognitoError('InvalidPasswordException', 'Password did not conform with policy'), { AuthenticationResult: fakeTokens() }],
    });
    expect(h.value()).toEqual({ challenge: 'newPasswordRequired' });
    expect(h.context().challenge?.requiredAttributes).toEqual(['given_name', 'phone_number']);
    expect(h.context().challenge?.username).toBe(INTERNAL);

    h.send({ type: 'COMPLETE_NEW_PASSWORD', newPassword: 'short-one' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: 'newPasswordRequired' });
    expect(h.errorName()).toBe('InvalidPasswordException');
    expect(h.types()).toEqual(['completeNewPassword_failure']);
    expect(h.events[0]).toMatchObject({ error: { name: 'InvalidPasswordException' } });

    h.send({
      type: 'COMPLETE_NEW_PASSWORD',
      newPassword: 'A-much-Str0nger-one!',
      requiredAttributes: { given_name: 'Alice', phoneNumber: '+14325551212' },
      clientMetadata: { why: 'first-login' },
    });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      {
        ClientId: CLIENT_ID,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session('newpw'),
        ChallengeResponses: { USERNAME: INTERNAL, NEW_PASSWORD: 'short-one' },
      },
      {
        ClientId: CLIENT_ID,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session('newpw'),
        ChallengeResponses: {
          USERNAME: INTERNAL,
          NEW_PASSWORD: 'A-much-Str0nger-one!',
          'userAttributes.given_name': 'Alice',
          'userAttributes.phone_number': '+14325551212',
        },
        ClientMetadata: { why: 'first-login' },
      },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['completeNewPassword_failure', 'signIn']);
  });

  it('a new password followed by MFA enters the MFA challenge with the new session', async () => {
    const h = await inChallenge(newPasswordChallenge, { RespondToAuthChallenge: [smsChallenge(session('after-newpw'))] });
    h.send({ type: 'COMPLETE_NEW_PASSWORD', newPassword: 'A-much-Str0nger-one!', requiredAttributes: { given_name: 'A', phone_number: '+14325551212' } });
    await h.settle();
    expect(h.value()).toEqual({ challenge: 'smsMfa' });
    expect(h.context().challenge?.session).toBe(session('after-newpw'));
  });
});

describe('challenge session expiry', () => {
  it('after 3 minutes → signedOut with SessionExpiredError and signIn_failure; nothing is sent', async () => {
    vi.useFakeTimers();
    const h = await inChallenge(smsChallenge());
    expect(h.value()).toEqual({ challenge: 'smsMfa' });
    await vi.advanceTimersByTimeAsync(3 * 60 * 1000 - 1);
    expect(h.value()).toEqual({ challenge: 'smsMfa' });
    await vi.advanceTimersByTimeAsync(1);
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('SessionExpiredError');
    expect(h.context().challenge).toBeNull();
    expect(h.types()).toEqual(['signIn_failure']);
    expect(h.ops()).toEqual(['InitiateAuth']);
    h.assertNoLeaks();
  });

  it('each new challenge starts its own 3 minutes', async () => {
    vi.useFakeTimers();
    const round = (n: number) => ({ ChallengeName: 'CUSTOM_CHALLENGE', Session: session(`r${n}`), ChallengeParameters: { USERNAME: INTERNAL } });
    const h = await startAuth({ script: { InitiateAuth: [round(1)], RespondToAuthChallenge: [round(2)] } });
    h.send({ type: 'SIGN_IN', username: 'alice', authFlow: 'CUSTOM_WITHOUT_SRP' });
    await h.settle();
    await vi.advanceTimersByTimeAsync(2 * 60 * 1000);
    h.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: 'first-answer' });
    await h.settle();
    await vi.advanceTimersByTimeAsync(2 * 60 * 1000);
    expect(h.value()).toEqual({ challenge: 'customChallenge' });
    await vi.advanceTimersByTimeAsync(60 * 1000);
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('SessionExpiredError');
  });

  it('follows challengeSessionMs from the config', async () => {
    vi.useFakeTimers();
    const h = await inChallenge(smsChallenge(), {}, { challengeSessionMs: 10 * 60 * 1000 });
    await vi.advanceTimersByTimeAsync(3 * 60 * 1000);
    expect(h.value()).toEqual({ challenge: 'smsMfa' });
    await vi.advanceTimersByTimeAsync(7 * 60 * 1000);
    expect(h.value()).toBe('signedOut');
  });
});
