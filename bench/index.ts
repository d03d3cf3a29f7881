/**
 * `npm run bench`: one run, one table — this project against aws-amplify v6 and amazon-cognito-identity-js on
 * bundle size, SRP client CPU, Cognito requests per flow (passwordless and passkey flows included), and cold import time; plus the machine's own memory per
 * actor and event rate. Details (request sequences, every SRP engine) follow the table.
 *
 *   npm run bench              (same as: npx tsx bench/index.ts)
 *   npx tsx bench/index.ts 30 5   SRP runs and warm-up runs (default 20 and 3)
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { BASE_ENTRY, FEATURES, KB, bytesByPart, featureBytesIn, measureBundle, repoRoot, type BundleMeasure } from './bundle-size.js';
import type { ActorsBenchResult } from './actors.js';
import { runColdImportBench, type ColdImport } from './cold-import.js';
import { PASSWORDLESS_FLOWS, runPasswordlessRequestsBench, type PasswordlessBenchRow } from './passwordless-requests.js';
import { FLOWS, runRequestsBench, type RequestsBenchRow } from './requests.js';
import { formatSrpBench, runSrpBench, type SrpBenchRow } from './srp.js';

const require = createRequire(import.meta.url);
// The SDK's notice that its 2027 releases need Node 22 says nothing about these figures: keep it out of the report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const version = (name: string): string => (require(`${name}/package.json`) as { version: string }).version;

/** The four builds compared, in column order. */
const COLUMNS = [
  { key: 'ours', title: 'this project: core + fetch', entry: 'bench/entries/core-fetch.ts' },
  { key: 'oursSdk', title: 'this project: root (AWS SDK)', entry: 'bench/entries/root-sdk.ts' },
  { key: 'amplify', title: `aws-amplify ${version('aws-amplify')}`, entry: 'bench/entries/amplify-v6.ts' },
  { key: 'identityJs', title: `amazon-cognito-identity-js ${version('amazon-cognito-identity-js')}`, entry: 'bench/entries/identity-js.ts' },
] as const;
type Column = (typeof COLUMNS)[number]['key'];

/** aws-amplify v6 with the account functions added: core + fetch always carries the chart's account actions. */
const AMPLIFY_ACCOUNT_ENTRY = 'bench/entries/amplify-v6-account.ts';

/** aws-amplify v6 for the passwordless flows: the sign-in entry plus `autoSignIn`; and that plus passkey management. */
const AMPLIFY_PASSWORDLESS_ENTRY = 'bench/entries/amplify-v6-passwordless.ts';
const AMPLIFY_PASSKEYS_ENTRY = 'bench/entries/amplify-v6-passkeys.ts';

/** core + fetch with passkeys imported: what passkeys add to it. */
const PASSKEYS_ENTRY = 'bench/entries/core-fetch-passkeys.ts';

/** Printed under the table; a row points at one with its marker. */
const FOOTNOTES = {
  noUserAuth:
    '[a] amazon-cognito-identity-js has no USER_AUTH flow, no EMAIL_OTP or WEB_AUTHN challenge and no WebAuthn call (its `CognitoUser` ' +
    'answers SMS and TOTP MFA only), so it cannot run these flows: no figure.',
  amplifyPasskeys:
    '[b] aws-amplify v6 calls `navigator.credentials.create/get`, which Node lacks; these rows ran it against a shim of that API ' +
    '(bench/webauthn-shim.ts) answered by the same software authenticator our adapter used, installed only for these two flows.',
  passkeyBytes:
    '[c] What passkey management adds. Ours: core + fetch + `passkeys`, `browserWebAuthn` less core + fetch; the WEB_AUTHN sign-in ' +
    'ceremony is part of that feature. Amplify: + `associateWebAuthnCredential`, `listWebAuthnCredentials`, `deleteWebAuthnCredential` ' +
    'less the passwordless entry; its WEB_AUTHN sign-in ceremony is already in `signIn`, so in every Amplify build.',
} as const;

/** The AWS SDK client and the commands the root entry's transport sends, alone: what the root entry may add. */
const SDK_ENTRY = 'bench/entries/sdk-client.ts';

type Row = { measure: string; values: Partial<Record<Column, number>>; digits: number; note?: string };

/** Operations per flow for one client, the classic flows and the passwordless ones together. */
type ClientRequests = { client: string; flows: Partial<Record<string, string[]>> };

function runActorsInChild(): ActorsBenchResult {
  // Its own process: global.gc for honest heap figures, and no other benchmark's garbage in the heap.
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/actors.ts', '1000'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`bench/actors.ts failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as ActorsBenchResult;
}

function cell(value: number | undefined, digits: number): string {
  return value === undefined ? '—' : value.toFixed(digits);
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '—' : (a / b).toFixed(2);
}

function formatTable(rows: Row[]): string {
  const header = [
    'Measure',
    ...COLUMNS.map((c) => c.title),
    'core+fetch ÷ Amplify',
    'core+fetch ÷ identity-js',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|---|${header.slice(1).map(() => '---:').join('|')}|`];
  for (const row of rows) {
    const { values: v } = row;
    lines.push(
      `| ${row.measure}${row.note ? ` ${row.note}` : ''} | ${COLUMNS.map((c) => cell(v[c.key], row.digits)).join(' | ')} | ${ratio(v.ours, v.amplify)} | ${ratio(v.ours, v.identityJs)} |`,
    );
  }
  return lines.join('\n');
}

function formatParts(measure: BundleMeasure): string {
  const total = measure.inputs.reduce((sum, input) => sum + input.bytes, 0);
  const lines = ['| Part | minified (KB) | share | gzip, pro rata (KB) |', '|---|---:|---:|---:|'];
  for (const { part, bytes } of bytesByPart(measure)) {
    const share = bytes / total;
    lines.push(`| ${part} | ${(bytes / KB).toFixed(1)} | ${(share * 100).toFixed(1)} % | ${((share * measure.gzipBytes) / KB).toFixed(2)} |`);
  }
  return lines.join('\n');
}

function formatRequests(rows: ClientRequests[]): string {
  const lines = ['| Client | Flow | Requests | Operations |', '|---|---|---:|---|'];
  for (const row of rows) {
    for (const [flow, operations] of Object.entries(row.flows)) {
      if (operations) lines.push(`| ${row.client} | ${flow} | ${operations.length} | ${operations.join(', ')} |`);
    }
  }
  return lines.join('\n');
}

/** The classic flows' rows with the passwordless flows' of the same client added. */
function withPasswordless(rows: RequestsBenchRow[], passwordless: PasswordlessBenchRow[]): ClientRequests[] {
  return rows.map((row) => ({ client: row.client, flows: { ...row.flows, ...passwordless.find((p) => p.client === row.client)?.flows } }));
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const srpRuns = Number(argv[0] ?? 20);
  const srpWarmUp = Number(argv[1] ?? 3);
  const log = (step: string) => console.error(`bench: ${step}…`);

  log('bundle sizes');
  const bundles = new Map<Column, BundleMeasure>();
  for (const column of COLUMNS) bundles.set(column.key, await measureBundle(column.entry));
  const base = await measureBundle(BASE_ENTRY);
  const amplifyAccount = await measureBundle(AMPLIFY_ACCOUNT_ENTRY);
  const amplifyPasswordless = await measureBundle(AMPLIFY_PASSWORDLESS_ENTRY);
  const amplifyPasskeys = await measureBundle(AMPLIFY_PASSKEYS_ENTRY);
  const withPasskeys = await measureBundle(PASSKEYS_ENTRY);
  const sdkAlone = await measureBundle(SDK_ENTRY);
  const features = [];
  for (const feature of FEATURES) features.push({ feature, measure: await measureBundle(feature.entry) });

  log('Cognito requests per flow on the local user pool');
  const requests = await runRequestsBench();
  const requestsOf = (client: string) => requests.find((r) => r.client === client)!;
  log('Cognito requests per passwordless and passkey flow on the local user pool');
  const passwordless = await runPasswordlessRequestsBench();
  const passwordlessOf = (client: string) => passwordless.find((r) => r.client === client)!;

  log(`SRP (${srpRuns} runs after ${srpWarmUp} warm-up runs)`);
  const srp: SrpBenchRow[] = await runSrpBench({ runs: srpRuns, warmUp: srpWarmUp });
  const srpOf = (prefix: string) => srp.find((r) => r.name.startsWith(prefix))?.medianCpuMs;

  log('memory per actor and events per second (child process)');
  const actors = runActorsInChild();

  log('cold import (fresh processes)');
  const cold = await runColdImportBench([...COLUMNS.map((c) => c.entry), SDK_ENTRY]);
  const coldOf = (pick: (c: ColdImport) => number) =>
    Object.fromEntries(COLUMNS.map((c) => [c.key, pick(cold.get(c.entry)!)])) as Record<Column, number>;

  const perColumn = (pick: (m: BundleMeasure) => number) =>
    Object.fromEntries(COLUMNS.map((c) => [c.key, pick(bundles.get(c.key)!)])) as Record<Column, number>;
  const gzipOf = (column: Column) => bundles.get(column)!.gzipBytes;
  const coldSdkCpu = cold.get(SDK_ENTRY)!.cpuMs;
  const bigInt = srpOf('this project, BigInt (Montgomery');
  const nodeCrypto = srpOf('this project, node:crypto');

  const rows: Row[] = [
    { measure: 'Bundle, gzip -9 (KB)', values: perColumn((m) => m.gzipBytes / KB), digits: 2 },
    { measure: 'Bundle, minified (KB)', values: perColumn((m) => m.minifiedBytes / KB), digits: 1 },
    { measure: 'Bundle, gzip -9 (KB): createAuth + fetchTransport alone', values: { ours: base.gzipBytes / KB }, digits: 2 },
    {
      measure: 'Bundle, gzip -9 (KB): with account management (Amplify: + fetchUserAttributes … deleteUser and the device functions, 14 functions)',
      values: { ours: gzipOf('ours') / KB, amplify: amplifyAccount.gzipBytes / KB },
      digits: 2,
    },
    {
      measure:
        'Bundle, gzip -9 (KB): passwordless sign-in — USER_AUTH (EMAIL_OTP, SMS_OTP, SELECT_CHALLENGE, PASSWORD, PASSWORD_SRP), email MFA, sign-up + auto sign-in (ours: in core; Amplify: + autoSignIn)',
      values: { ours: gzipOf('ours') / KB, oursSdk: gzipOf('oursSdk') / KB, amplify: amplifyPasswordless.gzipBytes / KB },
      digits: 2,
    },
    {
      measure: 'Bundle, gzip -9 (KB): passkeys (register, list, delete, sign in), added',
      note: '[c]',
      values: { ours: (withPasskeys.gzipBytes - gzipOf('ours')) / KB, amplify: (amplifyPasskeys.gzipBytes - amplifyPasswordless.gzipBytes) / KB },
      digits: 2,
    },
    {
      measure: 'Bundle, gzip -9 (KB): passkeys (register, list, delete, sign in), whole build',
      values: { ours: withPasskeys.gzipBytes / KB, amplify: amplifyPasskeys.gzipBytes / KB },
      digits: 2,
    },
    ...features.flatMap(({ feature, measure }) => [
      {
        measure: `Optional feature, gzip -9 (KB): ${feature.name}, imported`,
        values: { ours: (measure.gzipBytes - base.gzipBytes) / KB },
        digits: 2,
      },
      {
        measure: `Optional feature, minified (B): ${feature.name}, not imported`,
        values: { ours: featureBytesIn(base, feature) },
        digits: 0,
      },
    ]),
    { measure: 'Bundle, gzip -9 (KB): root less core + fetch', values: { oursSdk: (gzipOf('oursSdk') - gzipOf('ours')) / KB }, digits: 2 },
    { measure: 'Bundle, gzip -9 (KB): AWS SDK client + commands alone', values: { oursSdk: sdkAlone.gzipBytes / KB }, digits: 2 },
    {
      measure: 'SRP sign-in, client CPU (ms)',
      note: '— ours: BigInt engine (browsers)',
      values: { ours: bigInt, oursSdk: bigInt, amplify: srpOf('aws-amplify'), identityJs: srpOf('amazon-cognito-identity-js') },
      digits: 1,
    },
    {
      measure: 'SRP sign-in, client CPU (ms)',
      note: '— ours: node:crypto engine (Node)',
      values: { ours: nodeCrypto, oursSdk: nodeCrypto, amplify: srpOf('aws-amplify'), identityJs: srpOf('amazon-cognito-identity-js') },
      digits: 1,
    },
    ...FLOWS.map((flow) => ({
      measure: `Cognito requests: ${flow}`,
      values: {
        ours: requestsOf('this project (core + fetch)').flows[flow].length,
        oursSdk: requestsOf('this project (root, SDK)').flows[flow].length,
        amplify: requestsOf('aws-amplify v6').flows[flow].length,
        identityJs: requestsOf('amazon-cognito-identity-js').flows[flow].length,
      },
      digits: 0,
    })),
    ...PASSWORDLESS_FLOWS.map((flow) => ({
      measure: `Cognito requests: ${flow}`,
      note: flow.startsWith('passkey') ? '[a] [b]' : '[a]',
      values: {
        ours: passwordlessOf('this project (core + fetch)').flows[flow].length,
        oursSdk: passwordlessOf('this project (root, SDK)').flows[flow].length,
        amplify: passwordlessOf('aws-amplify v6').flows[flow].length,
      },
      digits: 0,
    })),
    { measure: 'Cold import, CPU (ms)', values: coldOf((c) => c.cpuMs), digits: 1 },
    { measure: 'Cold import, wall (ms)', values: coldOf((c) => c.wallMs), digits: 1 },
    { measure: 'Cold import, CPU (ms): AWS SDK client + commands alone', values: { oursSdk: coldSdkCpu }, digits: 1 },
    { measure: 'Cold import, CPU (ms): root less the SDK alone', values: { oursSdk: cold.get(COLUMNS[1].entry)!.cpuMs - coldSdkCpu }, digits: 1 },
    {
      measure: 'Heap per idle signed-in actor (KB, 1,000 actors)',
      values: { ours: actors.bytesPerSignedInActor / KB, oursSdk: actors.bytesPerSignedInActor / KB },
      digits: 1,
    },
    {
      measure: 'Heap per idle signed-out actor (KB, 1,000 actors)',
      values: { ours: actors.bytesPerSignedOutActor / KB, oursSdk: actors.bytesPerSignedOutActor / KB },
      digits: 1,
    },
    {
      measure: 'Events per CPU second: SIGN_IN + SIGN_OUT round trips × 2',
      values: { ours: actors.cycles.perCpuSecond * 2, oursSdk: actors.cycles.perCpuSecond * 2 },
      digits: 0,
    },
    {
      measure: 'Events per CPU second: invalid SIGN_UP rejected by validation',
      values: { ours: actors.rejected.perCpuSecond, oursSdk: actors.rejected.perCpuSecond },
      digits: 0,
    },
  ];

  const cpu = os.cpus();
  console.log(
    [
      `Node ${process.versions.node}, ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, load average ${os.loadavg()[0]?.toFixed(1)}, ${new Date().toISOString().slice(0, 10)}`,
      '',
      formatTable(rows),
      '',
      ...Object.values(FOOTNOTES),
      '',
      `Events per wall second: ${(actors.cycles.perWallSecond * 2).toFixed(0)} (round trips), ${actors.rejected.perWallSecond.toFixed(0)} (rejected).`,
      '',
      '### Where the bytes of core + fetch are (esbuild metafile)',
      '',
      formatParts(bundles.get('ours')!),
      '',
      '### Requests per flow, operation by operation',
      '',
      formatRequests(withPasswordless(requests, passwordless)),
      '',
      '### SRP, every engine',
      '',
      formatSrpBench(srp, srpRuns, srpWarmUp),
    ].join('\n'),
  );
}

await main();
// aws-amplify's signUp arms a 3-minute auto sign-in timer that would keep the process alive.
process.exit(0);
