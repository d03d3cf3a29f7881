import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCognito, type LocalCognitoServer } from '../src/local-cognito-server.js';
import { createLocalUserPool, type LocalUserPool } from '../src/local-user-pool.js';
import { totpCode } from '../src/totp.js';
import type { LocalTriggers } from '../src/triggers.js';

const PASSWORD = 'Passw0rd!';
let server: LocalCognitoServer;
let local: LocalUserPool;
let userPool: CognitoUserPool;

const triggers: LocalTriggers = {
  DefineAuthChallenge: async (event) => {
    const last = event.request.session.at(-1);
    if (last?.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
    else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
    else if (event.request.session.length > 4) event.response.failAuthentication = true;
    else event.response.challengeName = 'CUSTOM_CHALLENGE';
    return event;
  },
  CreateAuthChallenge: async (event) => {
    event.response.publicChallengeParameters = { hint: 'the colour of the sky' };
    event.response.privateChallengeParameters = { answer: 'blue' };
    return event;
  },
  VerifyAuthChallengeResponse: async (event) => {
    event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  },
};

beforeAll(async () => {
  server = await startLocalCognito();
  local = await createLocalUserPool({
    cognito: server.cognito,
    triggers,
    pool: { AliasAttributes: ['email'], MfaConfiguration: 'OPTIONAL', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns' } },
    mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } },
  });
  userPool = new CognitoUserPool({ UserPoolId: local.userPoolId, ClientId: local.clientId, endpoint: server.endpoint });
});

afterAll(async () => {
  await server?.close();
});

async function wire(operation: string, body: Record<string, unknown>): Promise<string | undefined> {
  const response = await fetch(server.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  return response.headers.get('x-amzn-errortype') ?? undefined;
}

const refreshOnWire = (token: string) =>
  wire('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: local.clientId, AuthParameters: { REFRESH_TOKEN: token } });
const getUserOnWire = (accessToken: string) => wire('GetUser', { AccessToken: accessToken });

function cb<T>(run: (done: (err: unknown, result?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((err, result) => (err ? reject(err) : resolve(result as T))));
}

type Outcome =
  | { kind: 'success'; session: CognitoUserSession }
  | { kind: 'mfa'; challenge: string; parameters: Record<string, string> }
  | { kind: 'totp' }
  | { kind: 'custom'; parameters: Record<string, string> }
  | { kind: 'newPassword'; userAttributes: Record<string, string>; requiredAttributes: string[] }
  | { kind: 'mfaSetup' };

function callbacks(resolve: (o: Outcome) => void, reject: (e: unknown) => void) {
  return {
    onSuccess: (session: CognitoUserSession) => resolve({ kind: 'success', session }),
    onFailure: reject,
    mfaRequired: (challenge: string, parameters: Record<string, string>) => resolve({ kind: 'mfa', challenge, parameters }),
    totpRequired: () => resolve({ kind: 'totp' }),
    customChallenge: (parameters: Record<string, string>) => resolve({ kind: 'custom', parameters }),
    newPasswordRequired: (userAttributes: Record<string, string>, requiredAttributes: string[]) =>
      resolve({ kind: 'newPassword', userAttributes, requiredAttributes }),
    mfaSetup: () => resolve({ kind: 'mfaSetup' }),
  };
}

function signIn(user: CognitoUser, password?: string): Promise<Outcome> {
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), ...(password ? { Password: password } : {}) }), callbacks(resolve, reject)),
  );
}

function step(run: (c: ReturnType<typeof callbacks>) => void): Promise<Outcome> {
  return new Promise((resolve, reject) => run(callbacks(resolve, reject)));
}

async function confirmedUser(username: string, phone?: string): Promise<CognitoUser> {
  await local.admin.createUser(username, {
    attributes: [{ Name: 'email', Value: `${username}@example.com` }, ...(phone ? [{ Name: 'phone_number', Value: phone }] : [])],
    suppress: true,
  });
  await local.admin.setPassword(username, PASSWORD, true);
  return new CognitoUser({ Username: username, Pool: userPool });
}

describe('amazon-cognito-identity-js against the local pool over HTTP', () => {
  it('signUp, resendConfirmationCode, confirmRegistration, then SRP authenticateUser; wrong password and code fail', async () => {
    const result = await cb<{ userConfirmed: boolean; userSub: string }>((done) =>
      userPool.signUp('sam', PASSWORD, [new CognitoUserAttribute({ Name: 'email', Value: 'sam@example.com' })], [], done as never),
    );
    expect(result.userConfirmed).toBe(false);
    const user = new CognitoUser({ Username: 'sam', Pool: userPool });
    await cb((done) => user.resendConfirmationCode(done as never));
    const wrongCode = await cb((done) => user.confirmRegistration('000000', true, done as never)).catch((e: { code?: string }) => e);
    const code = local.lastCode('sam', 'ResendCode')!;
    if (code !== '000000') expect((wrongCode as { code?: string }).code).toBe('CodeMismatchException');
    expect(await cb((done) => user.confirmRegistration(code, true, done as never))).toBe('SUCCESS');
    const bad = await signIn(user, 'Wrong-pass1').catch((e: { code?: string; message?: string }) => e);
    expect(bad).toMatchObject({ code: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const ok = await signIn(new CognitoUser({ Username: 'sam@example.com', Pool: userPool }), PASSWORD);
    expect(ok.kind).toBe('success');
    if (ok.kind === 'success') {
      expect(ok.session.isValid()).toBe(true);
      expect(ok.session.getIdToken().payload['cognito:username']).toBe('sam');
    }
  });

  it('SMS MFA through mfaRequired and sendMFACode, wrong code first', async () => {
    const user = await confirmedUser('tess', '+15550002222');
    await local.admin.setMfaPreference('tess', { sms: { Enabled: true, PreferredMfa: true } });
    const challenge = await signIn(user, PASSWORD);
    expect(challenge).toMatchObject({ kind: 'mfa', challenge: 'SMS_MFA', parameters: { CODE_DELIVERY_DESTINATION: '+*******2222' } });
    const code = local.lastCode('tess', 'Authentication')!;
    const wrong = await step((c) => user.sendMFACode(code === '000000' ? '111111' : '000000', c)).catch((e: { code?: string }) => e);
    expect(wrong).toMatchObject({ code: 'CodeMismatchException' });
    const done = await step((c) => user.sendMFACode(code, c));
    expect(done.kind).toBe('success');
  });

  it('TOTP: associateSoftwareToken, verifySoftwareToken, setUserMfaPreference, then totpRequired and sendMFACode', async () => {
    const user = await confirmedUser('uma');
    expect((await signIn(user, PASSWORD)).kind).toBe('success');
    const secret = await new Promise<string>((resolve, reject) =>
      user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
    );
    // A TOTP code is accepted once (as on Cognito): setup takes the previous step's code.
    await step((c) => user.verifySoftwareToken(totpCode(secret, Date.now() - 30_000), 'phone', c));
    await cb((done) => user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, done as never));
    const again = new CognitoUser({ Username: 'uma', Pool: userPool });
    expect((await signIn(again, PASSWORD)).kind).toBe('totp');
    const done = await step((c) => again.sendMFACode(totpCode(secret), c, 'SOFTWARE_TOKEN_MFA'));
    expect(done.kind).toBe('success');
  });

  it('custom challenge: CUSTOM_AUTH with SRP (authenticateUser) and without (initiateAuth), wrong answer then right', async () => {
    const user = await confirmedUser('vic');
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    const first = await signIn(user, PASSWORD);
    expect(first).toMatchObject({ kind: 'custom', parameters: { hint: 'the colour of the sky' } });
    const retry = await step((c) => user.sendCustomChallengeAnswer('green', c));
    expect(retry.kind).toBe('custom');
    expect((await step((c) => user.sendCustomChallengeAnswer('blue', c))).kind).toBe('success');
    const noSrp = new CognitoUser({ Username: 'vic', Pool: userPool });
    const challenge = await step((c) => noSrp.initiateAuth(new AuthenticationDetails({ Username: 'vic' }), c));
    expect(challenge.kind).toBe('custom');
    expect((await step((c) => noSrp.sendCustomChallengeAnswer('blue', c))).kind).toBe('success');
  });

  it('completeNewPasswordChallenge for an admin-created user', async () => {
    await local.admin.createUser('wes', { temporaryPassword: 'Temp-Pass1', attributes: [{ Name: 'email', Value: 'wes@example.com' }], suppress: true });
    const user = new CognitoUser({ Username: 'wes', Pool: userPool });
    const challenge = await signIn(user, 'Temp-Pass1');
    expect(challenge).toMatchObject({ kind: 'newPassword', requiredAttributes: [] });
    if (challenge.kind !== 'newPassword') return;
    expect(challenge.userAttributes.email).toBe('wes@example.com');
    const done = await step((c) => user.completeNewPasswordChallenge('Brand-New1', {}, c));
    expect(done.kind).toBe('success');
    expect((await local.admin.getUser('wes')).UserStatus).toBe('CONFIRMED');
  });

  it('refreshSession, signOut with revocation, and globalSignOut', async () => {
    const user = await confirmedUser('xan');
    const first = await signIn(user, PASSWORD);
    if (first.kind !== 'success') throw new Error('expected tokens');
    const refreshed = await cb<CognitoUserSession>((done) => user.refreshSession(first.session.getRefreshToken(), done as never));
    expect(refreshed.getAccessToken().payload.origin_jti).toBe(first.session.getAccessToken().payload.origin_jti);
    await new Promise<void>((resolve, reject) => user.signOut((err?: Error) => (err ? reject(err) : resolve())));
    // identity-js retries a failed refresh for seconds (requestWithRetry), so revocation is checked on the wire directly.
    expect(await refreshOnWire(first.session.getRefreshToken().getToken())).toBe('NotAuthorizedException');
    expect(await getUserOnWire(refreshed.getAccessToken().getJwtToken())).toBe('NotAuthorizedException');

    const again = await signIn(user, PASSWORD);
    if (again.kind !== 'success') throw new Error('expected tokens');
    const attributes = await cb<Array<{ getName(): string; getValue(): string }>>((done) => user.getUserAttributes(done as never));
    expect(attributes.find((a) => a.getName() === 'email')?.getValue()).toBe('xan@example.com');
    await new Promise<void>((resolve, reject) => user.globalSignOut({ onSuccess: () => resolve(), onFailure: reject }));
    expect(await refreshOnWire(again.session.getRefreshToken().getToken())).toBe('NotAuthorizedException');
    expect(await getUserOnWire(again.session.getAccessToken().getJwtToken())).toBe('NotAuthorizedException');
  });
});
