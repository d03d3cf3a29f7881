import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { N, g, hexToBigInt, k, padHex, poolNameOf } from '../../services/srp/srp-group.js';
import { AuthError } from '../../machines/auth-error.js';

describe('SRP group', () => {
  it('k is H(padHex(N) ‖ padHex(g)) over the 385-byte encoding of N', () => {
    const encoded = Buffer.from(padHex(N) + padHex(g), 'hex');
    expect(encoded.length).toBe(386);
    expect(BigInt('0x' + createHash('sha256').update(encoded).digest('hex'))).toBe(k);
  });

  it('N is the 3072-bit RFC 3526 prime with all-ones top and bottom 64 bits', () => {
    expect(N.toString(2).length).toBe(3072);
    expect(N >> 3008n).toBe((1n << 64n) - 1n);
    expect(N & ((1n << 64n) - 1n)).toBe((1n << 64n) - 1n);
  });
});

describe('padHex', () => {
  it.each([
    [0n, '00'],
    [1n, '01'],
    [0x7fn, '7f'],
    [0x80n, '0080'],
    [0xabcn, '0abc'],
    [0x8abcn, '008abc'],
    [0xfffn, '0fff'],
  ])('padHex(%s) = %s', (n, hex) => expect(padHex(n)).toBe(hex));

  it('is the minimal two-complement big-endian form of a non-negative integer', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 3100n }), (n) => {
        const hex = padHex(n);
        expect(hex.length % 2).toBe(0);
        expect(hex).toMatch(/^[0-9a-f]+$/);
        expect(parseInt(hex.slice(0, 1), 16)).toBeLessThan(8);
        expect(BigInt('0x' + hex)).toBe(n);
        // Minimal: dropping the first byte would either change the value or make it read as negative.
        if (hex.length > 2) expect(hex.startsWith('00') ? parseInt(hex[2]!, 16) >= 8 : true).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses negative numbers', () => {
    expect(() => padHex(-1n)).toThrow(RangeError);
  });
});

describe('hexToBigInt', () => {
  it('reads any case and keeps leading zeros out of the value', () => {
    expect(hexToBigInt('00ff')).toBe(255n);
    expect(hexToBigInt('ABcd')).toBe(0xabcdn);
    expect(hexToBigInt('f')).toBe(15n);
  });

  it.each(['', '0x12', 'xyz', '12 34', '-1'])('refuses %j', (text) => {
    expect(() => hexToBigInt(text)).toThrow(TypeError);
  });
});

describe('poolNameOf', () => {
  it('takes the part after the first underscore', () => {
    expect(poolNameOf('us-east-1_AbCdEf123')).toBe('AbCdEf123');
    expect(poolNameOf('local_a_b')).toBe('a_b');
  });

  it.each(['AbCdEf123', '_abc', 'us-east-1_'])('refuses %j with a ValidationError', (id) => {
    expect(() => poolNameOf(id)).toThrow(AuthError);
    try {
      poolNameOf(id);
    } catch (error) {
      expect((error as AuthError).name).toBe('ValidationError');
    }
  });
});
