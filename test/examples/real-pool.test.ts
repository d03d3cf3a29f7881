import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitFor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createAuth, getTokens, type AuthActor } from '../../index.js';
import { createLocalCognito, localTransport, totpCode, type LocalCognito, type LocalTriggers } from '@cognito-auth-machine/local-pool';
import { customAuthTriggers } from '../../examples/real-pool/custom-auth-triggers.js';

/**
 * The pool definition docs/real-user-pool.md gives (examples/real-pool/) is the one every flow runs on: the
 * create-user-pool, create-user-pool-client and set-user-pool-mfa-config inputs go to the local user pool as they
 * would to Cognito, the custom-challenge triggers are the example's own, and each flow of the guides runs through
 * createAuth. The CloudFormation template must say the same as the JSON inputs.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
type Json = Record<string, unknown>;
const readJson = (path: string) => JSON.parse(readFileSync(`${root}examples/real-pool/${path}`, 'utf8')) as Json;

const POOL = readJson('create-user-pool.json');
const CLIENT = readJson('create-user-pool-client.json');
const MFA = readJson('set-user-pool-mfa-config.json');
const TEMPLATE = readJson('cloudformation.json') as { Resources: Record<string, { Type: string; Properties: Json }> };

const PASSWORD = 'Passw0rd!';

interface RealPool {
  cognito: LocalCognito;
  userPoolId: string;
  clientId: string;
  /** Codes the custom-challenge trigger sent, oldest first. */
  emailed: { email: string; code: string }[];
  lastCode(username: string, purpose: string): string;
  newAuth(): Promise<AuthActor>;
}

async function definePool(): Promise<RealPool> {
  const cognito = createLocalCognito();
  const { UserPool } = (await cognito.send('CreateUserPool', POOL)) as { UserPool: { Id: string } };
  const { UserPoolClient } = (await cognito.send('CreateUserPoolClient', { ...CLIENT, UserPoolId: UserPool.Id })) as {
    UserPoolClient: { ClientId: string; ClientSecret?: string };
  };
  expect(UserPoolClient.ClientSecret).toBeUndefined();
  await cognito.send('SetUserPoolMfaConfig', { ...MFA, UserPoolId: UserPool.Id });
  // The pool's LambdaConfig names the three functions; here they run in process, as the example's code.
  const emailed: RealPool['emailed'] = [];
  const triggers = customAuthTriggers(async (email, code) => void emailed.push({ email, code }));
  const local: LocalTriggers = {
    DefineAuthChallenge: triggers.defineAuthChallenge,
    CreateAuthChallenge: triggers.createAuthChallenge,
    VerifyAuthChallengeResponse: triggers.verifyAuthChallengeResponse,
  };
  cognito.setPoolTriggers(UserPool.Id, local);
  const transport = localTransport(cognito);
  return {
    cognito,
    userPoolId: UserPool.Id,
    clientId: UserPoolClient.ClientId,
    emailed,
    lastCode(username, purpose) {
      const message = cognito.messages().filter((m) => m.username === username && m.purpose === purpose).at(-1);
      if (!message) throw new Error(`no ${purpose} code for ${username}`);
      return message.code;
    },
    async newAuth() {
      const auth = createAuth({ userPoolId: UserPool.Id, userPoolClientId: UserPoolClient.ClientId, transport });
      await settled(auth);
      return auth;
    },
  };
}

const settled = (auth: AuthActor) => waitFor(auth, (s) => !s.hasTag('busy'));

async function expectState(auth: AuthActor, state: Parameters<ReturnType<AuthActor['getSnapshot']>['matches']>[0]) {
  const snapshot = await settled(auth);
  expect(snapshot.matches(state), `${JSON.stringify(snapshot.value)} ${snapshot.context.error?.name ?? ''}`).toBe(true);
  return snapshot;
}

async function admin(pool: RealPool, operation: string, input: Json) {
  return pool.cognito.send(operation, { UserPoolId: pool.userPoolId, ...input });
}

/** A confirmed user with a verified email (and a phone number when given), as sign-up would leave them. */
async function addUser(pool: RealPool, username: string, extra: Json = {}) {
  await admin(pool, 'AdminCreateUser', {
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'email_verified', Value: 'true' },
      ...((extra.phone as string | undefined) ? [{ Name: 'phone_number', Value: extra.phone }, { Name: 'phone_number_verified', Value: 'true' }] : []),
    ],
  });
  await admin(pool, 'AdminSetUserPassword', { Username: username, Password: PASSWORD, Permanent: true });
}

async function signIn(auth: AuthActor, username: string, authFlow?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH') {
  auth.send({ type: 'SIGN_IN', username, password: PASSWORD, ...(authFlow ? { authFlow } : {}) });
  return settled(auth);
}

describe('the real user pool definition on the local pool', () => {
  it('sign-up with the custom attribute, confirm, auto sign-in, sign-out', async () => {
    const pool = await definePool();
    const auth = await pool.newAuth();
    auth.send({
      type: 'SIGN_UP',
      username: 'alice',
      password: PASSWORD,
      attributes: { email: 'alice@example.com', 'custom:favorite_flavor': 'Cookie Dough' },
      autoSignIn: true,
    });
    await expectState(auth, 'confirmingSignUp');
    auth.send({ type: 'CONFIRM_SIGN_UP', code: pool.lastCode('alice', 'SignUp') });
    const signedIn = await expectState(auth, 'signedIn');
    expect(signedIn.context.user?.attributes['custom:favorite_flavor']).toBe('Cookie Dough');
    const { refreshToken } = signedIn.context.tokens ?? {};
    auth.send({ type: 'SIGN_OUT' });
    await expectState(auth, 'signedOut');
    // Token revocation is on: the signed-out session's refresh token no longer works.
    await expect(
      pool.cognito.send('InitiateAuth', { ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    auth.stop();
  });

  it('SRP and USER_PASSWORD_AUTH sign-in, by username and by email alias; global sign-out', async () => {
    const pool = await definePool();
    await addUser(pool, 'bob');
    const auth = await pool.newAuth();
    expect((await signIn(auth, 'bob')).matches('signedIn')).toBe(true);
    const { accessToken } = await getTokens(auth);
    auth.send({ type: 'SIGN_OUT', global: true });
    await expectState(auth, 'signedOut');
    await expect(pool.cognito.send('GetUser', { AccessToken: accessToken })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await signIn(auth, 'bob@example.com', 'USER_PASSWORD_AUTH')).matches('signedIn')).toBe(true);
    auth.stop();
  });

  it('SMS MFA, with the message the MFA settings give', async () => {
    const pool = await definePool();
    await addUser(pool, 'sam', { phone: '+15555550100' });
    await admin(pool, 'AdminSetUserMFAPreference', { Username: 'sam', SMSMfaSettings: { Enabled: true, PreferredMfa: true } });
    const auth = await pool.newAuth();
    expect((await signIn(auth, 'sam')).matches({ challenge: 'smsMfa' })).toBe(true);
    auth.send({ type: 'CONFIRM_SIGN_IN', code: pool.lastCode('sam', 'Authentication') });
    await expectState(auth, 'signedIn');
    auth.stop();
  });

  it('TOTP MFA: set up while signed in, then asked for at sign-in', async () => {
    const pool = await definePool();
    await addUser(pool, 'tara');
    const auth = await pool.newAuth();
    await signIn(auth, 'tara');
    const { accessToken } = await getTokens(auth);
    const { SecretCode } = (await pool.cognito.send('AssociateSoftwareToken', { AccessToken: accessToken })) as { SecretCode: string };
    // A TOTP code is accepted once, as on Cognito: the setup takes the previous 30-second step's code, so that the
    // sign-in below can use the current one.
    await pool.cognito.send('VerifySoftwareToken', { AccessToken: accessToken, UserCode: totpCode(SecretCode, pool.cognito.clock.now() - 30_000) });
    await pool.cognito.send('SetUserMFAPreference', { AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
    auth.send({ type: 'SIGN_OUT' });
    await expectState(auth, 'signedOut');
    expect((await signIn(auth, 'tara')).matches({ challenge: 'totpMfa' })).toBe(true);
    auth.send({ type: 'CONFIRM_SIGN_IN', code: totpCode(SecretCode, pool.cognito.clock.now()) });
    await expectState(auth, 'signedIn');
    auth.stop();
  });

  it('custom challenge with the example triggers: a wrong code, then the emailed one', async () => {
    const pool = await definePool();
    await addUser(pool, 'quinn');
    const auth = await pool.newAuth();
    auth.send({ type: 'SIGN_IN', username: 'quinn', authFlow: 'CUSTOM_WITHOUT_SRP' });
    const challenge = await expectState(auth, { challenge: 'customChallenge' });
    expect(challenge.context.challenge?.parameters).toMatchObject({ delivery: 'EMAIL', destination: 'q***@e***' });
    expect(pool.emailed.map((m) => m.email)).toEqual(['quinn@example.com']);
    const { code } = pool.emailed[0]!;
    expect(code).toMatch(/^\d{6}$/);
    auth.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: code === '000000' ? '111111' : '000000' });
    await expectState(auth, { challenge: 'customChallenge' });
    // The retry keeps the code already sent: nothing new was emailed.
    expect(pool.emailed).toHaveLength(1);
    auth.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: code });
    await expectState(auth, 'signedIn');
    auth.stop();
  });

  it('new password required for a user an administrator created', async () => {
    const pool = await definePool();
    await admin(pool, 'AdminCreateUser', {
      Username: 'nina',
      TemporaryPassword: 'Temp-Passw0rd!',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'nina@example.com' }, { Name: 'email_verified', Value: 'true' }],
    });
    const auth = await pool.newAuth();
    auth.send({ type: 'SIGN_IN', username: 'nina', password: 'Temp-Passw0rd!' });
    await expectState(auth, { challenge: 'newPasswordRequired' });
    auth.send({ type: 'COMPLETE_NEW_PASSWORD', newPassword: PASSWORD });
    await expectState(auth, 'signedIn');
    auth.stop();
  });

  it('forgot password by the verified email, then sign-in with the new password', async () => {
    const pool = await definePool();
    await addUser(pool, 'fred');
    const auth = await pool.newAuth();
    auth.send({ type: 'FORGOT_PASSWORD', username: 'fred' });
    await expectState(auth, { resettingPassword: 'awaitingCode' });
    auth.send({ type: 'CONFIRM_FORGOT_PASSWORD', code: pool.lastCode('fred', 'ForgotPassword'), newPassword: 'Battery-Staple-7!' });
    await expectState(auth, 'signedOut');
    auth.send({ type: 'SIGN_IN', username: 'fred', password: 'Battery-Staple-7!' });
    await expectState(auth, 'signedIn');
    auth.stop();
  });
});

describe('the CloudFormation template', () => {
  const resource = (type: string) => {
    const found = Object.values(TEMPLATE.Resources).filter((r) => r.Type === type);
    expect(found).toHaveLength(1);
    return found[0]!.Properties;
  };
  const userPool = resource('AWS::Cognito::UserPool');
  const client = resource('AWS::Cognito::UserPoolClient');

  it('defines the pool the create-user-pool input defines', () => {
    const { PoolName, SmsConfiguration, LambdaConfig, ...rest } = POOL;
    const { UserPoolName, SmsConfiguration: cfnSms, LambdaConfig: cfnLambda, EnabledMfas, ...cfnRest } = userPool;
    expect(UserPoolName).toBe(PoolName);
    expect(cfnRest).toEqual(rest);
    // ARNs are the stack's own resources there, an account's here: the same members, the same external id.
    expect(Object.keys(cfnSms as Json).sort()).toEqual(Object.keys(SmsConfiguration as Json).sort());
    expect((cfnSms as Json).ExternalId).toBe((SmsConfiguration as Json).ExternalId);
    expect(Object.keys(cfnLambda as Json).sort()).toEqual(Object.keys(LambdaConfig as Json).sort());
    // Each trigger is the function whose handler is the example's export of that name.
    for (const [trigger, value] of Object.entries(cfnLambda as Record<string, { 'Fn::GetAtt': [string, string] }>)) {
      const functionName = value['Fn::GetAtt'][0];
      const handler = TEMPLATE.Resources[functionName]?.Properties.Handler;
      expect(handler).toBe(`index.${trigger[0]!.toLowerCase()}${trigger.slice(1)}`);
      expect(Object.keys(customAuthTriggers(async () => {}))).toContain(String(handler).slice('index.'.length));
    }
    // EnabledMfas is what SetUserPoolMfaConfig switches on.
    const mfa = MFA as { MfaConfiguration: string; SoftwareTokenMfaConfiguration: { Enabled: boolean }; SmsMfaConfiguration?: Json };
    expect(EnabledMfas).toEqual([
      ...(mfa.SmsMfaConfiguration ? ['SMS_MFA'] : []),
      ...(mfa.SoftwareTokenMfaConfiguration.Enabled ? ['SOFTWARE_TOKEN_MFA'] : []),
    ]);
    expect(userPool.MfaConfiguration).toBe(mfa.MfaConfiguration);
    expect(userPool.SmsAuthenticationMessage).toBe(mfa.SmsMfaConfiguration?.SmsAuthenticationMessage);
    expect(mfa.SmsMfaConfiguration?.SmsConfiguration).toEqual(SmsConfiguration);
  });

  it('defines the app client the create-user-pool-client input defines', () => {
    const { UserPoolId, ...rest } = client;
    expect(UserPoolId).toEqual({ Ref: 'UserPool' });
    expect(rest).toEqual(CLIENT);
    expect(CLIENT.GenerateSecret).toBe(false);
  });
});
