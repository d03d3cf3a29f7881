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

/** `entry` is relative to the repository root. */
export async function measureBundle(entry: string): Promise<BundleMeasure> {
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
  const meta = result.metafile.outputs['out.js'];
  const inputs = Object.entries(meta?.inputs ?? {})
    .map(([path, info]) => ({ path, bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return {
    minifiedBytes: output.contents.length,
    gzipBytes: gzipSync(output.contents, { level: 9 }).length,
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
