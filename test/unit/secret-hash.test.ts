import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { secretHash } from '../../services/secret-hash.js';
import { fromBase64, toBase64 } from '../../services/bytes.js';

describe('secretHash', () => {
  it('matches the reference test vector', async () => {
    // Vector from the Cognito reference, section 4.7.
    expect(await secretHash('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNO', 'alice', '1example23456789abcdefghi')).toBe(
      'YnjQl5gH9WZ5dsle4Q+/UG7STK1Yc1AUrWdxlQDqNh4=',
    );
  });

  it('agrees with node:crypto for arbitrary unicode input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.string(), fc.string(), async (secret, user, client) => {
        const expected = createHmac('sha256', secret).update(user + client).digest('base64');
        expect(await secretHash(secret, user, client)).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });
});

describe('base64', () => {
  it('round-trips any bytes and matches Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = toBase64(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect(Array.from(fromBase64(encoded))).toEqual(Array.from(bytes));
        expect(Array.from(fromBase64(Buffer.from(bytes).toString('base64url')))).toEqual(Array.from(bytes));
      }),
    );
  });
});
