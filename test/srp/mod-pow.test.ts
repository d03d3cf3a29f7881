import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bigIntModPow, squareAndMultiplyModPow, windowedModPow, type SyncModPow } from '../../services/srp/mod-pow.js';
import { createNodeModPow, loadNodeModPow } from '../../services/srp/mod-pow-node.js';
import { selectModPow } from '../../services/srp/select-mod-pow.js';
import { fixedGeneratorPow, FIXED_BASE_MAX_BITS } from '../../services/srp/fixed-base-pow.js';
import { Montgomery } from '../../services/srp/montgomery.js';
import { N, g } from '../../services/srp/srp-group.js';
import * as nodeCrypto from 'node:crypto';

const nodeModPow = await loadNodeModPow();
if (!nodeModPow) throw new Error('node:crypto engine must load under Node');

const engines: Array<[string, SyncModPow]> = [
  ['windowed', windowedModPow],
  ['bigInt (comb for g)', bigIntModPow],
  ['node:crypto', nodeModPow],
];

/** Exponentiation by the definition, for small exponents only. */
function naive(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n % modulus;
  const reduced = ((base % modulus) + modulus) % modulus;
  for (let i = 0n; i < exponent; i++) result = (result * reduced) % modulus;
  return result;
}

const residue = fc.bigInt({ min: 0n, max: N - 1n });
const exponent = fc.oneof(
  fc.bigInt({ min: 0n, max: 1n << 64n }),
  fc.bigInt({ min: 0n, max: 1n << 256n }),
  fc.bigInt({ min: 1n << 1023n, max: (1n << 1024n) - 1n }),
  fc.bigInt({ min: 1n << 1279n, max: 1n << 1290n }),
);

describe('modular exponentiation engines', () => {
  it('square-and-multiply matches the definition for small exponents and any modulus', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }), fc.bigInt({ min: 0n, max: 40n }), fc.bigInt({ min: 1n, max: 1n << 100n }), (b, e, m) => {
        expect(squareAndMultiplyModPow(b, e, m)).toBe(naive(b, e, m));
      }),
      { numRuns: 300 },
    );
  });

  it.each(engines)('%s agrees with square-and-multiply modulo N on random inputs', (_, modPow) => {
    fc.assert(
      fc.property(residue, exponent, (b, e) => {
        expect(modPow(b, e, N)).toBe(squareAndMultiplyModPow(b, e, N));
      }),
      { numRuns: 25 },
    );
  });

  it.each(engines)('%s agrees on powers of g (A, g^x, verifiers)', (_, modPow) => {
    fc.assert(
      fc.property(exponent, (e) => {
        expect(modPow(g, e, N)).toBe(squareAndMultiplyModPow(g, e, N));
      }),
      { numRuns: 25 },
    );
  });

  it.each(engines)('%s agrees on other odd and even moduli, negative bases and bases above the modulus', (_, modPow) => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(1n << 700n), max: 1n << 700n }),
        fc.bigInt({ min: 0n, max: 1n << 300n }),
        fc.bigInt({ min: 1n, max: 1n << 600n }),
        (b, e, m) => {
          expect(modPow(b, e, m)).toBe(squareAndMultiplyModPow(b, e, m));
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each(engines)('%s handles the edge values', (_, modPow) => {
    const cases: Array<[bigint, bigint, bigint, bigint]> = [
      [0n, 0n, N, 1n],
      [0n, 5n, N, 0n],
      [1n, 1n << 1000n, N, 1n],
      [N, 3n, N, 0n],
      [N + 1n, 3n, N, 1n],
      [N - 1n, 2n, N, 1n],
      [N - 1n, 3n, N, N - 1n],
      [-1n, 3n, N, N - 1n],
      [2n, 0n, N, 1n],
      [2n, 1n, N, 2n],
      [2n, 3071n, N, 1n << 3071n],
      [5n, 7n, 1n, 0n],
      [3n, 4n, 2n, 1n],
      [7n, 1n, 100n, 7n],
    ];
    for (const [b, e, m, expected] of cases) expect(modPow(b, e, m)).toBe(expected);
    // Fermat: N is prime, so b^(N−1) ≡ 1 for any b not divisible by N; this uses a 3072-bit exponent.
    expect(modPow(3n, N - 1n, N)).toBe(1n);
    expect(modPow(g, N - 1n, N)).toBe(1n);
    // Euler's criterion gives ±1, which OpenSSL will not hand out as a Diffie–Hellman secret.
    const legendre = [3n, 5n, 7n, 11n].map((b) => modPow(b, (N - 1n) / 2n, N));
    expect(legendre).toEqual([3n, 5n, 7n, 11n].map((b) => squareAndMultiplyModPow(b, (N - 1n) / 2n, N)));
    expect(legendre).toContain(N - 1n);
    expect(legendre.every((r) => r === 1n || r === N - 1n)).toBe(true);
  });

  it.each(engines)('%s refuses a non-positive modulus and a negative exponent', (_, modPow) => {
    expect(() => modPow(2n, 3n, 0n)).toThrow(RangeError);
    expect(() => modPow(2n, -1n, N)).toThrow(RangeError);
  });

  it('the comb for g covers every exponent length up to its limit', () => {
    for (const bits of [1, 2, 31, 32, 33, 255, 256, 257, 1024, 1025, FIXED_BASE_MAX_BITS]) {
      const e = (1n << BigInt(bits - 1)) | (0x5a5a5a5a5a5a5a5a5a5a5a5an & ((1n << BigInt(bits)) - 1n));
      expect(fixedGeneratorPow(e)).toBe(windowedModPow(g, e, N));
    }
    expect(() => fixedGeneratorPow(1n << BigInt(FIXED_BASE_MAX_BITS))).toThrow(RangeError);
    expect(bigIntModPow(g, 1n << BigInt(FIXED_BASE_MAX_BITS), N)).toBe(windowedModPow(g, 1n << BigInt(FIXED_BASE_MAX_BITS), N));
  });

  it('Montgomery products equal plain modular products', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 500n }), fc.bigInt({ min: 0n }), fc.bigInt({ min: 0n }), (half, x0, y0) => {
        const modulus = 2n * half + 1n;
        if (modulus < 3n) return;
        const m = new Montgomery(modulus);
        const x = x0 % modulus;
        const y = y0 % modulus;
        expect(m.fromMontgomery(m.mul(m.toMontgomery(x), m.toMontgomery(y)))).toBe((x * y) % modulus);
      }),
      { numRuns: 200 },
    );
  });

  it('the OpenSSL engine strips leading zero bytes it gets back and handles one-byte exponents', () => {
    const modPow = createNodeModPow(nodeCrypto);
    for (let e = 1n; e < 300n; e += 37n) {
      expect(modPow(g, e, N)).toBe(squareAndMultiplyModPow(g, e, N));
      expect(modPow(3n, e, N)).toBe(squareAndMultiplyModPow(3n, e, N));
    }
  });

  it('selectModPow picks the OpenSSL engine under Node', async () => {
    expect(await selectModPow()).toBe(nodeModPow);
  });
});
