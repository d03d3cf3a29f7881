import { Montgomery } from './montgomery.js';
import { FIXED_BASE_MAX_BITS, fixedGeneratorPow } from './fixed-base-pow.js';
import { N, g } from './srp-group.js';

/** base^exponent mod modulus. May be async so that engines backed by other runtimes fit the same slot. */
export type ModPow = (base: bigint, exponent: bigint, modulus: bigint) => bigint | Promise<bigint>;

/** The engines in this project all answer synchronously. */
export type SyncModPow = (base: bigint, exponent: bigint, modulus: bigint) => bigint;

/**
 * Checks the arguments and settles the cases every engine would otherwise special-case. Returns the reduced
 * base, or the final result as `{ result }` when nothing is left to compute.
 */
export function prepareModPow(base: bigint, exponent: bigint, modulus: bigint): bigint | { result: bigint } {
  if (modulus < 1n) throw new RangeError('modPow: modulus must be positive');
  if (exponent < 0n) throw new RangeError('modPow: exponent must not be negative');
  if (modulus === 1n) return { result: 0n };
  const reduced = ((base % modulus) + modulus) % modulus;
  if (exponent === 0n) return { result: 1n };
  if (reduced === 0n || reduced === 1n) return { result: reduced };
  return reduced;
}

/** The textbook right-to-left binary method with `%` after every product: the baseline the others are measured against. */
export const squareAndMultiplyModPow: SyncModPow = (base, exponent, modulus) => {
  const prepared = prepareModPow(base, exponent, modulus);
  if (typeof prepared !== 'bigint') return prepared.result;
  let result = 1n;
  let square = prepared;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * square) % modulus;
    square = (square * square) % modulus;
  }
  return result;
};

/** Window width minimising squarings + table products for an exponent of this many bits. */
function windowBits(exponentBits: number): number {
  if (exponentBits <= 24) return 1;
  if (exponentBits <= 80) return 3;
  if (exponentBits <= 240) return 4;
  if (exponentBits <= 672) return 5;
  if (exponentBits <= 1792) return 6;
  return 7;
}

/**
 * Left-to-right sliding-window exponentiation on native BigInt, in Montgomery form when the modulus is odd
 * (always, for SRP) and with plain `%` otherwise.
 */
export const windowedModPow: SyncModPow = (base, exponent, modulus) => {
  const prepared = prepareModPow(base, exponent, modulus);
  if (typeof prepared !== 'bigint') return prepared.result;
  const field: Field = (modulus & 1n) === 1n ? montgomeryField(modulus) : plainField(modulus);
  return field.out(slidingWindow(field, field.in(prepared), exponent));
};

interface Field {
  one: bigint;
  mul(x: bigint, y: bigint): bigint;
  in(x: bigint): bigint;
  out(x: bigint): bigint;
}

let lastMontgomery: Montgomery | undefined;

/** SRP exponentiates modulo the same N again and again; keep its constants. */
function montgomeryField(modulus: bigint): Field {
  if (lastMontgomery?.modulus !== modulus) lastMontgomery = new Montgomery(modulus);
  const m = lastMontgomery;
  return { one: m.one, mul: (x, y) => m.mul(x, y), in: (x) => m.toMontgomery(x), out: (x) => m.fromMontgomery(x) };
}

function plainField(modulus: bigint): Field {
  return { one: 1n, mul: (x, y) => (x * y) % modulus, in: (x) => x, out: (x) => x };
}

function slidingWindow(field: Field, base: bigint, exponent: bigint): bigint {
  const bits = exponent.toString(2);
  const width = windowBits(bits.length);
  // odd[i] = base^(2i+1)
  const odd: bigint[] = [base];
  if (width > 1) {
    const square = field.mul(base, base);
    for (let i = 1; i < 1 << (width - 1); i++) odd.push(field.mul(odd[i - 1]!, square));
  }
  let result = field.one;
  let started = false;
  let i = 0;
  while (i < bits.length) {
    if (bits[i] === '0') {
      if (started) result = field.mul(result, result);
      i++;
      continue;
    }
    // Longest window starting here that is at most `width` bits and ends in a 1.
    let end = Math.min(i + width, bits.length);
    while (bits[end - 1] === '0') end--;
    const value = parseInt(bits.slice(i, end), 2);
    if (started) for (let s = i; s < end; s++) result = field.mul(result, result);
    result = started ? field.mul(result, odd[(value - 1) >> 1]!) : odd[(value - 1) >> 1]!;
    started = true;
    i = end;
  }
  return result;
}

/**
 * The project's pure-JavaScript engine: powers of the SRP generator modulo N (A = g^a, g^x, the verifier) use a
 * precomputed fixed-base comb; everything else uses the sliding window.
 */
export const bigIntModPow: SyncModPow = (base, exponent, modulus) => {
  if (base === g && modulus === N && exponent > 0n && exponent < 1n << BigInt(FIXED_BASE_MAX_BITS)) {
    return fixedGeneratorPow(exponent);
  }
  return windowedModPow(base, exponent, modulus);
};
