import { Montgomery } from './montgomery.js';
import { N, g } from './srp-group.js';

/*
 * Fixed-base comb (Lim–Lee) for g^e mod N. The client computes g^a (a: 1024 bits) and g^x (x: 256 bits) on every
 * sign-in, always with the same base, so powers of g are tabulated once: the exponent is cut into 256-bit blocks,
 * each block read as 8 teeth 32 bits apart, and each block has a 255-entry table of products of
 * g^(2^(256·block + 32·tooth)). g^e then costs 31 squarings plus one product per block and column
 * (≈ 160 products for a 1024-bit exponent instead of ≈ 1200 for a sliding window).
 */

const TEETH = 8;
const SPACING = 32;
const BLOCK_BITS = TEETH * SPACING;
/** Exponents longer than this are rare enough (never in SRP) to go to the general method instead of growing tables. */
export const FIXED_BASE_MAX_BITS = 4096;

let field: Montgomery | undefined;
/** spaced[m] = g^(2^(SPACING·m)) in Montgomery form. */
const spaced: bigint[] = [];
/** tables[block][index] = product of spaced[block·TEETH + t] over the set bits t of index (index 0 unused). */
const tables: bigint[][] = [];

function montgomery(): Montgomery {
  field ??= new Montgomery(N);
  return field;
}

function spacedPower(m: number): bigint {
  const f = montgomery();
  if (spaced.length === 0) spaced.push(f.toMontgomery(g));
  while (spaced.length <= m) {
    let x = spaced[spaced.length - 1]!;
    for (let s = 0; s < SPACING; s++) x = f.mul(x, x);
    spaced.push(x);
  }
  return spaced[m]!;
}

function table(block: number): bigint[] {
  const f = montgomery();
  while (tables.length <= block) {
    const j = tables.length;
    const row: bigint[] = new Array<bigint>(1 << TEETH).fill(0n);
    for (let t = 0; t < TEETH; t++) row[1 << t] = spacedPower(j * TEETH + t);
    for (let index = 3; index < row.length; index++) {
      const low = index & -index;
      if (low !== index) row[index] = f.mul(row[index - low]!, row[low]!);
    }
    tables.push(row);
  }
  return tables[block]!;
}

/** g^exponent mod N for 0 < exponent < 2^FIXED_BASE_MAX_BITS. */
export function fixedGeneratorPow(exponent: bigint): bigint {
  if (exponent <= 0n) throw new RangeError('fixedGeneratorPow: exponent must be positive');
  const bits = exponent.toString(2);
  if (bits.length > FIXED_BASE_MAX_BITS) throw new RangeError('fixedGeneratorPow: exponent too long');
  const f = montgomery();
  const blocks = Math.ceil(bits.length / BLOCK_BITS);
  const rows = Array.from({ length: blocks }, (_, j) => table(j));
  const last = bits.length - 1;
  let result = f.one;
  let started = false;
  for (let column = SPACING - 1; column >= 0; column--) {
    if (started) result = f.mul(result, result);
    for (let j = 0; j < blocks; j++) {
      let index = 0;
      for (let t = 0; t < TEETH; t++) {
        const position = j * BLOCK_BITS + t * SPACING + column;
        if (position <= last && bits.charCodeAt(last - position) === 49 /* '1' */) index |= 1 << t;
      }
      if (index !== 0) {
        result = started ? f.mul(result, rows[j]![index]!) : rows[j]![index]!;
        started = true;
      }
    }
  }
  return f.fromMontgomery(result);
}
