/**
 * Cold import time: each bench/entries bundle (esbuild: bundle, minify, ESM, platform browser, as for the size
 * table) is written to a temporary folder and imported by a fresh Node process, which times parse + evaluation
 * of the module graph with performance.now() around `await import()`. Median over `runs` processes. The child
 * defines `self` and `global` first, as a browser page (with the usual `global` shim for identity-js) would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBrowserBundle } from './bundle-size.js';

// Browser bundles expect \`self\`; amazon-cognito-identity-js's Buffer polyfill reads \`global\` (apps define it).
const CHILD = `
globalThis.self = globalThis;
globalThis.global = globalThis;
const url = process.argv[1];
const cpu = process.cpuUsage();
const start = performance.now();
await import(url);
const wallMs = performance.now() - start;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000 }));
`;

export interface ColdImport {
  wallMs: number;
  cpuMs: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Median wall and CPU milliseconds per entry (paths relative to the repository root). */
export async function runColdImportBench(entries: string[], runs = 9): Promise<Map<string, ColdImport>> {
  const dir = mkdtempSync(join(tmpdir(), 'cold-import-'));
  try {
    const files = new Map<string, string>();
    for (const [index, entry] of entries.entries()) {
      const file = join(dir, `entry-${index}.mjs`);
      writeFileSync(file, (await buildBrowserBundle(entry)).contents);
      files.set(entry, file);
    }
    const samples = new Map<string, ColdImport[]>(entries.map((entry) => [entry, []]));
    // Interleaved, so that drifting load on a shared machine hits every entry alike.
    for (let run = 0; run < runs; run++) {
      for (const entry of entries) {
        const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, pathToFileURL(files.get(entry)!).href], {
          encoding: 'utf8',
        });
        if (child.status !== 0) throw new Error(`importing ${entry} failed: ${child.stderr.slice(-600)}`);
        samples.get(entry)!.push(JSON.parse(child.stdout) as ColdImport);
      }
    }
    return new Map(
      entries.map((entry) => {
        const runsOf = samples.get(entry)!;
        return [entry, { wallMs: median(runsOf.map((r) => r.wallMs)), cpuMs: median(runsOf.map((r) => r.cpuMs)) }];
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const amplify = 'bench/entries/amplify-v6.ts';
  const entries = ['bench/entries/core-fetch.ts', 'bench/entries/root-sdk.ts', 'bench/entries/sdk-client.ts', amplify, 'bench/entries/identity-js.ts'];
  const results = await runColdImportBench(entries);
  const amplifyCpu = results.get(amplify)!.cpuMs;
  for (const [entry, ms] of results) {
    console.log(`${entry}: ${ms.cpuMs.toFixed(1)} ms CPU (${(ms.cpuMs / amplifyCpu).toFixed(2)} x aws-amplify v6), ${ms.wallMs.toFixed(1)} ms wall`);
  }
}
