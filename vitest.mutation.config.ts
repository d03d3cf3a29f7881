import { defineConfig } from 'vitest/config';

/*
 * The tests Stryker runs for each mutant of machines/ and services/: unit tests and the model paths on the
 * in-process backend only (HTTP and cognito-local add wire coverage, not logic coverage, and cost seconds). The
 * fault sweep (every path hundreds of times) and the property tests (seconds of random runs for every mutant) are
 * left out to keep the run within its time.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/model/**/*.test.ts'],
    exclude: ['test/model/faults.test.ts', 'test/model/properties.test.ts', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One module graph for all runs: importing xstate, zod and the SDK again for every mutant costs seconds.
    isolate: false,
    env: { MODEL_BACKENDS: 'in-process' },
  },
});
