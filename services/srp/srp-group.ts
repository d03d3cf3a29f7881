import { AuthError } from '../../machines/auth-error.js';
import { bytesToHex } from '../bytes.js';

/**
 * The SRP-6a group Cognito uses: the 3072-bit MODP prime of RFC 3526 §4 (group 15) with generator 2.
 * Every value that is hashed goes through `padHex`, Java's `BigInteger.toByteArray()` form, because that is
 * what Cognito's server and all its client libraries hash.
 */
export const N: bigint = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);

export const g: bigint = 2n;

/**
 * k = H(padHex(N) ‖ padHex(g)). A constant so that it needs no async hashing at start-up;
 * test/srp/srp-group.test.ts recomputes it from N and g.
 */
export const k: bigint = 0x538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6n;

/**
 * Lowercase, even-length hex with a leading `00` when the top bit is set, so the bytes read back as a
 * non-negative two's-complement number (without it half of all salts and B values hash differently from
 * Cognito's side).
 */
export function padHex(n: bigint): string {
  if (n < 0n) throw new RangeError('padHex: SRP values are never negative');
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

/** Parses wire hex (any case, any length, leading zeros allowed) as an unsigned integer. */
export function hexToBigInt(hex: string): bigint {
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new TypeError('hexToBigInt: not a hex string');
  return BigInt(`0x${hex}`);
}

/** `us-east-1_AbCdEf123` → `AbCdEf123`: the part after the first underscore, which the SRP hashes use. */
export function poolNameOf(userPoolId: string): string {
  const cut = userPoolId.indexOf('_');
  if (cut <= 0 || cut === userPoolId.length - 1) {
    throw new AuthError('ValidationError', `User pool id "${userPoolId}" is not of the form <region>_<name>`, {
      fields: [{ path: 'userPoolId', message: 'expected <region>_<name>' }],
    });
  }
  return userPoolId.slice(cut + 1);
}

/** Big-endian unsigned; the empty array is 0. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`);
}
