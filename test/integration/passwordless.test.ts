import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { TOTP } from 'otpauth';
import {
  createLocalCognito,
  createLocalUserPool,
  startLocalCognito,
  type LocalCognito,
  type LocalCognitoServer,
  type LocalUserPool,
} from '@cognito-auth-machine/local-pool';
import { authSnapshot, createAuth, memoryStorage, sdkTransport, type AuthActor, type AuthEmitted } from '../../index.js';

/*
 * Choice-based sign-in (USER_AUTH) and email MFA with createAuth and the AWS SDK transport against the local user
 * pool over HTTP (127.0.0.1, a free port): each way in, from the first request to the tokens.
 */

let server: LocalCognitoServer;
/** USER_AUTH only: the client allows no other sign-in flow, so password and SRP go through USER_AUTH or nowhere. */
let passwordless: LocalUserPool;
/** Password sign-in with email MFA. */
let emailMfa: LocalUserPool;
let counter = 0;
const PASSWORD = 'Passw0rd!';

/** Every operation the service ran, in order: what reached the server. */
const served: string[] = [];

/** The service, with each operation it runs written down as it comes in. */
function countingService(): LocalCognito {
  const cognito = createLocalCognito();
  return new Proxy(cognito, {
    get(target, property) {
      if (property === 'send') {
        return (operation: string, input: unknown) => {
          served.push(operation);
          return target.send(operation, input);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeAll(async () => {
  server = await startLocalCognito({ cognito: countingService(), host: '127.0.0.1', port: 0 });
  passwordless = await createLocalUserPool({
    cognito: server.cognito,
    pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } } },
    client: { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    mfa: { EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Sign-in code' } },
  });
  emailMfa = await createLocalUserPool({
    cognito: server.cognito,
    mfa: { MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Message: 'MFA code {####}' }, SoftwareTokenMfaConfiguration: { Enabled: true } },
  });
});
afterAll(async () => {
  await server?.close();
});

async function newUser(pool: LocalUserPool, attributes: { Name: string; Value: string }[] = []): Promise<string> {
  counter += 1;
  const username = `pwl${Date.now().toString(36)}${counter}`;
  await pool.admin.createUser(username, {
    attributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }, ...attributes],
    suppress: true,
  });
  await pool.admin.setPassword(username, PASSWORD);
  return username;
}

const settled = (auth: AuthActor) => waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });

function authFor(pool: LocalUserPool, authFlow: 'USER_AUTH' | 'USER_PASSWORD_AUTH' = 'USER_AUTH') {
  const auth = createAuth({
    userPoolId: pool.userPoolId,
    userPoolClientId: pool.clientId,
    endpoint: server.endpoint,
    authFlow,
    transport: sdkTransport({ endpoint: server.endpoint, maxAttempts: 1 }),
    storage: memoryStorage(),
  });
  const emitted: AuthEmitted[] = [];
  auth.on('*', (event) => emitted.push(event));
  return { auth, emitted };
}

async function run(auth: AuthActor, event: Parameters<AuthActor['send']>[0]) {
  auth.send(event);
  return settled(auth);
}

function codeFor(pool: LocalUserPool, username: string): string {
  const code = pool.lastCode(username);
  if (!code) throw new Error(`no code was sent to ${username}`);
  return code;
}

describe('USER_AUTH sign-in against the local user pool over HTTP', () => {
  it('email OTP: SIGN_IN with preferredChallenge EMAIL_OTP, then the 8-digit code', async () => {
    const username = await newUser(passwordless);
    const { auth, emitted } = authFor(passwordless);
    await settled(auth);
    const asked = await run(auth, { type: 'SIGN_IN', username, preferredChallenge: 'EMAIL_OTP' });
    expect(asked.value).toEqual({ challenge: 'emailOtp' });
    expect(asked.context.challenge?.codeDelivery).toMatchObject({ deliveryMedium: 'EMAIL' });
    const code = codeFor(passwordless, username);
    expect(code).toMatch(/^\d{8}$/);
    const done = await run(auth, { type: 'CONFIRM_SIGN_IN', code });
    expect(done.value).toEqual({ signedIn: 'idle' });
    expect(done.context.user?.username).toBe(username);
    expect(emitted.map((e) => e.type)).toEqual(['signIn']);
    auth.stop();
  });

  it('SMS OTP: SIGN_IN with preferredChallenge SMS_OTP to a verified phone; a wrong code waits for the right one', async () => {
    const username = await newUser(passwordless, [
      { Name: 'phone_number', Value: '+14325551212' },
      { Name: 'phone_number_verified', Value: 'true' },
    ]);
    const { auth, emitted } = authFor(passwordless);
    await settled(auth);
    const asked = await run(auth, { type: 'SIGN_IN', username, preferredChallenge: 'SMS_OTP' });
    expect(asked.value).toEqual({ challenge: 'smsOtp' });
    expect(asked.context.challenge?.codeDelivery).toMatchObject({ deliveryMedium: 'SMS' });
    const code = codeFor(passwordless, username);
    const wrong = await run(auth, { type: 'CONFIRM_SIGN_IN', code: code === '00000000' ? '11111111' : '00000000' });
    expect(wrong.value).toEqual({ challenge: 'smsOtp' });
    expect(wrong.context.error?.name).toBe('CodeMismatchException');
    const done = await run(auth, { type: 'CONFIRM_SIGN_IN', code });
    expect(done.value).toEqual({ signedIn: 'idle' });
    expect(emitted.map((e) => e.type)).toEqual(['confirmSignIn_failure', 'signIn']);
    auth.stop();
  });

  it('password inside USER_AUTH, on a client that allows no other flow', async () => {
    const username = await newUser(passwordless);
    const { auth } = authFor(passwordless);
    await settled(auth);
    const done = await run(auth, { type: 'SIGN_IN', username, password: PASSWORD, preferredChallenge: 'PASSWORD' });
    expect(done.value).toEqual({ signedIn: 'idle' });
    auth.stop();
    // The same client refuses the plain password flow: the password went through USER_AUTH.
    const plain = authFor(passwordless, 'USER_PASSWORD_AUTH');
    await settled(plain.auth);
    const refused = await run(plain.auth, { type: 'SIGN_IN', username, password: PASSWORD });
    expect(refused.context.error?.name).toBe('InvalidParameterException');
    plain.auth.stop();
  });

  it('SRP inside USER_AUTH: PASSWORD_SRP, the proof answered by the service', async () => {
    const username = await newUser(passwordless);
    const { auth, emitted } = authFor(passwordless);
    await settled(auth);
    const done = await run(auth, { type: 'SIGN_IN', username, password: PASSWORD, preferredChallenge: 'PASSWORD_SRP' });
    expect(done.value).toEqual({ signedIn: 'idle' });
    expect(emitted.map((e) => e.type)).toEqual(['signIn']);
    auth.stop();
  });

  it('SELECT_CHALLENGE: the offered factors in context; EMAIL_OTP chosen, then PASSWORD_SRP on a second sign-in', async () => {
    const username = await newUser(passwordless);
    const { auth } = authFor(passwordless);
    await settled(auth);
    const select = await run(auth, { type: 'SIGN_IN', username });
    expect(select.value).toEqual({ challenge: 'selectChallenge' });
    expect(select.context.challenge?.availableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
    const asked = await run(auth, { type: 'SELECT_CHALLENGE', challenge: 'EMAIL_OTP' });
    expect(asked.value).toEqual({ challenge: 'emailOtp' });
    const done = await run(auth, { type: 'CONFIRM_SIGN_IN', code: codeFor(passwordless, username) });
    expect(done.value).toEqual({ signedIn: 'idle' });
    await run(auth, { type: 'SIGN_OUT' });

    const again = await run(auth, { type: 'SIGN_IN', username });
    expect(again.value).toEqual({ challenge: 'selectChallenge' });
    const srp = await run(auth, { type: 'SELECT_CHALLENGE', challenge: 'PASSWORD_SRP', password: PASSWORD });
    expect(srp.value).toEqual({ signedIn: 'idle' });
    auth.stop();
  });

  it('SELECT_CHALLENGE with a factor this user does not have: refused, and the choice stays open for another', async () => {
    const username = await newUser(passwordless);
    const { auth } = authFor(passwordless);
    await settled(auth);
    await run(auth, { type: 'SIGN_IN', username });
    const refused = await run(auth, { type: 'SELECT_CHALLENGE', challenge: 'SMS_OTP' });
    expect(refused.context.error?.name).toBe('InvalidParameterException');
    expect(refused.value).toEqual({ challenge: 'selectChallenge' });
    const done = await run(auth, { type: 'SELECT_CHALLENGE', challenge: 'PASSWORD', password: PASSWORD });
    expect(done.value).toEqual({ signedIn: 'idle' });
    auth.stop();
  });
});

describe('email MFA against the local user pool over HTTP', () => {
  it('EMAIL_OTP after a password: CONFIRM_SIGN_IN with the emailed code', async () => {
    const username = await newUser(emailMfa);
    await emailMfa.admin.send('AdminSetUserMFAPreference', { Username: username, EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
    const { auth, emitted } = authFor(emailMfa, 'USER_PASSWORD_AUTH');
    await settled(auth);
    const asked = await run(auth, { type: 'SIGN_IN', username, password: PASSWORD });
    expect(asked.value).toEqual({ challenge: 'emailOtp' });
    const done = await run(auth, { type: 'CONFIRM_SIGN_IN', code: codeFor(emailMfa, username) });
    expect(done.value).toEqual({ signedIn: 'idle' });
    expect(emitted.map((e) => e.type)).toEqual(['signIn']);
    auth.stop();
  });

  it('SELECT_MFA_TYPE offers email beside TOTP; SELECT_MFA_TYPE EMAIL leads to the emailed code', async () => {
    const username = await newUser(emailMfa);
    // TOTP registered for the user through a first sign-in.
    const first = authFor(emailMfa, 'USER_PASSWORD_AUTH');
    await settled(first.auth);
    await run(first.auth, { type: 'SIGN_IN', username, password: PASSWORD });
    const setup = await run(first.auth, { type: 'SET_UP_TOTP' });
    const secret = setup.context.totpSetup!.sharedSecret.reveal();
    await run(first.auth, { type: 'VERIFY_TOTP_SETUP', code: new TOTP({ secret }).generate() });
    first.auth.stop();
    await emailMfa.admin.send('AdminSetUserMFAPreference', {
      Username: username,
      EmailMfaSettings: { Enabled: true, PreferredMfa: false },
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
    });

    const { auth } = authFor(emailMfa, 'USER_PASSWORD_AUTH');
    await settled(auth);
    const choose = await run(auth, { type: 'SIGN_IN', username, password: PASSWORD });
    expect(choose.value).toEqual({ challenge: 'selectMfaType' });
    expect(choose.context.challenge?.mfaTypes).toContain('EMAIL_OTP');
    const asked = await run(auth, { type: 'SELECT_MFA_TYPE', mfaType: 'EMAIL' });
    expect(asked.value).toEqual({ challenge: 'emailOtp' });
    const done = await run(auth, { type: 'CONFIRM_SIGN_IN', code: codeFor(emailMfa, username) });
    expect(done.value).toEqual({ signedIn: 'idle' });
    auth.stop();
  });
});

describe('sign-up without a password, then auto sign-in, against the local user pool over HTTP', () => {
  it('SIGN_UP with no password, CONFIRM_SIGN_UP, signed in: 3 requests at the server, no password anywhere', async () => {
    counter += 1;
    const username = `nopw${Date.now().toString(36)}${counter}`;
    const { auth, emitted } = authFor(passwordless);
    await settled(auth);
    served.splice(0);
    const pending = await run(auth, { type: 'SIGN_UP', username, attributes: { email: `${username}@example.com` }, autoSignIn: true });
    expect(pending.value).toEqual({ confirmingSignUp: 'idle' });
    expect(pending.context.signUp?.password).toBeUndefined();
    const done = await run(auth, { type: 'CONFIRM_SIGN_UP', code: passwordless.lastCode(username, 'SignUp') ?? '' });
    expect(done.value).toEqual({ signedIn: 'idle' });
    expect(done.context.user?.username).toBe(username);
    expect(served).toEqual(['SignUp', 'ConfirmSignUp', 'InitiateAuth']);
    expect(emitted.map((e) => e.type)).toEqual(['signUp', 'confirmSignUp', 'signIn', 'autoSignIn']);
    auth.stop();
  });

  it('SIGN_UP with a password: never in the context, snapshot or persisted snapshot; auto sign-in spends the session, 3 requests', async () => {
    counter += 1;
    const username = `withpw${Date.now().toString(36)}${counter}`;
    const { auth, emitted } = authFor(passwordless);
    await settled(auth);
    served.splice(0);
    const pending = await run(auth, { type: 'SIGN_UP', username, password: PASSWORD, attributes: { email: `${username}@example.com` }, autoSignIn: true });
    expect(pending.value).toEqual({ confirmingSignUp: 'idle' });
    expect(JSON.stringify(pending.context)).not.toContain(PASSWORD);
    expect(JSON.stringify(pending)).not.toContain(PASSWORD);
    expect(JSON.stringify(auth.getPersistedSnapshot())).not.toContain(PASSWORD);
    expect(JSON.stringify(authSnapshot(auth))).not.toContain(PASSWORD);
    const done = await run(auth, { type: 'CONFIRM_SIGN_UP', code: passwordless.lastCode(username, 'SignUp') ?? '' });
    expect(done.value).toEqual({ signedIn: 'idle' });
    expect(served).toEqual(['SignUp', 'ConfirmSignUp', 'InitiateAuth']);
    expect(emitted.map((e) => e.type)).toEqual(['signUp', 'confirmSignUp', 'signIn', 'autoSignIn']);
    auth.stop();
  });

  it('a client without USER_AUTH gives no session: auto sign-in falls back to the password (SRP)', async () => {
    counter += 1;
    const username = `srp${Date.now().toString(36)}${counter}`;
    const srpPool = await createLocalUserPool({ cognito: server.cognito, client: { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] } });
    const auth = createAuth({
      userPoolId: srpPool.userPoolId,
      userPoolClientId: srpPool.clientId,
      endpoint: server.endpoint,
      authFlow: 'USER_SRP_AUTH',
      transport: sdkTransport({ endpoint: server.endpoint, maxAttempts: 1 }),
      storage: memoryStorage(),
    });
    await settled(auth);
    served.splice(0);
    await run(auth, { type: 'SIGN_UP', username, password: PASSWORD, attributes: { email: `${username}@example.com` }, autoSignIn: true });
    const done = await run(auth, { type: 'CONFIRM_SIGN_UP', code: srpPool.lastCode(username, 'SignUp') ?? '' });
    expect(done.value).toEqual({ signedIn: 'idle' });
    expect(served).toEqual(['SignUp', 'ConfirmSignUp', 'InitiateAuth', 'RespondToAuthChallenge']);
    auth.stop();
  });
});
