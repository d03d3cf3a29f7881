import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, fromBase64, hexToBytes, toBase64 } from '../../services/bytes.js';

describe('hex', () => {
  it('writes every byte as two lower-case digits', () => {
    expect(bytesToHex(new Uint8Array([0, 1, 0x0f, 0x10, 0xab, 0xff]))).toBe('00010f10abff');
    expect(bytesToHex(new Uint8Array([]))).toBe('');
  });

  it('reads even-length hex of either case, byte by byte', () => {
    expect(hexToBytes('00010f10ABff')).toEqual(new Uint8Array([0, 1, 0x0f, 0x10, 0xab, 0xff]));
    expect(hexToBytes('')).toEqual(new Uint8Array([]));
  });

  it.each([
    ['odd length', 'abc'],
    ['a non-hex character', 'zz'],
    ['a sign', '-1'],
    ['a space', 'ab c'],
  ])('rejects %s', (_what, hex) => {
    expect(() => hexToBytes(hex)).toThrow(new TypeError('hexToBytes: not an even-length hex string'));
  });
});

describe('base64', () => {
  it('pads the last group', () => {
    expect(toBase64(new Uint8Array([0x41]))).toBe('QQ==');
    expect(toBase64(new Uint8Array([0x41, 0x42]))).toBe('QUI=');
    expect(toBase64(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('+/+/');
  });

  it('reads standard and URL-safe alphabets, padded or not', () => {
    expect(fromBase64('+/+/')).toEqual(new Uint8Array([0xfb, 0xff, 0xbf]));
    expect(fromBase64('-_-_')).toEqual(new Uint8Array([0xfb, 0xff, 0xbf]));
    expect(fromBase64('QQ==')).toEqual(new Uint8Array([0x41]));
    expect(fromBase64('QQ')).toEqual(new Uint8Array([0x41]));
    expect(fromBase64('QUI=')).toEqual(new Uint8Array([0x41, 0x42]));
    expect(fromBase64('')).toEqual(new Uint8Array([]));
  });

  it.each([
    ['a character outside both alphabets', 'QU$C'],
    ['a space', 'QU C'],
    ['padding inside the text', 'QQ=A'],
    ['a length of 4n+1', 'QUJDR'],
    ['a single character', 'Q'],
  ])('rejects %s', (_what, text) => {
    expect(() => fromBase64(text)).toThrow(new TypeError('fromBase64: not base64'));
  });
});

describe('concatBytes', () => {
  it('puts the parts one after another', () => {
    const joined = concatBytes(new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3]), new Uint8Array([4, 5, 6]));
    expect(joined).toEqual(new Uint8Array([1, 2, 3, 4, 5, 6]));
    expect(concatBytes()).toEqual(new Uint8Array([]));
  });
});
