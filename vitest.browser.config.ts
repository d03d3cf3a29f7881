import { defineConfig } from 'vitest/config';

/** Browser tests: Chromium driven by playwright-core (`npm run test:browser`); not part of `vitest run`. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
