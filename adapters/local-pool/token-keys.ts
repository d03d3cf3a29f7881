import { exportJWK, generateKeyPair } from 'jose';
import { randomBytes } from 'node:crypto';
import type { PoolKeys } from './pool-records.js';

async function keyPair(): Promise<PoolKeys['id']> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const kid = randomBytes(32).toString('base64');
  const jwk = await exportJWK(publicKey);
  return { kid, privateKey, publicJwk: { alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' } };
}

/** Cognito signs ID and access tokens with different keys (different `kid`s), both published in the pool's JWKS. */
export async function createPoolKeys(): Promise<PoolKeys> {
  const [id, access] = await Promise.all([keyPair(), keyPair()]);
  return { id, access };
}
