/**
 * Shared set-up for the local user pool's security tests: a server on 127.0.0.1 (port 0) with a manual clock, a pool
 * and app client in it, and raw JSON calls that neither retry nor throw (so concurrent answers can be counted).
 */
import { request } from 'node:http';
import { poolNameOf, secretHash, startSrp } from 'cognito-auth-machine/protocol';
import {
  createLocalUserPool,
  manualClock,
  startLocalCognito,
  totpCode,
  type LocalCognitoServer,
  type LocalCognitoServerOptions,
  type LocalUserPool,
  type LocalUserPoolOptions,
  type ManualClock,
} from '@cognito-auth-machine/local-pool';

export const PASSWORD = 'Passw0rd!';
export const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' };

export type Json = Record<string, any>;

/** What the server answered: HTTP status, the exception name (or undefined on success) and the body. */
export interface Answer {
  status: number;
  error?: string;
  message?: string;
  body: Json;
}

export interface Harness {
  server: LocalCognitoServer;
  pool: LocalUserPool;
  clock: ManualClock;
  /** One operation over HTTP, without retries. */
  call(operation: string, input: Json): Promise<Answer>;
  /** Like `call`, but throws unless it succeeded. */
  ok(operation: string, input: Json): Promise<Json>;
  /** SECRET_HASH for `username` when the client has a secret. */
  hash(username: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function harness(
  options: { pool?: LocalUserPoolOptions; server?: LocalCognitoServerOptions } = {},
): Promise<Harness> {
  const clock = manualClock(Date.now());
  const server = await startLocalCognito({ clock, ...options.server });
  const pool = await createLocalUserPool({ ...options.pool, cognito: server.cognito });
  const call = async (operation: string, input: Json): Promise<Answer> => {
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as Json;
    return { status: response.status, body, ...(response.ok ? {} : { error: String(body.__type), message: String(body.message) }) };
  };
  return {
    server,
    pool,
    clock,
    call,
    async ok(operation, input) {
      const answer = await call(operation, input);
      if (answer.error) throw new Error(`${operation}: ${answer.error}: ${answer.message}`);
      return answer.body;
    },
    async hash(username): Promise<Record<string, string>> {
      if (!pool.clientSecret) return {};
      return { SECRET_HASH: await secretHash(pool.clientSecret, username, pool.clientId) };
    },
    close: () => server.close(),
  };
}

/** A confirmed user with a permanent password, an email and optionally a phone number. */
export async function addUser(h: Harness, username: string, phone?: string): Promise<void> {
  await h.pool.admin.createUser(username, {
    suppress: true,
    attributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'email_verified', Value: 'true' },
      ...(phone ? [{ Name: 'phone_number', Value: phone }, { Name: 'phone_number_verified', Value: 'true' }] : []),
    ],
  });
  await h.pool.admin.setPassword(username, PASSWORD, true);
}

export async function passwordSignIn(h: Harness, username: string, password = PASSWORD): Promise<Answer> {
  return h.call('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: h.pool.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password, ...(await h.hash(username)) },
  });
}

/** USER_SRP_AUTH up to the PASSWORD_VERIFIER answer; `respond` builds that answer (right or wrong password). */
export async function srpChallenge(h: Harness, username: string) {
  const srp = await startSrp();
  const first = await h.ok('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: h.pool.clientId,
    AuthParameters: { USERNAME: username, SRP_A: srp.srpA, ...(await h.hash(username)) },
  });
  const p = first.ChallengeParameters as Record<string, string>;
  return {
    session: String(first.Session),
    parameters: p,
    async answer(password: string, withSession = true): Promise<Json> {
      const proof = await srp.respond({
        poolName: poolNameOf(h.pool.userPoolId),
        userIdForSrp: p.USER_ID_FOR_SRP!,
        password,
        salt: p.SALT!,
        srpB: p.SRP_B!,
        secretBlock: p.SECRET_BLOCK!,
        now: new Date(h.clock.now()),
      });
      return {
        ClientId: h.pool.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ...(withSession ? { Session: first.Session } : {}),
        ChallengeResponses: {
          USERNAME: p.USER_ID_FOR_SRP!,
          PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
          PASSWORD_CLAIM_SIGNATURE: proof.signature,
          TIMESTAMP: proof.timestamp,
          ...(await h.hash(p.USER_ID_FOR_SRP!)),
        },
      };
    },
  };
}

/** Registers and enables TOTP for a user with the access token; returns the secret. Uses the previous step's code. */
export async function enableTotp(h: Harness, username: string, preferred = true): Promise<string> {
  const signedIn = await passwordSignIn(h, username);
  const AccessToken = signedIn.body.AuthenticationResult.AccessToken;
  const { SecretCode } = await h.ok('AssociateSoftwareToken', { AccessToken });
  await h.ok('VerifySoftwareToken', { AccessToken, UserCode: totpCode(SecretCode, h.clock.now() - 30_000) });
  await h.ok('SetUserMFAPreference', { AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: preferred } });
  return SecretCode;
}

export function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

/** Counts answers by exception name (`ok` for successes). */
export function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[a.error ?? 'ok'] = (counts[a.error ?? 'ok'] ?? 0) + 1;
  return counts;
}

/** A raw HTTP request, for what fetch does not allow (a Host header of our choice, Expect: 100-continue). */
export function rawRequest(
  endpoint: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string | Iterable<Buffer> },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers ?? {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    const body = options.body;
    if (body === undefined) return void req.end();
    if (typeof body === 'string' || Buffer.isBuffer(body)) return void req.end(body);
    // Chunked: written piece by piece, respecting back-pressure.
    const pieces = body[Symbol.iterator]();
    const pump = () => {
      for (let next = pieces.next(); !next.done; next = pieces.next()) {
        if (!req.write(next.value)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
