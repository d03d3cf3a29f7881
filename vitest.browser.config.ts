import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: end-to-end tests in a real Chromium (playwright-core), kept out of the unit run. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One browser per file is plenty on a small machine.
    fileParallelism: false,
  },
});
