import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/*
 * Stryker copies the repository into a sandbox and links the original node_modules into it, so the package names
 * (`cognito-auth-machine/...`, which the local pool imports, and `@cognito-auth-machine/local-pool`) would resolve
 * through node_modules to the original files: a second, unmutated copy of the client next to the mutated one. Here
 * they point at the sandbox's own sources instead; each entry file is named after its subpath.
 */
const root = fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '');

/*
 * The tests Stryker runs for each mutant of machines/ and services/: the unit tests, the session tests (storage,
 * restore, refresh schedule, tabs) and the quick SRP checks (reference vector, group, timestamp: they cover the byte
 * helpers). Stryker starts a fresh worker for every mutant, so what each run costs is what decides the run's length:
 * the model paths (test/model/) are left to the chart's own mutants (chart-mutants.test.ts, run by
 * scripts/mutation.mjs after Stryker), which they catch far more cheaply; the fault sweep and the property tests are
 * left out too.
 */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^cognito-auth-machine$/, replacement: `${root}/index.ts` },
      { find: /^cognito-auth-machine\/([\w-]+)$/, replacement: `${root}/$1.ts` },
      { find: /^@cognito-auth-machine\/local-pool$/, replacement: `${root}/packages/local-pool/src/index.ts` },
    ],
  },
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/session/**/*.test.ts',
      'test/srp/srp-reference-vector.test.ts',
      'test/srp/srp-group.test.ts',
      'test/srp/srp-timestamp.test.ts',
    ],
    // The local pool's signing keys are made once per mutation run, not once per mutant.
    setupFiles: ['test/support/reused-pool-keys.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Within a mutant's worker, one module graph for all test files.
    isolate: false,
  },
});
