/**
 * `npm run soak`: sign-ins against the local user pool over HTTP on loopback, then a clock move past the
 * refresh-token life, to show the pool keeps up under load and gives its memory back.
 *
 *   npm run soak -- --count 20000 --concurrency 50 --max-seconds 120 [--flow password|srp] [--users 100]
 *                   [--max-heap-growth-mb 5]
 *
 * The server listens on 127.0.0.1 only (a free port) with a manual clock; the load comes from this process.
 * It stops after --count sign-ins or --max-seconds, whichever comes first, and reports latency (p50, p99, max),
 * throughput, the pool's record counts and the heap (after a forced GC: node --expose-gc, which `npm run soak`
 * passes) before the load, right after it, and after the clock has moved 31 days (30-day refresh tokens plus the
 * day an access token minted at their end may live). Exits 1 if any sign-in failed or the heap after the clock
 * move is more than --max-heap-growth-mb above the heap before the load.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { poolNameOf, startSrp } from 'cognito-auth-machine/protocol';
import { createLocalUserPool, manualClock, startLocalCognito, type RecordCounts } from '@cognito-auth-machine/local-pool';

const PASSWORD = 'Passw0rd!';
const DAY = 24 * 60 * 60_000;

function option(name: string, fallback: string): string {
  const argv = process.argv.slice(2);
  const index = argv.indexOf(`--${name}`);
  if (index >= 0 && argv[index + 1] !== undefined) return argv[index + 1]!;
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

function positive(name: string, fallback: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const count = Math.floor(positive('count', 20_000));
const concurrency = Math.floor(positive('concurrency', 50));
const maxSeconds = positive('max-seconds', 120);
const users = Math.floor(positive('users', 100));
const maxGrowthMb = positive('max-heap-growth-mb', 5);
const flow = option('flow', 'password');
if (flow !== 'password' && flow !== 'srp') throw new Error('--flow must be password or srp');

const gc = (globalThis as { gc?: () => void }).gc;

async function heapMb(): Promise<number> {
  if (gc) {
    // A few rounds: finalizers and weak references let go over more than one collection.
    for (let i = 0; i < 4; i++) {
      gc();
      await delay(20);
    }
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function counts(c: RecordCounts): string {
  return Object.entries(c).map(([name, n]) => `${name} ${n}`).join(', ');
}

async function main(): Promise<void> {
  const clock = manualClock(Date.now());
  const server = await startLocalCognito({ clock, host: '127.0.0.1', port: 0 });
  const pool = await createLocalUserPool({ cognito: server.cognito });
  for (let i = 0; i < users; i++) {
    await pool.admin.createUser(`soak${i}`, { suppress: true, attributes: [{ Name: 'email', Value: `soak${i}@example.com` }] });
    await pool.admin.setPassword(`soak${i}`, PASSWORD, true);
  }

  const post = async (operation: string, input: Record<string, unknown>): Promise<Record<string, any>> => {
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as Record<string, any>;
    if (!response.ok) throw new Error(`${operation}: ${body.__type}: ${body.message}`);
    return body;
  };
  const signIn = async (username: string): Promise<void> => {
    if (flow === 'password') {
      const out = await post('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username, PASSWORD } });
      if (!out.AuthenticationResult?.RefreshToken) throw new Error('no tokens');
      return;
    }
    const srp = await startSrp();
    const first = await post('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username, SRP_A: srp.srpA } });
    const p = first.ChallengeParameters as Record<string, string>;
    const proof = await srp.respond({
      poolName: poolNameOf(pool.userPoolId), userIdForSrp: p.USER_ID_FOR_SRP!, password: PASSWORD,
      salt: p.SALT!, srpB: p.SRP_B!, secretBlock: p.SECRET_BLOCK!, now: new Date(clock.now()),
    });
    const out = await post('RespondToAuthChallenge', {
      ClientId: pool.clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: first.Session,
      ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP!, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, PASSWORD_CLAIM_SIGNATURE: proof.signature, TIMESTAMP: proof.timestamp },
    });
    if (!out.AuthenticationResult?.RefreshToken) throw new Error('no tokens');
  };

  // Warm-up (JIT, signing keys, sockets), then forget it: the clock moves past everything it made.
  for (let i = 0; i < Math.min(200, count); i++) await signIn(`soak${i % users}`);
  clock.advance(31 * DAY + 60_000);
  server.cognito.sweep();
  const before = await heapMb();
  const countsBefore = server.cognito.recordCounts();

  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        await signIn(`soak${i % users}`);
        latencies.push(performance.now() - t0);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const done = latencies.length + failures.length;
  const countsLoaded = server.cognito.recordCounts();
  const loaded = await heapMb();

  // Past the refresh-token life (30 days) and the day an access token minted at its end may live; the next
  // request sweeps, as any request does once the clock has moved.
  clock.advance(31 * DAY + 60_000);
  await post('GetUser', { AccessToken: 'expired.or.unknown' }).catch(() => undefined);
  const countsAfter = server.cognito.recordCounts();
  const after = await heapMb();
  await server.close();

  latencies.sort((a, b) => a - b);
  const lines = [
    `soak: ${done} of ${count} ${flow} sign-ins over HTTP on ${server.endpoint}, concurrency ${concurrency}, ${seconds.toFixed(1)} s` +
      (done < count ? ` (stopped at --max-seconds ${maxSeconds})` : ''),
    `  throughput      ${(done / seconds).toFixed(0)} sign-ins/s; failures ${failures.length}${failures[0] ? ` (first: ${failures[0]})` : ''}`,
    `  latency         p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${percentile(latencies, 100).toFixed(1)} ms`,
    `  heap (MB)       before ${before.toFixed(1)}, after the load ${loaded.toFixed(1)}, after the clock move ${after.toFixed(1)} (${after - before >= 0 ? '+' : ''}${(after - before).toFixed(1)})` +
      (gc ? '' : '  [no --expose-gc: figures include uncollected garbage]'),
    `  records before  ${counts(countsBefore)}`,
    `  records loaded  ${counts(countsLoaded)}`,
    `  records after   ${counts(countsAfter)}`,
  ];
  console.log(lines.join('\n'));
  if (failures.length > 0 || (gc && after - before > maxGrowthMb)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
