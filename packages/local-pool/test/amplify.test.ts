import { Amplify } from 'aws-amplify';
import {
  autoSignIn,
  confirmSignIn,
  confirmSignUp,
  fetchAuthSession,
  getCurrentUser,
  signIn,
  signOut,
  signUp,
  updateMFAPreference,
  setUpTOTP,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalCognito, type LocalCognitoServer } from '../src/local-cognito-server.js';
import { createLocalUserPool, type LocalUserPool } from '../src/local-user-pool.js';
import { totpCode } from '../src/totp.js';

/**
 * Amplify v6 keeps module-level state (configuration, the signed-in user, the auto sign-in listener), so this file
 * owns it alone: one server, one pool, and every test ends signed out.
 */
const PASSWORD = 'Passw0rd!';
let server: LocalCognitoServer;
let local: LocalUserPool;

async function wireError(operation: string, body: Record<string, unknown>): Promise<string | undefined> {
  const response = await fetch(server.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  return response.headers.get('x-amzn-errortype') ?? undefined;
}

beforeAll(async () => {
  server = await startLocalCognito();
  local = await createLocalUserPool({
    cognito: server.cognito,
    pool: {
      AliasAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns' },
      Schema: [{ Name: 'favorite_flavor', AttributeDataType: 'String', Mutable: true }],
    },
    mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } },
  });
  Amplify.configure({
    Auth: { Cognito: { userPoolId: local.userPoolId, userPoolClientId: local.clientId, userPoolEndpoint: server.endpoint } },
  });
});

afterAll(async () => {
  await signOut().catch(() => undefined);
  await server?.close();
});

async function confirmedUser(username: string, phone?: string) {
  await local.admin.createUser(username, {
    attributes: [{ Name: 'email', Value: `${username}@example.com` }, ...(phone ? [{ Name: 'phone_number', Value: phone }] : [])],
    suppress: true,
  });
  await local.admin.setPassword(username, PASSWORD, true);
}

describe('aws-amplify v6 against the local pool over HTTP', () => {
  it('signUp, confirmSignUp and autoSignIn with custom attributes', async () => {
    // signUp arms Amplify's 3-minute auto sign-in timeout; arming it on a fake clock lets the test drop it at once.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let up: Awaited<ReturnType<typeof signUp>>;
    try {
      up = await signUp({
        username: 'yara',
        password: PASSWORD,
        options: { userAttributes: { email: 'yara@example.com', 'custom:favorite_flavor': 'pistachio' }, autoSignIn: true },
      });
      expect(vi.getTimerCount()).toBeGreaterThan(0);
    } finally {
      vi.clearAllTimers();
      vi.useRealTimers();
    }
    expect(up.isSignUpComplete).toBe(false);
    expect(up.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    const confirmed = await confirmSignUp({ username: 'yara', confirmationCode: local.lastCode('yara', 'SignUp')! });
    expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    const signedIn = await autoSignIn();
    expect(signedIn.isSignedIn).toBe(true);
    const current = await getCurrentUser();
    expect(current.username).toBe('yara');
    const session = await fetchAuthSession();
    expect(session.tokens?.idToken?.payload['custom:favorite_flavor']).toBe('pistachio');
    await signOut();
  });

  it('signIn with SRP: wrong password fails; fetchAuthSession forceRefresh; signOut revokes', async () => {
    await confirmedUser('zed');
    await expect(signIn({ username: 'zed', password: 'Wrong-pass1' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const out = await signIn({ username: 'zed', password: PASSWORD });
    expect(out).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const before = await fetchAuthSession();
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    expect(refreshed.tokens?.accessToken.toString()).not.toBe(before.tokens?.accessToken.toString());
    expect(refreshed.tokens?.accessToken.payload.origin_jti).toBe(before.tokens?.accessToken.payload.origin_jti);
    const accessToken = refreshed.tokens!.accessToken.toString();
    await signOut();
    expect(await wireError('GetUser', { AccessToken: accessToken })).toBe('NotAuthorizedException');
  });

  it('SMS MFA: CONFIRM_SIGN_IN_WITH_SMS_CODE, a wrong code, then confirmSignIn', async () => {
    await confirmedUser('abe', '+15550003333');
    await local.admin.setMfaPreference('abe', { sms: { Enabled: true, PreferredMfa: true } });
    const out = await signIn({ username: 'abe', password: PASSWORD });
    expect(out.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_SMS_CODE');
    const code = local.lastCode('abe', 'Authentication')!;
    await expect(confirmSignIn({ challengeResponse: code === '000000' ? '111111' : '000000' })).rejects.toMatchObject({ name: 'CodeMismatchException' });
    const done = await confirmSignIn({ challengeResponse: code });
    expect(done.isSignedIn).toBe(true);
    await signOut();
  });

  it('TOTP: setUpTOTP, verifyTOTPSetup, updateMFAPreference, then CONFIRM_SIGN_IN_WITH_TOTP_CODE', async () => {
    await confirmedUser('bea', '+15550004444');
    await signIn({ username: 'bea', password: PASSWORD });
    const setup = await setUpTOTP();
    const secret = setup.sharedSecret;
    expect(setup.getSetupUri('local').toString()).toContain(secret);
    // A TOTP code is accepted once (as on Cognito): setup takes the previous step's, sign-ins the later ones.
    await verifyTOTPSetup({ code: totpCode(secret, Date.now() - 30_000) });
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();
    const out = await signIn({ username: 'bea', password: PASSWORD });
    expect(out.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: totpCode(secret) })).isSignedIn).toBe(true);
    await signOut();
    // Both factors enabled, none preferred: the user picks one.
    await local.admin.setMfaPreference('bea', { sms: { Enabled: true, PreferredMfa: false }, totp: { Enabled: true, PreferredMfa: false } });
    const select = await signIn({ username: 'bea', password: PASSWORD });
    expect(select.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_MFA_SELECTION');
    const chosen = await confirmSignIn({ challengeResponse: 'TOTP' });
    expect(chosen.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: totpCode(secret, Date.now() + 30_000) })).isSignedIn).toBe(true);
    await signOut();
  });

  it('NEW_PASSWORD_REQUIRED through confirmSignIn, then global signOut', async () => {
    await local.admin.createUser('cal', { temporaryPassword: 'Temp-Pass1', attributes: [{ Name: 'email', Value: 'cal@example.com' }], suppress: true });
    const out = await signIn({ username: 'cal', password: 'Temp-Pass1' });
    expect(out.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    const done = await confirmSignIn({ challengeResponse: 'Brand-New1' });
    expect(done.isSignedIn).toBe(true);
    const session = await fetchAuthSession();
    const accessToken = session.tokens!.accessToken.toString();
    await signOut({ global: true });
    expect(await wireError('GetUser', { AccessToken: accessToken })).toBe('NotAuthorizedException');
  });

  it('custom challenge with CUSTOM_WITHOUT_SRP and TOTP MFA setup in the sign-in flow', async () => {
    local.cognito.setPoolTriggers(local.userPoolId, {
      DefineAuthChallenge: async (event) => {
        const last = event.request.session.at(-1);
        if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
        else event.response.challengeName = 'CUSTOM_CHALLENGE';
        return event;
      },
      CreateAuthChallenge: async (event) => {
        event.response.publicChallengeParameters = { question: 'capital of France' };
        event.response.privateChallengeParameters = { answer: 'Paris' };
        return event;
      },
      VerifyAuthChallengeResponse: async (event) => {
        event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
        return event;
      },
    });
    await confirmedUser('dot');
    const out = await signIn({ username: 'dot', options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
    expect(out.nextStep).toMatchObject({ signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { question: 'capital of France' } });
    const retry = await confirmSignIn({ challengeResponse: 'Lyon' });
    expect(retry.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
    expect((await confirmSignIn({ challengeResponse: 'Paris' })).isSignedIn).toBe(true);
    await signOut();

    await local.admin.send('SetUserPoolMfaConfig', { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
    try {
      await confirmedUser('eve');
      const setup = await signIn({ username: 'eve', password: PASSWORD });
      expect(setup.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
      if (setup.nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') return;
      const secret = setup.nextStep.totpSetupDetails.sharedSecret;
      expect((await confirmSignIn({ challengeResponse: totpCode(secret) })).isSignedIn).toBe(true);
      await signOut();
    } finally {
      await local.admin.send('SetUserPoolMfaConfig', { MfaConfiguration: 'OPTIONAL' });
    }
  });
});
