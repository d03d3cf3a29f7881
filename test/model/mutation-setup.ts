import { vi } from 'vitest';
import type { PoolKeys } from '../../adapters/local-pool/pool-records.js';

/*
 * Mutation runs only (vitest.mutation.config.ts): Stryker reruns the test files for every mutant, and each run
 * would otherwise make fresh RSA signing keys for every local pool (seconds of CPU). The keys are made once per
 * worker and reused; they sign tokens, which is all the tests need of them.
 */
vi.mock('../../adapters/local-pool/token-keys.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../adapters/local-pool/token-keys.js')>();
  const cache = globalThis as { modelTestPoolKeys?: Promise<PoolKeys> };
  return { ...original, createPoolKeys: () => (cache.modelTestPoolKeys ??= original.createPoolKeys()) };
});
