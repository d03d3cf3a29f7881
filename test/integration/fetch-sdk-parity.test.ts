import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTransport } from '../../fetch.js';
import { sdkTransport } from '../../sdk.js';
import {
  createLocalUserPool,
  startLocalCognito,
  type LocalCognitoServer,
  type LocalUserPool,
} from '@cognito-auth-machine/local-pool';
import type { Transport } from '../../services/transport.js';

/*
 * The fetch transport and the SDK transport, given the same calls against the same local user pool over HTTP, must
 * answer with the same shapes and fail with the same AuthError (name, message, retryable): the machine above them
 * cannot tell which one it runs on.
 */

const PASSWORD = 'Passw0rd!';
let server: LocalCognitoServer;
let pool: LocalUserPool;

beforeAll(async () => {
  server = await startLocalCognito();
  pool = await createLocalUserPool({ cognito: server.cognito });
});
afterAll(async () => {
  await server?.close();
});

/** The shape of an answer: keys and value types, recursively; strings and numbers themselves differ per user. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)]));
  }
  return typeof value;
}

type Outcome = { ok: unknown } | { error: { name: string; message: string; retryable: boolean } };

async function outcome(run: () => Promise<unknown>, username: string): Promise<Outcome> {
  try {
    return { ok: shape(await run()) };
  } catch (caught) {
    const error = caught as { name: string; message: string; retryable: boolean };
    return { error: { name: error.name, message: error.message.replaceAll(username, '<user>'), retryable: error.retryable } };
  }
}

/** One user's life, call by call, through `transport`; returns every outcome in order. */
async function script(transport: Transport, username: string): Promise<Outcome[]> {
  const ClientId = pool.clientId;
  const results: Outcome[] = [];
  const step = async (run: () => Promise<unknown>) => {
    const result = await outcome(run, username);
    results.push(result);
    return result;
  };
  await step(() => transport.send('SignUp', { ClientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }));
  await step(() => transport.send('SignUp', { ClientId, Username: username, Password: PASSWORD }));
  await step(() => transport.send('SignUp', { ClientId, Username: `${username}x`, Password: 'short' }));
  await step(() => transport.send('ConfirmSignUp', { ClientId, Username: username, ConfirmationCode: pool.lastCode(username) === '000000' ? '111111' : '000000' }));
  await step(() => transport.send('ResendConfirmationCode', { ClientId, Username: username }));
  await step(() => transport.send('ConfirmSignUp', { ClientId, Username: username, ConfirmationCode: pool.lastCode(username)! }));
  await step(() => transport.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters: { USERNAME: username, PASSWORD: 'Wrong-Passw0rd!' } }));
  await step(() => transport.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nosuchclient1234567890abcd', AuthParameters: { USERNAME: username, PASSWORD } }));
  const signIn = await transport.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters: { USERNAME: username, PASSWORD } });
  results.push({ ok: shape(signIn) });
  const { AccessToken, RefreshToken } = signIn.AuthenticationResult!;
  await step(() => transport.send('GetUser', { AccessToken: AccessToken! }));
  await step(() => transport.send('GetTokensFromRefreshToken', { ClientId, RefreshToken: RefreshToken! }));
  await step(() => transport.send('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId, AuthParameters: { REFRESH_TOKEN: RefreshToken! } }));
  await step(() => transport.send('SetUserMFAPreference', { AccessToken: AccessToken!, SMSMfaSettings: { Enabled: false } }));
  await step(() => transport.send('ForgotPassword', { ClientId, Username: username }));
  await step(() => transport.send('ConfirmForgotPassword', { ClientId, Username: username, ConfirmationCode: pool.lastCode(username)!, Password: 'Other-Passw0rd!' }));
  await step(() => transport.send('GlobalSignOut', { AccessToken: AccessToken! }));
  await step(() => transport.send('GetUser', { AccessToken: AccessToken! }));
  await step(() => transport.send('RevokeToken', { ClientId, Token: RefreshToken! }));
  await step(() => transport.send('GetUser', { AccessToken: 'not-a-token' }));
  return results;
}

describe('fetchTransport and sdkTransport answer alike', () => {
  it('the same calls give the same answer shapes and the same errors', async () => {
    const viaFetch = await script(fetchTransport({ endpoint: server.endpoint, retries: { maxAttempts: 1 } }), 'parityfetch');
    const viaSdk = await script(sdkTransport({ endpoint: server.endpoint, maxAttempts: 1 }), 'paritysdk');
    expect(viaFetch).toEqual(viaSdk);
    // The script does reach both kinds of outcome, with Cognito's names.
    const names = viaFetch.flatMap((o) => ('error' in o ? [o.error.name] : []));
    expect(names).toEqual(
      expect.arrayContaining(['UsernameExistsException', 'InvalidPasswordException', 'CodeMismatchException', 'NotAuthorizedException', 'ResourceNotFoundException']),
    );
    expect(viaFetch.filter((o) => 'ok' in o).length).toBeGreaterThanOrEqual(8);
  });
});
