import { Auth, Hub } from 'aws-amplify-v5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCognito, type LocalCognitoServer } from '../src/local-cognito-server.js';
import { createLocalUserPool, type LocalUserPool } from '../src/local-user-pool.js';

/**
 * The seed guide's own calls (Amplify JS v5 `Auth`), run against the local pool over HTTP: every flow of the guide
 * works offline. One pool for the file, as an app would have.
 */
const PASSWORD = 'Passw0rd!';
let server: LocalCognitoServer;
let local: LocalUserPool;

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
    triggers: {
      DefineAuthChallenge: async (event) => {
        const last = event.request.session.at(-1);
        if (last?.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
        else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
        else event.response.challengeName = 'CUSTOM_CHALLENGE';
        return event;
      },
      CreateAuthChallenge: async (event) => {
        event.response.publicChallengeParameters = { question: 'favourite colour?' };
        event.response.privateChallengeParameters = { answer: 'blue' };
        return event;
      },
      VerifyAuthChallengeResponse: async (event) => {
        event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
        return event;
      },
    },
  });
  Auth.configure({ region: 'us-east-1', userPoolId: local.userPoolId, userPoolWebClientId: local.clientId, endpoint: server.endpoint });
});

afterAll(async () => {
  await Auth.signOut().catch(() => undefined);
  await server?.close();
});

async function adminUser(username: string, options: { phone?: string; temporaryPassword?: string } = {}) {
  await local.admin.createUser(username, {
    attributes: [{ Name: 'email', Value: `${username}@example.com` }, ...(options.phone ? [{ Name: 'phone_number', Value: options.phone }] : [])],
    suppress: true,
    ...(options.temporaryPassword ? { temporaryPassword: options.temporaryPassword } : {}),
  });
  if (!options.temporaryPassword) await local.admin.setPassword(username, PASSWORD, true);
}

describe('the seed guide with Amplify v5 Auth against the local pool', () => {
  it('sign-up with custom attribute, re-send code, confirm, auto sign-in via Hub', async () => {
    const autoSignedIn = new Promise<{ getUsername(): string }>((resolve, reject) => {
      const stop = Hub.listen('auth', ({ payload }) => {
        if (payload.event === 'autoSignIn') {
          stop();
          resolve(payload.data);
        } else if (payload.event === 'autoSignIn_failure') {
          stop();
          reject(new Error('autoSignIn_failure'));
        }
      });
    });
    const { user, userConfirmed, userSub } = await Auth.signUp({
      username: 'fern',
      password: PASSWORD,
      attributes: { email: 'fern@example.com', 'custom:favorite_flavor': 'Cookie Dough' },
      autoSignIn: { enabled: true },
    });
    expect(user.getUsername()).toBe('fern');
    expect(userConfirmed).toBe(false);
    expect(userSub).toMatch(/^[0-9a-f-]{36}$/);
    await Auth.resendSignUp('fern');
    await expect(Auth.confirmSignUp('fern', '0')).rejects.toMatchObject({ code: 'CodeMismatchException' });
    expect(await Auth.confirmSignUp('fern', local.lastCode('fern', 'ResendCode')!)).toBe('SUCCESS');
    expect((await autoSignedIn).getUsername()).toBe('fern');
    const current = await Auth.currentAuthenticatedUser();
    expect(current.attributes['custom:favorite_flavor']).toBe('Cookie Dough');
    await Auth.signOut();
  });

  it('confirmSignUp with forceAliasCreation false refuses a taken email alias', async () => {
    await adminUser('gus');
    await local.admin.updateAttributes('gus', [{ Name: 'email', Value: 'shared@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await Auth.signUp({ username: 'hal', password: PASSWORD, attributes: { email: 'shared@example.com' } });
    await expect(Auth.confirmSignUp('hal', local.lastCode('hal', 'SignUp')!, { forceAliasCreation: false })).rejects.toMatchObject({ code: 'AliasExistsException' });
    expect(await Auth.confirmSignUp('hal', local.lastCode('hal', 'SignUp')!, { forceAliasCreation: true })).toBe('SUCCESS');
  });

  it('sign-in, SMS MFA with confirmSignIn, global sign-out', async () => {
    await adminUser('ida', { phone: '+15550005555' });
    await local.admin.setMfaPreference('ida', { sms: { Enabled: true, PreferredMfa: true } });
    const user = await Auth.signIn('ida', PASSWORD);
    expect(user.challengeName).toBe('SMS_MFA');
    await Auth.confirmSignIn(user, local.lastCode('ida', 'Authentication')!, 'SMS_MFA');
    expect((await Auth.currentAuthenticatedUser()).getUsername()).toBe('ida');
    await Auth.signOut({ global: true });
    await expect(Auth.currentAuthenticatedUser()).rejects.toBeDefined();
  });

  it('custom challenge with sendCustomChallengeAnswer', async () => {
    await adminUser('jo');
    Auth.configure({ authenticationFlowType: 'CUSTOM_AUTH' });
    try {
      const user = await Auth.signIn('jo', PASSWORD);
      expect(user.challengeName).toBe('CUSTOM_CHALLENGE');
      expect(user.challengeParam.question).toBe('favourite colour?');
      const again = await Auth.sendCustomChallengeAnswer(user, 'red');
      expect(again.challengeName).toBe('CUSTOM_CHALLENGE');
      await Auth.sendCustomChallengeAnswer(again, 'blue');
      expect((await Auth.currentAuthenticatedUser()).getUsername()).toBe('jo');
      await Auth.signOut();
    } finally {
      Auth.configure({ authenticationFlowType: 'USER_SRP_AUTH' });
    }
  });

  it('new password required with completeNewPassword, then sign-out', async () => {
    await adminUser('kai', { temporaryPassword: 'Temp-Pass1' });
    const user = await Auth.signIn('kai', 'Temp-Pass1');
    expect(user.challengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(user.challengeParam.requiredAttributes).toEqual([]);
    await Auth.completeNewPassword(user, 'Brand-New1', {});
    expect((await Auth.currentAuthenticatedUser()).getUsername()).toBe('kai');
    await Auth.signOut();
    await expect(Auth.signIn('kai', 'Temp-Pass1')).rejects.toMatchObject({ code: 'NotAuthorizedException' });
  });
});
