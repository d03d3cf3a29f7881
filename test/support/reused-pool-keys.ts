import { exportPKCS8, generateKeyPair, importPKCS8 } from 'jose';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { reusePoolKeys } from '../../packages/local-pool/src/token-keys.js';
import type { PoolKeys } from '../../packages/local-pool/src/pool-records.js';

/*
 * Setup file of the mutation run (vitest.mutation.config.ts). Stryker runs every mutant in a fresh worker, and the
 * local pool makes two 2048-bit RSA keys per pool on first use: seconds of CPU per mutant. The keys are made once
 * per mutation run, written under test-output/ (throwaway test keys, git-ignored), and read by every later worker.
 */

const POSITIONS = 2;
const file = join(process.cwd(), 'test-output', 'mutation-pool-keys.json');

interface StoredKey {
  kid: string;
  pkcs8: string;
  publicJwk: Record<string, unknown>;
}

async function makeKey(): Promise<StoredKey> {
  const kid = randomBytes(32).toString('base64');
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  return {
    kid,
    pkcs8: await exportPKCS8(privateKey),
    publicJwk: { alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' },
  };
}

async function stored(): Promise<{ id: StoredKey; access: StoredKey }[]> {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    const made = await Promise.all(
      Array.from({ length: POSITIONS }, async () => ({
        id: await makeKey(),
        access: await makeKey(),
      })),
    );
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(made));
    renameSync(partial, file);
    return made;
  }
}

const restore = async (key: StoredKey): Promise<PoolKeys['id']> => ({
  kid: key.kid,
  privateKey: (await importPKCS8(key.pkcs8, 'RS256')) as CryptoKey,
  publicJwk: key.publicJwk,
});

reusePoolKeys(await Promise.all((await stored()).map(async (keys) => ({ id: await restore(keys.id), access: await restore(keys.access) }))));
