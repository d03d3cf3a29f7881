import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalUserPool, startLocalCognito, type LocalCognitoServer, type LocalUserPool } from '@cognito-auth-machine/local-pool';
import { verifyIdToken } from '../../advanced.js';
import { fetchTransport } from '../../fetch.js';
import { fakeTokens } from '../support/fake-tokens.js';

/*
 * The optional ID token check, against the local pool's real keys (served at <issuer>/.well-known/jwks.json over
 * HTTP on 127.0.0.1), and against tokens that must fail it.
 */

const PASSWORD = 'Passw0rd!';
let server: LocalCognitoServer;
let pool: LocalUserPool;
let issuer: string;
let tokens: { IdToken: string; AccessToken: string };
let hanging: Server;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = await startLocalCognito();
  pool = await createLocalUserPool({ cognito: server.cognito });
  issuer = `${server.endpoint}/${pool.userPoolId}`;
  await pool.admin.createUser('alice', { attributes: [{ Name: 'email', Value: 'alice@example.com' }], suppress: true });
  await pool.admin.setPassword('alice', PASSWORD, true);
  const signedIn = await fetchTransport({ endpoint: server.endpoint }).send('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: 'alice', PASSWORD },
  });
  tokens = { IdToken: signedIn.AuthenticationResult!.IdToken!, AccessToken: signedIn.AuthenticationResult!.AccessToken! };
  hanging = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  if (hanging) await new Promise<void>((resolve) => hanging.close(() => resolve()));
  await server?.close();
});

const options = () => ({ userPoolId: pool.userPoolId, clientId: pool.clientId, issuer });

async function refusal(run: Promise<unknown>): Promise<{ name: string; retryable: boolean }> {
  const outcome = await run.then(
    () => ({ name: 'accepted', retryable: false }),
    (error: { name: string; retryable: boolean }) => error,
  );
  return { name: outcome.name, retryable: outcome.retryable };
}

/** The token with one claim changed and the signature kept. */
function tampered(token: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${header}.${Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url')}.${signature}`;
}

describe("verifyIdToken against the local pool's keys", () => {
  it('accepts the ID token the pool issued and gives its claims', async () => {
    const claims = await verifyIdToken(tokens.IdToken, options());
    expect(claims['cognito:username']).toBe('alice');
    expect(claims.email).toBe('alice@example.com');
  });

  it('refuses a token whose claims were changed after signing', async () => {
    expect(await refusal(verifyIdToken(tampered(tokens.IdToken, { email: 'mallory@example.com' }), options()))).toEqual({
      name: 'InvalidTokenError',
      retryable: false,
    });
  });

  it('refuses the access token, a token for another client or issuer, an expired one and an unsigned one', async () => {
    const cases = [
      () => verifyIdToken(tokens.AccessToken, options()),
      () => verifyIdToken(tokens.IdToken, { ...options(), clientId: 'anotherclient1234567890ab' }),
      () => verifyIdToken(tokens.IdToken, { ...options(), issuer: `${server.endpoint}/us-east-1_Other1234` }),
      () => verifyIdToken(tokens.IdToken, { ...options(), now: Date.now() + 2 * 24 * 3600_000 }),
      () => verifyIdToken(fakeTokens({ issuer, clientId: pool.clientId }).IdToken, options()),
      () => verifyIdToken('not a token', options()),
    ];
    for (const run of cases) expect((await refusal(run())).name).toBe('InvalidTokenError');
  });

  it('says NetworkError, retryable, when the keys cannot be read in time', async () => {
    const address = hanging.address() as { port: number };
    const elsewhere = `http://127.0.0.1:${address.port}/${pool.userPoolId}`;
    const token = tampered(tokens.IdToken, { iss: elsewhere });
    expect(await refusal(verifyIdToken(token, { ...options(), issuer: elsewhere, timeoutMs: 100 }))).toEqual({
      name: 'NetworkError',
      retryable: true,
    });
  });
});
