import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Vitest's own default for Node: Vite's server conditions without `module` (packages' ESM builds for bundlers).
const VITEST_SERVER_CONDITIONS = defaultServerConditions.filter((condition) => condition !== 'module');

export default defineConfig({
  // The local pool imports the client by its package name (`cognito-auth-machine/...`), and the tests, examples
  // and docs import the pool by its own (`@cognito-auth-machine/local-pool`); this export condition points both
  // at their TypeScript sources, as tsconfig.json's customConditions does for the compiler, so no dist/ build is
  // needed.
  ssr: { resolve: { conditions: ['@cognito-auth-machine/source', ...VITEST_SERVER_CONDITIONS] } },
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
