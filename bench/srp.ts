/**
 * Client-side cost of one SRP sign-in (A, then u, x, S, the HKDF key and the PASSWORD_CLAIM_SIGNATURE) for this
 * project's engines and for the SRP code inside amazon-cognito-identity-js and aws-amplify v6, all in one process.
 * The server side (this project's srp-server) runs between the two client steps and is not timed; every
 * signature is checked by it so that each measured run did the real work.
 *
 *   npx tsx bench/srp.ts [runs] [warm-up runs]
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import { bigIntModPow, squareAndMultiplyModPow, windowedModPow, type ModPow } from '../services/srp/mod-pow.js';
import { loadNodeModPow } from '../services/srp/mod-pow-node.js';
import { startSrp } from '../services/srp/srp-client.js';
import { computeSrpVerifier, startSrpServer } from '../packages/local-pool/src/srp-server.js';
import { bytesToHex, toBase64 } from '../services/bytes.js';
import { randomBytes } from '../services/web-crypto.js';

const require = createRequire(import.meta.url);

const poolName = 'AbCdEf123';
const userIdForSrp = '3f1c2b7a-2d4e-4b8a-9c1d-0e5f6a7b8c9d';
const password = 'Correct-Horse-9';

/** What one sign-in hands back for checking. */
interface Answer {
  signature: string;
  timestamp: string;
}

/** A client implementation: step 1 computes SRP_A, step 2 answers PASSWORD_VERIFIER. */
interface Contender {
  name: string;
  peer: boolean;
  start(): Promise<{ srpA: string; respond(challenge: { salt: string; srpB: string; secretBlock: string }): Promise<Answer> }>;
}

function project(name: string, modPow: ModPow): Contender {
  return {
    name,
    peer: false,
    async start() {
      const session = await startSrp({ modPow });
      return {
        srpA: session.srpA,
        respond: (challenge) => session.respond({ poolName, userIdForSrp, password, ...challenge }),
      };
    },
  };
}

// --- amazon-cognito-identity-js 6 (what CognitoUser.authenticateUserDefaultAuth does) ---------------------------

interface JsbnBigInteger {
  toString(radix: number): string;
}
type JsbnBigIntegerClass = new (value: string, radix: number) => JsbnBigInteger;
type NodeCallback<T> = (error: unknown, value: T) => void;
interface IdentityJsHelper {
  getLargeAValue(callback: NodeCallback<JsbnBigInteger>): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    serverBValue: JsbnBigInteger,
    salt: JsbnBigInteger,
    callback: NodeCallback<Uint8Array>,
  ): void;
}
interface Sha256Hash {
  update(data: Uint8Array): void;
  digestSync(): Uint8Array;
}

function identityJs(): Contender {
  const lib = require('amazon-cognito-identity-js') as {
    AuthenticationHelper: new (poolName: string) => IdentityJsHelper;
    DateHelper: new () => { getNowString(): string };
  };
  const BigInteger = (require('amazon-cognito-identity-js/lib/BigInteger.js') as { default: JsbnBigIntegerClass }).default;
  const libRequire = createRequire(require.resolve('amazon-cognito-identity-js'));
  const { Sha256 } = libRequire('@aws-crypto/sha256-js') as { Sha256: new (secret?: Uint8Array) => Sha256Hash };
  const call = <T>(run: (cb: NodeCallback<T>) => void): Promise<T> =>
    new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
  return {
    name: 'amazon-cognito-identity-js 6.3.21',
    peer: true,
    async start() {
      const helper = new lib.AuthenticationHelper(poolName);
      const A = await call<JsbnBigInteger>((cb) => helper.getLargeAValue(cb));
      return {
        srpA: A.toString(16),
        async respond({ salt, srpB, secretBlock }) {
          const hkdf = await call<Uint8Array>((cb) =>
            helper.getPasswordAuthenticationKey(userIdForSrp, password, new BigInteger(srpB, 16), new BigInteger(salt, 16), cb),
          );
          const timestamp = new lib.DateHelper().getNowString();
          const hash = new Sha256(hkdf);
          hash.update(
            Buffer.concat([
              Buffer.from(poolName, 'utf8'),
              Buffer.from(userIdForSrp, 'utf8'),
              Buffer.from(secretBlock, 'base64'),
              Buffer.from(timestamp, 'utf8'),
            ]),
          );
          return { signature: Buffer.from(hash.digestSync()).toString('base64'), timestamp };
        },
      };
    },
  };
}

// --- aws-amplify v6 (@aws-amplify/auth's internal SRP helpers, as its signIn uses them) -------------------------

interface AmplifyHelper {
  A: JsbnBigInteger;
  getPasswordAuthenticationKey(args: {
    username: string;
    password: string;
    serverBValue: JsbnBigInteger;
    salt: JsbnBigInteger;
  }): Promise<Uint8Array>;
}
interface AmplifySrp {
  getAuthenticationHelper(poolName: string): Promise<AmplifyHelper>;
  getNowString(): string;
  getSignatureString(args: {
    userPoolName: string;
    username: string;
    challengeParameters: Record<string, string>;
    dateNow: string;
    hkdf: Uint8Array;
  }): string;
}

async function amplify(): Promise<Contender> {
  // The package's export map hides its internals, so load them by file path.
  const srpDir = join(dirname(require.resolve('@aws-amplify/auth/package.json')), 'dist/esm/providers/cognito/utils/srp');
  const srp = (await import(pathToFileURL(join(srpDir, 'index.mjs')).href)) as AmplifySrp;
  const BigInteger = ((await import(pathToFileURL(join(srpDir, 'BigInteger/BigInteger.mjs')).href)) as { default: JsbnBigIntegerClass })
    .default;
  const version = (name: string): string => (require(`${name}/package.json`) as { version: string }).version;
  return {
    name: `aws-amplify ${version('aws-amplify')} (@aws-amplify/auth ${version('@aws-amplify/auth')})`,
    peer: true,
    async start() {
      const helper = await srp.getAuthenticationHelper(poolName);
      return {
        srpA: helper.A.toString(16),
        async respond({ salt, srpB, secretBlock }) {
          const hkdf = await helper.getPasswordAuthenticationKey({
            username: userIdForSrp,
            password,
            serverBValue: new BigInteger(srpB, 16),
            salt: new BigInteger(salt, 16),
          });
          const dateNow = srp.getNowString();
          const signature = srp.getSignatureString({
            userPoolName: poolName,
            username: userIdForSrp,
            challengeParameters: { SECRET_BLOCK: secretBlock },
            dateNow,
            hkdf,
          });
          return { signature, timestamp: dateNow };
        },
      };
    },
  };
}

// --- measurement ---------------------------------------------------------------------------------------------

interface Sample {
  wallMs: number;
  cpuMs: number;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, Sample]> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = await work();
  const wallMs = performance.now() - wall;
  const used = process.cpuUsage(cpu);
  return [value, { wallMs, cpuMs: (used.user + used.system) / 1000 }];
}

/** One full sign-in; only the client's two steps are timed. */
async function signIn(contender: Contender, verifier: bigint, salt: string): Promise<Sample> {
  const [session, first] = await timed(() => contender.start());
  const server = await startSrpServer({ verifier, srpA: session.srpA, modPow: bigIntModPow });
  const secretBlock = toBase64(randomBytes(64));
  const [answer, second] = await timed(() => session.respond({ salt, srpB: server.srpB, secretBlock }));
  if (!(await server.verify({ poolName, userIdForSrp, secretBlock, ...answer }))) {
    throw new Error(`${contender.name}: the server did not accept the signature`);
  }
  return { wallMs: first.wallMs + second.wallMs, cpuMs: first.cpuMs + second.cpuMs };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface SrpBenchRow {
  name: string;
  peer: boolean;
  medianCpuMs: number;
  medianWallMs: number;
  /** Median CPU divided by the faster peer's median CPU. */
  ratio: number;
}

export async function runSrpBench(options: { runs?: number; warmUp?: number } = {}): Promise<SrpBenchRow[]> {
  const runs = options.runs ?? 30;
  const warmUp = options.warmUp ?? 5;
  const nodeModPow = await loadNodeModPow();
  const contenders: Contender[] = [
    project('this project, BigInt (Montgomery window + comb for g)', bigIntModPow),
    ...(nodeModPow ? [project('this project, node:crypto (OpenSSL)', nodeModPow)] : []),
    project('this project, BigInt window only (no comb)', windowedModPow),
    project('this project, square-and-multiply (baseline)', squareAndMultiplyModPow),
    identityJs(),
    await amplify(),
  ];
  const salt = bytesToHex(randomBytes(16));
  const verifier = await computeSrpVerifier({ poolName, userIdForSrp, password, salt, modPow: bigIntModPow });

  for (let i = 0; i < warmUp; i++) for (const contender of contenders) await signIn(contender, verifier, salt);
  // Interleaved rounds, so drifting load on a shared machine hits every contender alike.
  const samples = new Map<Contender, Sample[]>(contenders.map((c) => [c, []]));
  for (let i = 0; i < runs; i++) {
    for (const contender of contenders) samples.get(contender)!.push(await signIn(contender, verifier, salt));
  }

  const rows = contenders.map((c) => ({
    name: c.name,
    peer: c.peer,
    medianCpuMs: median(samples.get(c)!.map((s) => s.cpuMs)),
    medianWallMs: median(samples.get(c)!.map((s) => s.wallMs)),
  }));
  const fasterPeer = Math.min(...rows.filter((r) => r.peer).map((r) => r.medianCpuMs));
  return rows.map((r) => ({ ...r, ratio: r.medianCpuMs / fasterPeer }));
}

export function formatSrpBench(rows: SrpBenchRow[], runs: number, warmUp: number): string {
  const lines = [
    `SRP sign-in, client side, median of ${runs} runs after ${warmUp} warm-up runs`,
    `Node ${process.versions.node}, OpenSSL ${process.versions.openssl}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| Implementation | CPU ms (median) | wall ms (median) | × faster peer |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.medianCpuMs.toFixed(2)} | ${r.medianWallMs.toFixed(2)} | ${r.ratio.toFixed(3)} |`),
  ];
  return lines.join('\n');
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const runs = Number(argv[0] ?? 30);
  const warmUp = Number(argv[1] ?? 5);
  const rows = await runSrpBench({ runs, warmUp });
  console.log(formatSrpBench(rows, runs, warmUp));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
