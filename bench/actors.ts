/**
 * The machine's own cost, with a transport that answers at once from memory (no network, no pool):
 * - heap per idle signed-in actor: 1,000 actors signed in with USER_PASSWORD_AUTH, each holding its own tokens,
 *   heap measured after full garbage collections before and after;
 * - events per second: SIGN_IN → signedIn → SIGN_OUT → signedOut cycles (each two events, two service calls,
 *   the token decoding and the emitted events), and events rejected by validation (an invalid SIGN_UP: the schema
 *   check, the transition and the error written to context, no service call).
 *
 * Rates are per CPU second of this process (process.cpuUsage), which a shared machine distorts less than wall time;
 * wall-time rates are reported beside them.
 *
 * Run in its own process with `node --expose-gc --import tsx bench/actors.ts`; prints one JSON line.
 */
import { waitFor } from 'xstate';
import { createAuth, type AuthActor, type Transport } from '../core.js';

const POOL_ID = 'us-east-1_BenchPool1';
const CLIENT_ID = 'benchclient1234567890abc';

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  // 256 bytes stand in for an RS256 signature, so a token is as long as Cognito's.
  return `${part({ alg: 'RS256', kid: 'bench' })}.${part(claims)}.${Buffer.alloc(256, 7).toString('base64url')}`;
}

let issued = 0;

/** Cognito-shaped tokens, different for every sign-in (as real ones are), valid for an hour. */
function tokens(username: string) {
  issued += 1;
  const iat = Math.floor(Date.now() / 1000);
  const common = { sub: `sub-${issued}`, iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`, iat, exp: iat + 3600, auth_time: iat };
  return {
    IdToken: jwt({ ...common, jti: `id-${issued}`, aud: CLIENT_ID, token_use: 'id', 'cognito:username': username, email: `${username}@example.com` }),
    AccessToken: jwt({ ...common, jti: `access-${issued}`, origin_jti: `origin-${issued}`, client_id: CLIENT_ID, token_use: 'access', username }),
    RefreshToken: `refresh-${issued}-${'r'.repeat(1700)}`,
    ExpiresIn: 3600,
    TokenType: 'Bearer',
  };
}

const instantTransport: Transport = {
  async send(op, input) {
    if (op === 'InitiateAuth') {
      const username = (input as { AuthParameters?: Record<string, string> }).AuthParameters?.USERNAME ?? 'user';
      return { AuthenticationResult: tokens(username) } as never;
    }
    return {} as never;
  },
};

function start(): AuthActor {
  return createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, authFlow: 'USER_PASSWORD_AUTH', transport: instantTransport });
}

const idle = (auth: AuthActor) => waitFor(auth, (s) => !s.hasTag('busy'));

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) collect();
}

export interface ActorsBenchResult {
  actors: number;
  bytesPerSignedOutActor: number;
  bytesPerSignedInActor: number;
  /** SIGN_IN + SIGN_OUT round trips (two events each) per CPU second and per wall second. */
  cycles: { perCpuSecond: number; perWallSecond: number };
  /** Invalid SIGN_UP events rejected by validation per CPU second and per wall second. */
  rejected: { perCpuSecond: number; perWallSecond: number };
}

/** Heap per actor, signed out (just created) and then signed in, over the same `count` actors. */
async function memoryPerActor(count: number): Promise<{ signedOut: number; signedIn: number }> {
  // Warm up code paths and lazy tables first, so that they are not counted as per-actor memory.
  for (let i = 0; i < 20; i++) {
    const auth = start();
    await idle(auth);
    auth.send({ type: 'SIGN_IN', username: `warm${i}`, password: 'Passw0rd!' });
    await idle(auth);
    auth.stop();
  }
  gc();
  const before = process.memoryUsage().heapUsed;
  const actors: AuthActor[] = [];
  for (let i = 0; i < count; i++) {
    const auth = start();
    await idle(auth);
    actors.push(auth);
  }
  gc();
  const signedOut = process.memoryUsage().heapUsed;
  for (const [i, auth] of actors.entries()) {
    auth.send({ type: 'SIGN_IN', username: `user${i}`, password: 'Passw0rd!' });
    await idle(auth);
    if (!auth.getSnapshot().matches('signedIn')) throw new Error(`actor ${i} did not sign in`);
  }
  gc();
  const signedIn = process.memoryUsage().heapUsed;
  for (const auth of actors) auth.stop();
  return { signedOut: (signedOut - before) / count, signedIn: (signedIn - before) / count };
}

/** Runs `work` repeatedly for about `durationMs` of CPU time; returns units of work per CPU second and per wall second. */
async function rate(durationMs: number, work: () => Promise<number> | number): Promise<{ perCpuSecond: number; perWallSecond: number }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  let done = 0;
  let used = 0;
  while (used < durationMs) {
    done += await work();
    const spent = process.cpuUsage(cpu);
    used = (spent.user + spent.system) / 1000;
  }
  return { perCpuSecond: done / (used / 1000), perWallSecond: done / ((performance.now() - wall) / 1000) };
}

async function cycles(durationMs: number) {
  const auth = start();
  await idle(auth);
  const result = await rate(durationMs, async () => {
    auth.send({ type: 'SIGN_IN', username: 'cycler', password: 'Passw0rd!' });
    await idle(auth);
    auth.send({ type: 'SIGN_OUT' });
    await idle(auth);
    return 1;
  });
  if (!auth.getSnapshot().matches('signedOut')) throw new Error('cycle did not end signed out');
  auth.stop();
  return result;
}

async function rejected(durationMs: number) {
  const auth = start();
  await idle(auth);
  const result = await rate(durationMs, () => {
    for (let i = 0; i < 50; i++) auth.send({ type: 'SIGN_UP', username: '', password: '' });
    return 50;
  });
  if (auth.getSnapshot().context.error?.name !== 'ValidationError') throw new Error('the invalid event was not rejected');
  auth.stop();
  return result;
}

export async function runActorsBench(count = 1000): Promise<ActorsBenchResult> {
  const memory = await memoryPerActor(count);
  await cycles(200);
  const cycleRate = await cycles(1500);
  await rejected(200);
  const rejectedRate = await rejected(1500);
  return { actors: count, bytesPerSignedOutActor: memory.signedOut, bytesPerSignedInActor: memory.signedIn, cycles: cycleRate, rejected: rejectedRate };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runActorsBench(Number(process.argv[2] ?? 1000))));
}
