import { exportJWK, generateKeyPair } from 'jose';
import { randomBytes } from 'node:crypto';
import type { PoolKeys } from './pool-records.js';

async function keyPair(): Promise<PoolKeys['id']> {
  // Extractable so a data folder or an export can carry the keys: tokens signed before a restart still verify after it.
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const kid = randomBytes(32).toString('base64');
  const jwk = await exportJWK(publicKey);
  return { kid, privateKey, publicJwk: { alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' } };
}

async function createPoolKeys(): Promise<PoolKeys> {
  const [id, access] = await Promise.all([keyPair(), keyPair()]);
  return { id, access };
}

/**
 * Cognito signs ID and access tokens with different keys (different `kid`s), both published in the pool's JWKS.
 * A 2048-bit RSA key takes 0.1–1 s of CPU to generate, and test suites create many short-lived services, so keys are
 * kept per process by the pool's position in its service: within one service every pool has its own keys, while
 * separate services (which never accept each other's tokens) reuse them.
 */
const generated: Array<Promise<PoolKeys>> = [];

export function poolKeysAt(index: number): Promise<PoolKeys> {
  let keys = generated[index];
  if (!keys) {
    keys = createPoolKeys();
    generated[index] = keys;
  }
  return keys;
}

/**
 * Takes keys made earlier, by another process, for the first positions: when many short-lived processes each start
 * a pool (a test runner's fresh workers, say), they need not each spend seconds of CPU making RSA keys. Positions
 * already holding keys keep them.
 */
export function reusePoolKeys(keys: readonly PoolKeys[]): void {
  keys.forEach((poolKeys, index) => {
    generated[index] ??= Promise.resolve(poolKeys);
  });
}
