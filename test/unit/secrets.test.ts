import { afterEach, describe, expect, it } from 'vitest';
import { cognitoError } from '../support/scripted-transport.js';
import { fakeTokens } from '../support/fake-tokens.js';
import { networkFailure, refreshedTokens, session, startAuth, stopAll } from '../support/auth-harness.js';

afterEach(stopAll);

/*
 * Every flow test already runs under the harness's leak check. This file walks one long journey through all
 * flows with its own explicit list of secrets, so the check does not rest on the harness alone, and proves that
 * the harness does catch a leak.
 */

const SECRETS = {
  signUpPassword: 'Sign-Up-Pa55word!',
  signUpCode: 'code-sign-up-7351',
  resetCode: 'code-reset-9042',
  resetPassword: 'Reset-N3w-Password!',
  signInPassword: 'Sign-In-Pa55word!',
  smsCode: 'code-sms-6628',
  wrongSmsCode: 'code-sms-0000',
  customAnswer: 'custom-answer-horse-battery',
  newPassword: 'Challenge-N3w-Pw!',
  totpCode: '507193',
  totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  sessionSms: session('journey-sms'),
  sessionCustom: session('journey-custom'),
  sessionNewPw: session('journey-newpw'),
  sessionSetup: session('journey-setup'),
  sessionAssociated: session('journey-assoc'),
  sessionVerified: session('journey-verified'),
};

describe('no secret in any emitted event', () => {
  it('across sign-up, confirm, auto sign-in, challenges, refresh, sign-out and password reset', async () => {
    const first = fakeTokens({ username: 'alice' });
    const second = fakeTokens({ username: 'alice', issuedAt: Date.now() + 1000 });
    const third = fakeTokens({ username: 'alice', issuedAt: Date.now() + 2000 });
    const fourth = fakeTokens({ username: 'alice', issuedAt: Date.now() + 3000 });
    const refreshed = refreshedTokens({ username: 'alice', issuedAt: Date.now() + 4000 });
    const h = await startAuth({
      script: {
        SignUp: [{ UserConfirmed: false, UserSub: 'sub-1' }],
        ConfirmSignUp: [cognitoError('CodeMismatchException'), {}],
        InitiateAuth: [
          { AuthenticationResult: first },
          cognitoError('NotAuthorizedException', 'Incorrect username or password.'),
          { ChallengeName: 'SMS_MFA', Session: SECRETS.sessionSms, ChallengeParameters: { USERNAME: 'alice' } },
          { AuthenticationResult: refreshed },
          networkFailure(),
          { ChallengeName: 'CUSTOM_CHALLENGE', Session: SECRETS.sessionCustom, ChallengeParameters: { USERNAME: 'alice' } },
          { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: SECRETS.sessionNewPw, ChallengeParameters: { USERNAME: 'alice', requiredAttributes: '[]', userAttributes: '{}' } },
          { ChallengeName: 'MFA_SETUP', Session: SECRETS.sessionSetup, ChallengeParameters: { USERNAME: 'alice', MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } },
        ],
        RespondToAuthChallenge: [
          cognitoError('CodeMismatchException'),
          { AuthenticationResult: second },
          { AuthenticationResult: third },
          cognitoError('InvalidPasswordException'),
          { AuthenticationResult: fourth },
          { AuthenticationResult: fakeTokens({ username: 'alice', issuedAt: Date.now() + 5000 }) },
        ],
        AssociateSoftwareToken: [{ SecretCode: SECRETS.totpSecret, Session: SECRETS.sessionAssociated }],
        VerifySoftwareToken: [{ Status: 'SUCCESS', Session: SECRETS.sessionVerified }],
        RevokeToken: [networkFailure(), {}, {}, {}],
        GlobalSignOut: [{}],
        ForgotPassword: [{}],
        ConfirmForgotPassword: [cognitoError('CodeMismatchException'), {}],
      },
    });
    const step = async (event: Parameters<typeof h.send>[0]) => {
      h.send(event);
      await h.settle();
    };

    await step({ type: 'SIGN_UP', username: 'alice', password: SECRETS.signUpPassword, autoSignIn: true });
    await step({ type: 'CONFIRM_SIGN_UP', code: SECRETS.signUpCode });
    await step({ type: 'CONFIRM_SIGN_UP', code: SECRETS.signUpCode });
    expect(h.value()).toEqual({ signedIn: 'idle' });
    await step({ type: 'SIGN_OUT' });
    await step({ type: 'SIGN_IN', username: 'alice', password: SECRETS.signInPassword });
    await step({ type: 'SIGN_IN', username: 'alice', password: SECRETS.signInPassword });
    await step({ type: 'CONFIRM_SIGN_IN', code: SECRETS.wrongSmsCode });
    await step({ type: 'CONFIRM_SIGN_IN', code: SECRETS.smsCode });
    await step({ type: 'REFRESH' });
    await step({ type: 'REFRESH' });
    expect(h.errorName()).toBe('NetworkError');
    await step({ type: 'SIGN_OUT', global: true });
    await step({ type: 'SIGN_IN', username: 'alice', authFlow: 'CUSTOM_WITHOUT_SRP' });
    await step({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: SECRETS.customAnswer });
    await step({ type: 'SIGN_OUT' });
    await step({ type: 'SIGN_IN', username: 'alice', password: SECRETS.signInPassword });
    await step({ type: 'COMPLETE_NEW_PASSWORD', newPassword: SECRETS.newPassword });
    await step({ type: 'COMPLETE_NEW_PASSWORD', newPassword: SECRETS.newPassword });
    await step({ type: 'SIGN_OUT' });
    await step({ type: 'SIGN_IN', username: 'alice', password: SECRETS.signInPassword });
    await step({ type: 'VERIFY_TOTP_SETUP', code: SECRETS.totpCode });
    await step({ type: 'SIGN_OUT' });
    await step({ type: 'FORGOT_PASSWORD', username: 'alice' });
    await step({ type: 'CONFIRM_FORGOT_PASSWORD', code: SECRETS.resetCode, newPassword: SECRETS.resetPassword });
    await step({ type: 'CONFIRM_FORGOT_PASSWORD', code: SECRETS.resetCode, newPassword: SECRETS.resetPassword });
    expect(h.value()).toBe('signedOut');

    // Every step of the journey happened, and every kind of event was emitted.
    expect(h.transport.calls).toHaveLength(27);
    expect(new Set(h.types())).toEqual(
      new Set([
        'signUp',
        'confirmSignUp_failure',
        'confirmSignUp',
        'signIn',
        'autoSignIn',
        'signOut',
        'signIn_failure',
        'tokenRefresh',
        'tokenRefresh_failure',
        'confirmSignIn_failure',
        'completeNewPassword_failure',
        'forgotPassword',
        'forgotPasswordSubmit_failure',
        'forgotPasswordSubmit',
      ]),
    );

    const tokens = [first, second, third, fourth, refreshed].flatMap((t) => Object.values(t).filter((v): v is string => typeof v === 'string' && v.length > 20));
    const secrets = [...Object.values(SECRETS), ...tokens];
    for (const event of h.events) {
      const json = JSON.stringify(event);
      for (const secret of secrets) expect(json, `${event.type} holds a secret`).not.toContain(secret);
    }
  });

  it('a persisted snapshot holds no password during auto sign-in nor the TOTP secret during setup', async () => {
    const h = await startAuth({
      script: {
        SignUp: [{ UserConfirmed: false, UserSub: 'sub-1' }],
      },
    });
    h.send({ type: 'SIGN_UP', username: 'alice', password: SECRETS.signUpPassword, autoSignIn: true });
    await h.settle();
    expect(h.context().signUp?.password?.reveal()).toBe(SECRETS.signUpPassword);
    const persisted = JSON.stringify(h.auth.getPersistedSnapshot());
    expect(persisted).toContain('confirmingSignUp');
    expect(persisted).not.toContain(SECRETS.signUpPassword);

    const g = await startAuth({
      script: {
        InitiateAuth: [{ ChallengeName: 'MFA_SETUP', Session: SECRETS.sessionSetup, ChallengeParameters: { USERNAME: 'alice', MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } }],
        AssociateSoftwareToken: [{ SecretCode: SECRETS.totpSecret, Session: SECRETS.sessionAssociated }],
      },
    });
    g.send({ type: 'SIGN_IN', username: 'alice', password: SECRETS.signInPassword });
    await g.settle();
    const setup = JSON.stringify(g.auth.getPersistedSnapshot());
    expect(setup).toContain(SECRETS.sessionAssociated);
    expect(setup).not.toContain(SECRETS.totpSecret);
    expect(setup).not.toContain(SECRETS.signInPassword);
  });
});

describe('the harness leak check', () => {
  it('catches a secret that reaches an emitted event', async () => {
    // A pool that echoes the password into a user attribute: the signIn event then carries it.
    const h = await startAuth({
      script: { InitiateAuth: [{ AuthenticationResult: fakeTokens({ attributes: { nickname: SECRETS.signInPassword } }) }] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', password: SECRETS.signInPassword });
    const failure = await h.settle().catch((error: unknown) => error);
    expect(String(failure)).toMatch(/event signIn contains/);
    // The context holds the user's attributes, so every snapshot from then on is flagged as well.
    expect(String(failure)).toMatch(/snapshot \{"signedIn":"idle"\} contains/);
  });

  it('looks at the whole context: the challenge session is in the snapshot it checks', async () => {
    const h = await startAuth({
      script: { InitiateAuth: [{ ChallengeName: 'SMS_MFA', Session: SECRETS.sessionSms, ChallengeParameters: { USERNAME: 'alice' } }] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', password: SECRETS.signInPassword });
    await h.settle();
    expect(JSON.stringify(h.snapshot())).toContain(SECRETS.sessionSms);
  });
});
