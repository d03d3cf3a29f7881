import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Vitest's own default for Node: Vite's server conditions without `module` (packages' ESM builds for bundlers).
const VITEST_SERVER_CONDITIONS = defaultServerConditions.filter((condition) => condition !== 'module');

/** `npm run test:browser`: end-to-end tests in a real Chromium (playwright-core), kept out of the unit run. */
export default defineConfig({
  // The repository's packages resolve to their TypeScript sources (see vitest.config.ts).
  ssr: { resolve: { conditions: ['@cognito-auth-machine/source', ...VITEST_SERVER_CONDITIONS] } },
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One browser per file is plenty on a small machine.
    fileParallelism: false,
  },
});
