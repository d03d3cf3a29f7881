/**
 * Builds an entry the way a browser app's bundler would (esbuild: bundle, minify, ESM, platform browser) and
 * measures it gzipped at level 9. Shared by the budget test and `npm run bench`, so both report the same bytes.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** Budgets and targets are in KB of 1,000 bytes. */
export const KB = 1000;

export interface Budget {
  name: string;
  entry: string;
  maxGzipKB: number;
  targetGzipKB: number;
  /** Substrings no bundled input path may contain (e.g. the SDK in the core build, Node built-ins anywhere). */
  forbiddenInputs: string[];
}

/**
 * The optional features of `createAuth`, each with the build that imports it and the modules that make it: a
 * build that does not import a feature contains none of them (checked by the budget test, shown by the bench).
 */
export const FEATURES = [
  { name: 'tab sync', entry: 'bench/entries/feature-tab-sync.ts', modules: ['runtime/tab-sync.ts'] },
  { name: 'snapshot persistence', entry: 'bench/entries/feature-persistence.ts', modules: ['runtime/snapshot-persistence.ts'] },
  { name: 'redacted inspection', entry: 'bench/entries/feature-inspect.ts', modules: ['runtime/redacted-inspection.ts', 'adapters/inspect/'] },
  {
    name: 'redirect sign-in',
    entry: 'bench/entries/feature-oauth.ts',
    modules: ['runtime/oauth-redirect.ts', 'services/oauth-services.ts', 'services/pkce.ts', 'services/token-exchange.ts', 'adapters/browser-redirect.ts', 'machines/oauth-config.ts'],
  },
  { name: 'passkeys', entry: 'bench/entries/feature-passkeys.ts', modules: ['runtime/passkeys.ts', 'services/passkey-services.ts', 'adapters/browser-webauthn.ts'] },
] as const;

/** The build the features are measured against: `createAuth` and `fetchTransport`, nothing else imported. */
export const BASE_ENTRY = 'bench/entries/create-auth-fetch.ts';

/** The minified bytes that the modules of `feature` contribute to a build (0 when none of them is in it). */
export function featureBytesIn(measure: BundleMeasure, feature: (typeof FEATURES)[number]): number {
  return measure.inputs
    .filter((input) => feature.modules.some((module) => input.path.includes(module)))
    .reduce((sum, input) => sum + input.bytes, 0);
}

export function loadBudgets(): Budget[] {
  const file = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8')) as { budgets: Budget[] };
  return file.budgets;
}

export interface BundleMeasure {
  minifiedBytes: number;
  gzipBytes: number;
  /** Bytes each input contributes to the minified output, largest first. */
  inputs: Array<{ path: string; bytes: number }>;
  /** Imports left external (Node built-ins and the like); a browser bundle should have none. */
  externalImports: string[];
}

/** One minified ESM browser bundle of `entry` (relative to the repository root), as every measure here builds it. */
export async function buildBrowserBundle(entry: string) {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    outfile: 'out.js',
    logLevel: 'silent',
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('out.js'));
  if (!output) throw new Error(`esbuild produced no bundle for ${entry}`);
  return { contents: output.contents, metafile: result.metafile };
}

/** `entry` is relative to the repository root. */
export async function measureBundle(entry: string): Promise<BundleMeasure> {
  const { contents, metafile } = await buildBrowserBundle(entry);
  const meta = metafile.outputs['out.js'];
  const inputs = Object.entries(meta?.inputs ?? {})
    .map(([path, info]) => ({ path, bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return {
    minifiedBytes: contents.length,
    gzipBytes: gzipSync(contents, { level: 9 }).length,
    inputs,
    externalImports: (meta?.imports ?? []).filter((i) => i.external).map((i) => i.path),
  };
}

/** The largest contributors grouped by package (or top-level folder), for a failure message or a report. */
export function largestParts(measure: BundleMeasure, count = 8): string {
  const parts = new Map<string, number>();
  for (const { path, bytes } of measure.inputs) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
    parts.set(pkg, (parts.get(pkg) ?? 0) + bytes);
  }
  return [...parts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${(bytes / KB).toFixed(1)} KB minified`)
    .join(', ');
}

/** The parts of this project's builds, for saying where the bytes are; the first pattern a path matches wins. */
const PARTS: Array<[name: string, pattern: RegExp]> = [
  ['xstate', /node_modules\/xstate\//],
  ['zod/mini', /node_modules\/zod\//],
  ['event and config validation (machines/)', /machines\/(auth-events|attribute-schema|config-schema|auth-flow|built-on-first-use)\.ts$/],
  ['error mapping and AuthError', /(services\/error-mapping|machines\/auth-error)\.ts$/],
  ['the chart: states, actions, setup, challenge table (machines/)', /^machines\//],
  ['SRP (services/srp/, bytes, Web Crypto, password verifier)', /services\/(srp\/|bytes|web-crypto|password-verifier)/],
  ['services: Cognito calls, tokens, session store (services/)', /^services\//],
  ['runtime: createAuth, event gate, resume, getTokens (runtime/)', /^runtime\//],
  ['adapters: fetch transport, storage (adapters/)', /^adapters\//],
];

/** Minified bytes per part of a build, largest first; what matches no part is "other". */
export function bytesByPart(measure: BundleMeasure): Array<{ part: string; bytes: number }> {
  const parts = new Map<string, number>();
  for (const { path, bytes } of measure.inputs) {
    const part = PARTS.find(([, pattern]) => pattern.test(path))?.[0] ?? 'other';
    parts.set(part, (parts.get(part) ?? 0) + bytes);
  }
  return [...parts].map(([part, bytes]) => ({ part, bytes })).sort((a, b) => b.bytes - a.bytes);
}
