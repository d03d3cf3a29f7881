import { createServer, type Server, type Socket } from 'node:net';
import { AdminCreateUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkTransport } from '../../adapters/sdk-transport.js';
import { AuthError } from '../../machines/auth-error.js';
import type { Transport } from '../../services/transport.js';
import { type CognitoLocal, startCognitoLocal } from '../support/cognito-local.js';

let cognito: CognitoLocal;
let transport: Transport;
let clientId: string;
let userPoolId: string;

beforeAll(async () => {
  cognito = await startCognitoLocal();
  ({ clientId, userPoolId } = await cognito.createPool());
  transport = sdkTransport({ endpoint: cognito.endpoint, maxAttempts: 1 });
});

afterAll(async () => {
  await cognito?.stop();
});

/** Runs `call`, expecting it to reject with an AuthError, and returns that error. */
async function rejection(call: Promise<unknown>): Promise<AuthError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(AuthError);
  return outcome as AuthError;
}

function claims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function signUp(username: string, password = 'Corr3ct-horse!') {
  return transport.send('SignUp', {
    ClientId: clientId,
    Username: username,
    Password: password,
    UserAttributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'custom:favorite_flavor', Value: 'pistachio' },
    ],
  });
}

describe('sdkTransport against cognito-local', () => {
  it('never resolves AWS credentials nor signs a request', async () => {
    // The user-plane operations are unsigned; CI has no credentials and these calls must not need any.
    let credentialRequests = 0;
    const headers: Record<string, string>[] = [];
    const client = new CognitoIdentityProviderClient({
      endpoint: cognito.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: async () => {
        credentialRequests += 1;
        throw new Error('no credentials in this test');
      },
    });
    client.middlewareStack.add(
      (next) => async (args) => {
        headers.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'deserialize', name: 'recordHeaders' },
    );
    const withClient = sdkTransport({ client });
    await withClient.send('SignUp', {
      ClientId: clientId,
      Username: 'unsigned',
      Password: 'Corr3ct-horse!',
      UserAttributes: [{ Name: 'email', Value: 'unsigned@example.com' }],
    });
    await withClient.send('ConfirmSignUp', { ClientId: clientId, Username: 'unsigned', ConfirmationCode: cognito.code });
    const signIn = await withClient.send('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'unsigned', PASSWORD: 'Corr3ct-horse!' },
    });
    await withClient.send('GetUser', { AccessToken: signIn.AuthenticationResult?.AccessToken ?? '' });
    client.destroy();

    expect(credentialRequests).toBe(0);
    expect(headers).toHaveLength(4);
    for (const sent of headers) {
      expect(Object.keys(sent).map((name) => name.toLowerCase())).not.toContain('authorization');
      expect(sent['x-amz-target']).toMatch(/^AWSCognitoIdentityProviderService\./);
    }
  });

  it('signs up, confirms with the delivered code and signs in with USER_PASSWORD_AUTH', async () => {
    const signUpOutput = await signUp('alice');
    expect(signUpOutput.UserConfirmed).toBe(false);
    expect(signUpOutput.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(signUpOutput.CodeDeliveryDetails).toEqual({
      Destination: 'alice@example.com',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    expect(signUpOutput).not.toHaveProperty('$metadata');

    await transport.send('ConfirmSignUp', { ClientId: clientId, Username: 'alice', ConfirmationCode: cognito.code });

    const signIn = await transport.send('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'alice', PASSWORD: 'Corr3ct-horse!' },
    });
    const tokens = signIn.AuthenticationResult;
    expect(signIn.ChallengeName).toBeUndefined();
    expect(tokens?.AccessToken).toBeTypeOf('string');
    expect(tokens?.RefreshToken).toBeTypeOf('string');

    const idClaims = claims(tokens?.IdToken ?? '');
    expect(idClaims).toMatchObject({
      sub: signUpOutput.UserSub,
      'cognito:username': 'alice',
      email: 'alice@example.com',
      'custom:favorite_flavor': 'pistachio',
      token_use: 'id',
      aud: clientId,
    });
    expect(String(idClaims.iss)).toBe(`${cognito.endpoint}/${userPoolId}`);
    expect(claims(tokens?.AccessToken ?? '')).toMatchObject({ client_id: clientId, username: 'alice', token_use: 'access' });

    const user = await transport.send('GetUser', { AccessToken: tokens?.AccessToken ?? '' });
    expect(user.Username).toBe('alice');
    expect(user.UserAttributes).toContainEqual({ Name: 'custom:favorite_flavor', Value: 'pistachio' });
  });

  it('reports an unknown user as NotAuthorizedException', async () => {
    const error = await rejection(
      transport.send('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'nobody', PASSWORD: 'Corr3ct-horse!' },
      }),
    );
    expect(error.name).toBe('NotAuthorizedException');
    expect(error.retryable).toBe(false);
  });

  it('reports a wrong password with the exception cognito-local uses (AWS says NotAuthorizedException)', async () => {
    await signUp('bob');
    await transport.send('ConfirmSignUp', { ClientId: clientId, Username: 'bob', ConfirmationCode: cognito.code });
    const error = await rejection(
      transport.send('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'bob', PASSWORD: 'wrong-password' },
      }),
    );
    // cognito-local 5.3 answers InvalidPasswordException "Invalid password" here; see docs/cognito-local.md.
    expect(error.name).toBe('InvalidPasswordException');
    expect(error.message).toBe('Invalid password');
    expect(error.retryable).toBe(false);
  });

  it('reports an existing username as UsernameExistsException', async () => {
    await signUp('carol');
    const error = await rejection(signUp('carol'));
    expect(error.name).toBe('UsernameExistsException');
    expect(error.message).toBe('User already exists');
    expect(error.retryable).toBe(false);
  });

  it('reports a wrong confirmation code as CodeMismatchException and leaves the user unconfirmed', async () => {
    await signUp('dave');
    const wrongCode = cognito.code === '000000' ? '111111' : '000000';
    const error = await rejection(
      transport.send('ConfirmSignUp', { ClientId: clientId, Username: 'dave', ConfirmationCode: wrongCode }),
    );
    expect(error.name).toBe('CodeMismatchException');
    const signIn = await rejection(
      transport.send('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'dave', PASSWORD: 'Corr3ct-horse!' },
      }),
    );
    expect(signIn.name).toBe('UserNotConfirmedException');
  });

  it('refreshes with REFRESH_TOKEN_AUTH and cannot refresh after RevokeToken', async () => {
    await signUp('erin');
    await transport.send('ConfirmSignUp', { ClientId: clientId, Username: 'erin', ConfirmationCode: cognito.code });
    const signIn = await transport.send('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'erin', PASSWORD: 'Corr3ct-horse!' },
    });
    const refreshToken = signIn.AuthenticationResult?.RefreshToken ?? '';
    const refreshed = await transport.send('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    expect(refreshed.AuthenticationResult?.AccessToken).toBeTypeOf('string');

    await transport.send('RevokeToken', { ClientId: clientId, Token: refreshToken });
    const error = await rejection(
      transport.send('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    expect(error.name).toBe('NotAuthorizedException');
  });

  it('answers NEW_PASSWORD_REQUIRED for an admin-created user and completes it with RespondToAuthChallenge', async () => {
    await cognito.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: 'frank',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'frank@example.com' }],
      }),
    );
    const challenge = await transport.send('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'frank', PASSWORD: cognito.code },
    });
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(challenge.Session).toBeTypeOf('string');
    expect(challenge.ChallengeParameters?.USER_ID_FOR_SRP).toBe('frank');
    expect(JSON.parse(challenge.ChallengeParameters?.requiredAttributes ?? 'null')).toEqual([]);
    expect(JSON.parse(challenge.ChallengeParameters?.userAttributes ?? 'null')).toMatchObject({ email: 'frank@example.com' });

    const answered = await transport.send('RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.Session ?? '',
      ChallengeResponses: { USERNAME: 'frank', NEW_PASSWORD: 'N3w-password!' },
    });
    expect(answered.AuthenticationResult?.IdToken).toBeTypeOf('string');
  });

  it('sets up TOTP and answers the SOFTWARE_TOKEN_MFA challenge', async () => {
    const mfaPool = await cognito.createPool({ name: 'mfa-pool', mfa: 'OPTIONAL' });
    const send = sdkTransport({ endpoint: cognito.endpoint, maxAttempts: 1 });
    const credentials = { USERNAME: 'grace', PASSWORD: 'Corr3ct-horse!' };
    await send.send('SignUp', {
      ClientId: mfaPool.clientId,
      Username: 'grace',
      Password: credentials.PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'grace@example.com' }],
    });
    await send.send('ConfirmSignUp', { ClientId: mfaPool.clientId, Username: 'grace', ConfirmationCode: cognito.code });
    const first = await send.send('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: mfaPool.clientId,
      AuthParameters: credentials,
    });
    const accessToken = first.AuthenticationResult?.AccessToken ?? '';

    const { SecretCode } = await send.send('AssociateSoftwareToken', { AccessToken: accessToken });
    const totp = new TOTP({ secret: Secret.fromBase32(SecretCode ?? ''), algorithm: 'SHA1', digits: 6, period: 30 });
    const verified = await send.send('VerifySoftwareToken', {
      AccessToken: accessToken,
      UserCode: totp.generate(),
      FriendlyDeviceName: 'phone',
    });
    expect(verified.Status).toBe('SUCCESS');
    await send.send('SetUserMFAPreference', {
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });
    const user = await send.send('GetUser', { AccessToken: accessToken });
    expect(user.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA');

    const challenge = await send.send('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: mfaPool.clientId,
      AuthParameters: credentials,
    });
    expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const answer = (code: string) =>
      send.send('RespondToAuthChallenge', {
        ClientId: mfaPool.clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: challenge.Session ?? '',
        ChallengeResponses: { USERNAME: 'grace', SOFTWARE_TOKEN_MFA_CODE: code },
      });
    const wrong = await rejection(answer(totp.generate() === '000000' ? '111111' : '000000'));
    expect(wrong.name).toBe('CodeMismatchException');
    const signedIn = await answer(totp.generate());
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTypeOf('string');
  });

  it('resets a password with ForgotPassword and ConfirmForgotPassword', async () => {
    await signUp('heidi');
    await transport.send('ConfirmSignUp', { ClientId: clientId, Username: 'heidi', ConfirmationCode: cognito.code });
    const forgot = await transport.send('ForgotPassword', { ClientId: clientId, Username: 'heidi' });
    expect(forgot.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    await transport.send('ConfirmForgotPassword', {
      ClientId: clientId,
      Username: 'heidi',
      ConfirmationCode: cognito.code,
      Password: 'Res3t-password!',
    });
    const signIn = await transport.send('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'heidi', PASSWORD: 'Res3t-password!' },
    });
    expect(signIn.AuthenticationResult?.AccessToken).toBeTypeOf('string');
  });

  it.each(['GetTokensFromRefreshToken', 'GlobalSignOut', 'ResendConfirmationCode'] as const)(
    'sends %s under its own name; cognito-local lacks it and answers a server-side error',
    async (op) => {
      const inputs = {
        GetTokensFromRefreshToken: { ClientId: clientId, RefreshToken: 'not-a-token' },
        GlobalSignOut: { AccessToken: 'not-a-token' },
        ResendConfirmationCode: { ClientId: clientId, Username: 'alice' },
      };
      const error = await rejection(transport.send(op, inputs[op]));
      // cognito-local answers HTTP 500 `CognitoLocal#Unsupported`; the SDK keeps the part after '#'.
      expect(error.name).toBe('Unsupported');
      expect(error.message).toContain(`"${op}"`);
      expect(error.retryable).toBe(true);
    },
  );
});

describe('sdkTransport without an answer', () => {
  it('reports a closed port as a retryable NetworkError, quickly', async () => {
    const port = await closedPort();
    const offline = sdkTransport({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
    const started = performance.now();
    const error = await rejection(
      offline.send('SignUp', { ClientId: 'client', Username: 'x', Password: 'Corr3ct-horse!' }),
    );
    expect(error.name).toBe('NetworkError');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('retries a refused connection within maxAttempts and still ends in NetworkError', async () => {
    const port = await closedPort();
    const offline = sdkTransport({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 2 });
    const error = await rejection(offline.send('GetUser', { AccessToken: 'token' }));
    expect(error.name).toBe('NetworkError');
    expect((error.cause as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(2);
  });

  it('gives up on an already aborted signal without waiting for the server', async () => {
    await withSilentServer(async (endpoint) => {
      const silent = sdkTransport({ endpoint, maxAttempts: 1 });
      const started = performance.now();
      const error = await rejection(
        silent.send('GetUser', { AccessToken: 'token' }, AbortSignal.abort()),
      );
      expect(error.name).toBe('NetworkError');
      expect(error.retryable).toBe(true);
      expect(performance.now() - started).toBeLessThan(1_000);
    });
  });

  it('stops waiting for a silent server when the signal aborts mid-request', async () => {
    await withSilentServer(async (endpoint, accepted) => {
      const silent = sdkTransport({ endpoint, maxAttempts: 1 });
      const controller = new AbortController();
      const pending = silent.send('GetUser', { AccessToken: 'token' }, controller.signal);
      await accepted;
      const started = performance.now();
      controller.abort();
      const error = await rejection(pending);
      expect(error.name).toBe('NetworkError');
      expect(error.message).toMatch(/abort/i);
      expect(performance.now() - started).toBeLessThan(1_000);
    });
  });

  it('asks for a region when no endpoint is given', () => {
    let caught: unknown;
    try {
      sdkTransport({});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AuthError);
    expect((caught as AuthError).name).toBe('ValidationError');
    expect((caught as AuthError).fields?.[0]?.path).toBe('region');
  });
});

/** A port that was free a moment ago and has nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** A TCP server that accepts connections and never answers; `accepted` settles on the first connection. */
async function withSilentServer(run: (endpoint: string, accepted: Promise<void>) => Promise<void>): Promise<void> {
  const sockets = new Set<Socket>();
  let onAccept: () => void = () => undefined;
  const accepted = new Promise<void>((resolve) => {
    onAccept = resolve;
  });
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onAccept();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  try {
    await run(`http://127.0.0.1:${address.port}`, accepted);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
