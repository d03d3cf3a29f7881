import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { createLocalUserPool, startLocalCognito, type LocalCognitoServer, type LocalUserPool } from '@cognito-auth-machine/local-pool';
import { createAuth, memoryStorage, sdkTransport, type AuthActor, type AuthEmitted } from '../../index.js';

/*
 * Setting up email MFA inside MFA_SETUP during sign-in, with createAuth and the AWS SDK transport against the local
 * user pool over HTTP (127.0.0.1, a free port): a pool that requires MFA and offers TOTP and email, and a user with
 * no factor and no verified email yet.
 */

let server: LocalCognitoServer;
let pool: LocalUserPool;
let counter = 0;
const PASSWORD = 'Passw0rd!';

beforeAll(async () => {
  server = await startLocalCognito({ host: '127.0.0.1', port: 0 });
  pool = await createLocalUserPool({
    cognito: server.cognito,
    mfa: {
      MfaConfiguration: 'ON',
      EmailMfaConfiguration: { Message: 'MFA code {####}', Subject: 'Sign-in code' },
      SoftwareTokenMfaConfiguration: { Enabled: true },
    },
  });
});
afterAll(async () => {
  await server?.close();
});

async function newUser(): Promise<string> {
  counter += 1;
  const username = `setup${Date.now().toString(36)}${counter}`;
  await pool.admin.createUser(username, { suppress: true });
  await pool.admin.setPassword(username, PASSWORD);
  return username;
}

const settled = (auth: AuthActor) => waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });

function authFor() {
  const auth = createAuth({
    userPoolId: pool.userPoolId,
    userPoolClientId: pool.clientId,
    endpoint: server.endpoint,
    authFlow: 'USER_PASSWORD_AUTH',
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

function codeSentTo(address: string): string {
  const code = pool.lastCode(address);
  if (!code) throw new Error(`no code was sent to ${address}`);
  return code;
}

describe('MFA_SETUP by email against the local user pool over HTTP', () => {
  it('choose email, give the address, answer the emailed code: signed in, and the next sign-in asks for an emailed code', async () => {
    const username = await newUser();
    const address = `${username}@example.com`;
    const { auth, emitted } = authFor();
    await settled(auth);

    const choosing = await run(auth, { type: 'SIGN_IN', username, password: PASSWORD });
    expect(choosing.value).toEqual({ challenge: { totpSetup: 'choosing' } });
    expect(choosing.context.challenge?.name).toBe('MFA_SETUP');
    expect(choosing.context.challenge?.mfaTypes).toEqual(expect.arrayContaining(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']));

    const giving = await run(auth, { type: 'SELECT_MFA_TYPE', mfaType: 'EMAIL' });
    expect(giving.value).toEqual({ challenge: { totpSetup: 'emailAddress' } });

    // Not an address: refused before any request, and the step stays open for another one.
    const refused = await run(auth, { type: 'SET_UP_EMAIL_MFA', email: 'nobody@@example.com' });
    expect(refused.value).toEqual({ challenge: { totpSetup: 'emailAddress' } });
    expect(refused.context.error?.name).toBe('ValidationError');

    const asked = await run(auth, { type: 'SET_UP_EMAIL_MFA', email: address });
    expect(asked.value).toEqual({ challenge: 'emailOtp' });
    expect(asked.context.challenge?.codeDelivery).toMatchObject({ deliveryMedium: 'EMAIL' });

    const done = await run(auth, { type: 'CONFIRM_SIGN_IN', code: codeSentTo(address) });
    expect(done.value).toEqual({ signedIn: 'idle' });
    expect(done.context.user?.attributes.email).toBe(address);
    expect(emitted.map((e) => e.type)).toEqual(['signIn']);
    const preference = await run(auth, { type: 'FETCH_MFA_PREFERENCE' });
    expect(preference.context.mfaPreference).toMatchObject({ enabled: ['EMAIL'] });
    auth.stop();

    const next = authFor();
    await settled(next.auth);
    const again = await run(next.auth, { type: 'SIGN_IN', username, password: PASSWORD });
    expect(again.value).toEqual({ challenge: 'emailOtp' });
    const signedIn = await run(next.auth, { type: 'CONFIRM_SIGN_IN', code: codeSentTo(address) });
    expect(signedIn.value).toEqual({ signedIn: 'idle' });
    next.auth.stop();
  });

  it('choose TOTP: the authenticator app is set up as before (AssociateSoftwareToken)', async () => {
    const username = await newUser();
    const { auth } = authFor();
    await settled(auth);
    await run(auth, { type: 'SIGN_IN', username, password: PASSWORD });
    const ready = await run(auth, { type: 'SELECT_MFA_TYPE', mfaType: 'TOTP' });
    expect(ready.value).toEqual({ challenge: { totpSetup: 'idle' } });
    expect(ready.context.challenge?.totpSecret?.reveal()).toMatch(/^[A-Z2-7]{16,}$/);
    auth.stop();
  });
});
