import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { createAuth, type AuthActor, type AuthEmitted, type Transport } from '../../core.js';
import { fetchTransport } from '../../fetch.js';
import {
  createLocalUserPool,
  startLocalCognito,
  type LocalCognitoServer,
  type LocalUserPool,
} from '@cognito-auth-machine/local-pool';

/*
 * The main flows through createAuth from the core entry (no SDK) with fetchTransport, against the local user pool
 * over HTTP on 127.0.0.1: the fetch transport's requests, answers and errors as a browser app would see them.
 */

const PASSWORD = 'Passw0rd!';
const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' };

let server: LocalCognitoServer;
let pool: LocalUserPool;
let counter = 0;

beforeAll(async () => {
  server = await startLocalCognito();
  pool = await createLocalUserPool({ cognito: server.cognito, pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS } });
});
afterAll(async () => {
  await server?.close();
});

const uniqueName = (prefix: string) => `${prefix}${(counter += 1)}`;

/** createAuth over fetchTransport; every operation the transport sends is recorded by name. */
function start() {
  const inner = fetchTransport({ endpoint: server.endpoint, timeoutMs: 5_000, retries: { maxAttempts: 1 } });
  const operations: string[] = [];
  const transport: Transport = {
    send(op, input, signal) {
      operations.push(op);
      return inner.send(op, input, signal);
    },
  };
  const auth = createAuth({ userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, transport });
  const emitted: AuthEmitted[] = [];
  auth.on('*', (event) => emitted.push(event));
  return { auth, emitted, operations };
}

const settled = (auth: AuthActor) => waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });

async function existingUser(username: string, phone?: string): Promise<void> {
  await pool.admin.createUser(username, {
    attributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'email_verified', Value: 'true' },
      ...(phone ? [{ Name: 'phone_number', Value: phone }] : []),
    ],
    suppress: true,
  });
  await pool.admin.setPassword(username, PASSWORD, true);
}

describe('createAuth (core) with fetchTransport against the local user pool over HTTP', () => {
  it('sign-up → confirm → auto sign-in with SRP → refresh → sign-out with revocation', async () => {
    const { auth, emitted, operations } = start();
    await settled(auth);
    const username = uniqueName('fetchflow');
    auth.send({ type: 'SIGN_UP', username, password: PASSWORD, attributes: { email: `${username}@example.com` }, autoSignIn: true });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ confirmingSignUp: 'idle' });

    auth.send({ type: 'CONFIRM_SIGN_UP', code: pool.lastCode(username)! });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
    expect(auth.getSnapshot().context.user).toMatchObject({ username, attributes: { email: `${username}@example.com` } });
    expect(emitted.map((e) => e.type)).toEqual(['signUp', 'confirmSignUp', 'signIn', 'autoSignIn']);

    const { refreshToken, accessToken } = auth.getSnapshot().context.tokens!;
    auth.send({ type: 'REFRESH' });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
    expect(auth.getSnapshot().context.tokens!.accessToken).not.toBe(accessToken);
    expect(emitted.at(-1)?.type).toBe('tokenRefresh');

    auth.send({ type: 'SIGN_OUT' });
    await settled(auth);
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(emitted.at(-1)).toEqual({ type: 'signOut', global: false });
    expect(operations[0]).toBe('SignUp');
    expect(operations).toContain('RespondToAuthChallenge');
    expect(operations.at(-1)).toBe('RevokeToken');

    // Revoked at the pool: the old refresh token no longer works, and the error arrives named.
    const transport = fetchTransport({ endpoint: server.endpoint });
    await expect(
      transport.send('GetTokensFromRefreshToken', { RefreshToken: refreshToken!, ClientId: pool.clientId }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', retryable: false });
    auth.stop();
  });

  it('SMS MFA: a wrong code stays in the challenge with CodeMismatchException, the right one signs in', async () => {
    const username = uniqueName('fetchsms');
    await existingUser(username, '+14325551212');
    await pool.admin.setMfaPreference(username, { sms: { Enabled: true, PreferredMfa: true } });
    const { auth, emitted } = start();
    await settled(auth);
    auth.send({ type: 'SIGN_IN', username, password: PASSWORD });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ challenge: 'smsMfa' });
    const code = pool.lastCode(username, 'Authentication')!;

    auth.send({ type: 'CONFIRM_SIGN_IN', code: code === '000000' ? '111111' : '000000' });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ challenge: 'smsMfa' });
    expect(auth.getSnapshot().context.error?.name).toBe('CodeMismatchException');

    auth.send({ type: 'CONFIRM_SIGN_IN', code });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
    expect(emitted.map((e) => e.type)).toEqual(['confirmSignIn_failure', 'signIn']);

    auth.send({ type: 'SIGN_OUT', global: true });
    await settled(auth);
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(emitted.at(-1)).toEqual({ type: 'signOut', global: true });
    auth.stop();
  });

  it('NEW_PASSWORD_REQUIRED for an admin-created user', async () => {
    const username = uniqueName('fetchnew');
    await pool.admin.createUser(username, {
      attributes: [{ Name: 'email', Value: `${username}@example.com` }],
      temporaryPassword: 'TempPassw0rd!',
      suppress: true,
    });
    const { auth } = start();
    await settled(auth);
    auth.send({ type: 'SIGN_IN', username, password: 'TempPassw0rd!' });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ challenge: 'newPasswordRequired' });
    auth.send({ type: 'COMPLETE_NEW_PASSWORD', newPassword: 'NewPassw0rd!' });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
    auth.stop();
  });

  it('forgot password → new password → sign in with it', async () => {
    const username = uniqueName('fetchreset');
    await existingUser(username);
    const { auth, emitted } = start();
    await settled(auth);
    auth.send({ type: 'FORGOT_PASSWORD', username });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ resettingPassword: 'awaitingCode' });
    auth.send({ type: 'CONFIRM_FORGOT_PASSWORD', code: pool.lastCode(username)!, newPassword: 'Other-Passw0rd!' });
    await settled(auth);
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(emitted.map((e) => e.type)).toEqual(['forgotPassword', 'forgotPasswordSubmit']);

    auth.send({ type: 'SIGN_IN', username, password: 'Other-Passw0rd!' });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
    auth.stop();
  });

  it('a wrong password ends signed out with NotAuthorizedException read from the wire', async () => {
    const username = uniqueName('fetchwrong');
    await existingUser(username);
    const { auth, emitted } = start();
    await settled(auth);
    auth.send({ type: 'SIGN_IN', username, password: 'Wrong-Passw0rd!' });
    await settled(auth);
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(auth.getSnapshot().context.error).toMatchObject({ name: 'NotAuthorizedException', retryable: false });
    expect(emitted.at(-1)?.type).toBe('signIn_failure');
    auth.stop();
  });

  it('an endpoint that refuses connections gives a retryable NetworkError', async () => {
    const closed = await startLocalCognito();
    const endpoint = closed.endpoint;
    await closed.close();
    const transport = fetchTransport({ endpoint, retries: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(transport.send('GetUser', { AccessToken: 'x' })).rejects.toMatchObject({ name: 'NetworkError', retryable: true });
  });
});
