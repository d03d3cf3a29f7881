import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { TOTP } from 'otpauth';
import { createLocalUserPool, startLocalCognito, type LocalCognitoServer, type LocalUserPool } from '@cognito-auth-machine/local-pool';
import { createAuth, memoryStorage, sdkTransport, totpSetupUri, type AuthActor, type AuthEmitted } from '../../index.js';

/*
 * Every account action of the chart against the local user pool over HTTP (127.0.0.1, a free port), with
 * createAuth and the AWS SDK transport: the requests are Cognito's, and so are the answers.
 */

let server: LocalCognitoServer;
let pool: LocalUserPool;
let counter = 0;
const PASSWORD = 'Passw0rd!';

beforeAll(async () => {
  server = await startLocalCognito({ host: '127.0.0.1', port: 0 });
  pool = await createLocalUserPool({
    cognito: server.cognito,
    mfa: { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } },
  });
});
afterAll(async () => {
  await server?.close();
});

async function newUser(): Promise<string> {
  counter += 1;
  const username = `acct${Date.now().toString(36)}${counter}`;
  await pool.admin.createUser(username, {
    attributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'nickname', Value: 'al' },
    ],
    suppress: true,
  });
  await pool.admin.setPassword(username, PASSWORD);
  return username;
}

const settled = (auth: AuthActor) => waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });

async function signedIn(username: string, password = PASSWORD) {
  const storage = memoryStorage();
  const auth = createAuth({
    userPoolId: pool.userPoolId,
    userPoolClientId: pool.clientId,
    endpoint: server.endpoint,
    authFlow: 'USER_PASSWORD_AUTH',
    transport: sdkTransport({ endpoint: server.endpoint, maxAttempts: 1 }),
    storage,
  });
  const emitted: AuthEmitted[] = [];
  auth.on('*', (event) => emitted.push(event));
  await settled(auth);
  auth.send({ type: 'SIGN_IN', username, password });
  const snapshot = await settled(auth);
  expect(snapshot.value).toEqual({ signedIn: 'idle' });
  emitted.splice(0);
  return { auth, emitted, storage };
}

async function run(auth: AuthActor, event: Parameters<AuthActor['send']>[0]) {
  auth.send(event);
  return settled(auth);
}

describe('account actions against the local user pool over HTTP', () => {
  it('FETCH_USER_ATTRIBUTES reads the attributes with GetUser', async () => {
    const username = await newUser();
    const { auth, emitted } = await signedIn(username);
    const after = await run(auth, { type: 'FETCH_USER_ATTRIBUTES' });
    expect(after.context.user?.attributes).toMatchObject({ email: `${username}@example.com`, email_verified: true, nickname: 'al' });
    expect(emitted.map((e) => e.type)).toEqual(['fetchUserAttributes']);
  });

  it('UPDATE_USER_ATTRIBUTES → a code for the email, the name done; SEND_…_CODE and CONFIRM_USER_ATTRIBUTE verify it', async () => {
    const username = await newUser();
    const { auth, emitted } = await signedIn(username);
    const email = `${username}-new@example.com`;
    let after = await run(auth, { type: 'UPDATE_USER_ATTRIBUTES', attributes: { email, name: 'Alice' } });
    expect(after.context.error).toBeNull();
    expect(emitted[0]).toEqual({
      type: 'updateUserAttributes',
      attributes: {
        email: { isUpdated: false, nextStep: 'CONFIRM_ATTRIBUTE_WITH_CODE', codeDelivery: expect.objectContaining({ attributeName: 'email', deliveryMedium: 'EMAIL' }) },
        name: { isUpdated: true, nextStep: 'DONE' },
      },
    });
    expect(after.context.user?.attributes).toMatchObject({ email, email_verified: false, name: 'Alice' });

    after = await run(auth, { type: 'SEND_USER_ATTRIBUTE_VERIFICATION_CODE', attributeName: 'email' });
    expect(emitted[1]).toMatchObject({ type: 'sendUserAttributeVerificationCode', attributeName: 'email', codeDelivery: { deliveryMedium: 'EMAIL' } });

    after = await run(auth, { type: 'CONFIRM_USER_ATTRIBUTE', attributeName: 'email', code: '000000' });
    expect(after.context.error?.name).toBe('CodeMismatchException');
    expect(after.value).toEqual({ signedIn: 'idle' });
    after = await run(auth, { type: 'CONFIRM_USER_ATTRIBUTE', attributeName: 'email', code: pool.lastCode(username)! });
    expect(after.context.error).toBeNull();
    expect(emitted.map((e) => e.type)).toEqual([
      'updateUserAttributes',
      'sendUserAttributeVerificationCode',
      'confirmUserAttribute_failure',
      'confirmUserAttribute',
    ]);
    const user = await pool.admin.getUser(username);
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email_verified', Value: 'true' }]));
  });

  it('DELETE_USER_ATTRIBUTES removes them in the pool and in the session', async () => {
    const username = await newUser();
    const { auth, emitted } = await signedIn(username);
    const after = await run(auth, { type: 'DELETE_USER_ATTRIBUTES', attributeNames: ['nickname'] });
    expect(after.context.user?.attributes).not.toHaveProperty('nickname');
    expect(emitted.map((e) => e.type)).toEqual(['deleteUserAttributes']);
    const user = await pool.admin.getUser(username);
    expect((user.UserAttributes as { Name: string }[]).map((a) => a.Name)).not.toContain('nickname');
  });

  it('UPDATE_PASSWORD: a wrong old password keeps the session; the right one changes the password', async () => {
    const username = await newUser();
    const { auth, emitted } = await signedIn(username);
    let after = await run(auth, { type: 'UPDATE_PASSWORD', oldPassword: 'Wr0ng-Passw0rd', newPassword: 'N3w-Passw0rd!' });
    expect(after.value).toEqual({ signedIn: 'idle' });
    expect(after.context.error).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    after = await run(auth, { type: 'UPDATE_PASSWORD', oldPassword: PASSWORD, newPassword: 'N3w-Passw0rd!' });
    expect(after.context.error).toBeNull();
    expect(emitted.map((e) => e.type)).toEqual(['updatePassword_failure', 'updatePassword']);
    const again = await signedIn(username, 'N3w-Passw0rd!');
    expect(again.auth.getSnapshot().context.user?.username).toBe(username);
  });

  it('SET_UP_TOTP, VERIFY_TOTP_SETUP, UPDATE_MFA_PREFERENCE and FETCH_MFA_PREFERENCE', async () => {
    const username = await newUser();
    const { auth, emitted } = await signedIn(username);
    let after = await run(auth, { type: 'SET_UP_TOTP' });
    const uri = totpSetupUri(after.context, 'Local App');
    expect(uri).toMatch(new RegExp(`^otpauth://totp/Local%20App:${username}\\?secret=[A-Z2-7]+&issuer=Local%20App$`));
    const secret = after.context.totpSetup!.sharedSecret.reveal();
    after = await run(auth, { type: 'VERIFY_TOTP_SETUP', code: new TOTP({ secret }).generate(), friendlyDeviceName: 'Phone' });
    expect(after.context.error).toBeNull();
    expect(after.context.totpSetup).toBeNull();
    after = await run(auth, { type: 'UPDATE_MFA_PREFERENCE', totp: 'PREFERRED' });
    expect(after.context.error).toBeNull();
    after = await run(auth, { type: 'FETCH_MFA_PREFERENCE' });
    expect(after.context.mfaPreference).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    expect(emitted.map((e) => e.type)).toEqual(['setUpTOTP', 'verifyTOTPSetup', 'updateMFAPreference', 'fetchMFAPreference']);
  });

  it('DELETE_USER ends in signedOut with storage cleared, and the user is gone', async () => {
    const username = await newUser();
    const { auth, emitted, storage } = await signedIn(username);
    const after = await run(auth, { type: 'DELETE_USER' });
    expect(after.value).toBe('signedOut');
    expect(Object.keys(storage.snapshot())).toEqual([]);
    expect(emitted).toEqual([{ type: 'deleteUser' }, { type: 'signOut', global: false }]);
    await expect(pool.admin.getUser(username)).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('a session signed out everywhere: the next action ends it here too', async () => {
    const username = await newUser();
    const { auth, emitted, storage } = await signedIn(username);
    await pool.admin.send('AdminUserGlobalSignOut', { Username: username });
    const after = await run(auth, { type: 'FETCH_USER_ATTRIBUTES' });
    expect(after.value).toBe('signedOut');
    expect(after.context.error?.name).toBe('NotAuthorizedException');
    expect(Object.keys(storage.snapshot())).toEqual([]);
    expect(emitted.map((e) => e.type)).toEqual(['fetchUserAttributes_failure', 'signOut']);
  });
});
