import { defineConfig } from 'vitest/config';

/*
 * The tests Stryker runs for each mutant of machines/ and services/: the unit tests, the session tests (storage,
 * restore, refresh schedule, tabs), the quick SRP checks (reference vector, group, timestamp: they cover the byte
 * helpers), and the model paths on the in-process backend. HTTP backends and cognito-local add wire coverage, not
 * logic coverage, and cost seconds; the fault sweep (every path hundreds of times) and the property tests (seconds
 * of random runs for every mutant) are left out to keep the run within its time.
 */
export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/session/**/*.test.ts',
      'test/srp/srp-reference-vector.test.ts',
      'test/srp/srp-group.test.ts',
      'test/srp/srp-timestamp.test.ts',
      'test/model/model.test.ts',
    ],
    // The local pool's signing keys are made once per mutation run, not once per mutant.
    setupFiles: ['test/support/reused-pool-keys.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Stryker starts a fresh worker for every mutant; within it, one module graph for all test files.
    isolate: false,
    env: { MODEL_BACKENDS: 'in-process' },
  },
});
