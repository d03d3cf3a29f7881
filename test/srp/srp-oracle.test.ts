import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bigIntModPow } from '../../services/srp/mod-pow.js';
import { loadNodeModPow } from '../../services/srp/mod-pow-node.js';
import { N, bytesToBigInt, g, hexToBigInt, k } from '../../services/srp/srp-group.js';
import { computeU, computeX } from '../../services/srp/srp-hashes.js';
import { deriveSrpKey } from '../../services/srp/srp-key.js';
import type { ModPow } from '../../services/srp/mod-pow.js';
import { startSrp } from '../../services/srp/srp-client.js';
import { formatSrpTimestamp } from '../../services/srp/srp-timestamp.js';
import { bytesToHex, toBase64 } from '../../services/bytes.js';
import { identityJsAnswer } from './identity-js-oracle.js';

const nodeModPow = await loadNodeModPow();
if (!nodeModPow) throw new Error('node:crypto engine must load under Node');

/** Byte strings whose first byte is forced to exercise padHex: a leading zero byte, the top bit set, or as drawn. */
function shapedBytes(length: number) {
  return fc
    .tuple(fc.uint8Array({ minLength: length, maxLength: length }), fc.constantFrom('asDrawn', 'leadingZero', 'twoLeadingZeros', 'topBit'))
    .map(([bytes, shape]) => {
      const out = Uint8Array.from(bytes);
      if (shape === 'leadingZero') out[0] = 0;
      if (shape === 'twoLeadingZeros') out.fill(0, 0, 2);
      if (shape === 'topBit') out[0] = out[0]! | 0x80;
      return out;
    });
}

const password = fc.oneof(
  fc.string({ minLength: 1, maxLength: 24 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.constantFrom('Pässwörd-Ω1', '密码Passw0rd!', 'pass🔐word', 'naïve café', 'a:b:c'),
);
const userIdForSrp = fc.oneof(fc.uuid(), fc.emailAddress(), fc.stringMatching(/^[A-Za-z0-9._+-]{1,24}$/));
const poolName = fc.stringMatching(/^[A-Za-z0-9]{9}$/);
// SRP_B: any non-zero residue, written either stripped or with leading zeros to 768 digits as a server may send it.
const srpB = fc.tuple(shapedBytes(384), fc.boolean()).map(([bytes, keepZeros]) => {
  const value = bytesToBigInt(bytes) % N || 1n;
  return keepZeros ? value.toString(16).padStart(768, '0') : value.toString(16);
});
const salt = fc.oneof(shapedBytes(16), fc.uint8Array({ minLength: 1, maxLength: 32 })).map(bytesToHex);
const a = fc.oneof(shapedBytes(128), fc.uint8Array({ minLength: 1, maxLength: 128 })).map((bytes) => bytesToBigInt(bytes) || 1n);
const secretBlock = fc.uint8Array({ minLength: 1, maxLength: 96 }).map(toBase64);
const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });

/** The client's HKDF key through the same building blocks startSrp uses (the session keeps it private). */
async function ourKey(modPow: ModPow, pool: string, user: string, pw: string, aValue: bigint, saltHex: string, bHex: string): Promise<string> {
  const A = await modPow(g, aValue, N);
  const B = hexToBigInt(bHex);
  const u = await computeU(A, B);
  const x = await computeX(pool, user, pw, hexToBigInt(saltHex));
  const base = (((B - k * (await modPow(g, x, N))) % N) + N) % N;
  return bytesToHex(await deriveSrpKey(await modPow(base, aValue + u * x, N), u));
}

describe('SRP client against amazon-cognito-identity-js', () => {
  it('computes the same SRP_A, HKDF key and PASSWORD_CLAIM_SIGNATURE with both engines for random inputs', async () => {
    await fc.assert(
      fc.asyncProperty(poolName, userIdForSrp, password, a, salt, srpB, secretBlock, instant, async (pool, user, pw, aValue, saltHex, bHex, block, now) => {
        const timestamp = formatSrpTimestamp(now);
        const oracle = await identityJsAnswer({ poolName: pool, userIdForSrp: user, password: pw, a: aValue, salt: saltHex, srpB: bHex, secretBlock: block, timestamp });
        for (const modPow of [bigIntModPow, nodeModPow]) {
          const client = await startSrp({ a: aValue, modPow });
          expect(client.srpA).toBe(oracle.srpA);
          const answer = await client.respond({ poolName: pool, userIdForSrp: user, password: pw, salt: saltHex, srpB: bHex, secretBlock: block, now });
          expect(answer).toEqual({ signature: oracle.signature, timestamp });
          expect(await ourKey(modPow, pool, user, pw, aValue, saltHex, bHex)).toBe(oracle.key);
        }
      }),
      { numRuns: 30 },
    );
    // identity-js's own BigInteger does most of the work here: about 15 s on an idle machine, more when shared.
  }, 180_000);
});
