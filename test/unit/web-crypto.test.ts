import { afterEach, describe, expect, it, vi } from 'vitest';
import { bytesToHex, utf8 } from '../../services/bytes.js';
import { hmacSha256, sha256 } from '../../services/web-crypto.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('web-crypto', () => {
  it('hashes exactly the bytes of a view over a larger buffer', async () => {
    const whole = utf8('xxabcxx');
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    expect(bytesToHex(await sha256(whole.subarray(2, 5)))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('computes HMAC-SHA256', async () => {
    // RFC 4231 test case 2.
    const mac = await hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?'));
    expect(bytesToHex(mac)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it.each([
    ['no crypto at all', undefined],
    ['crypto without subtle', { getRandomValues: () => undefined }],
  ])('says so when the environment has %s', async (_what, crypto) => {
    vi.stubGlobal('crypto', crypto);
    await expect(sha256(utf8('abc'))).rejects.toThrow(/WebCrypto \(crypto\.subtle\) is not available/);
    await expect(hmacSha256(utf8('k'), utf8('abc'))).rejects.toThrow(/WebCrypto \(crypto\.subtle\) is not available/);
  });
});
