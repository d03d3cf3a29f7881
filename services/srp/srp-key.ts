import { concatBytes, hexToBytes, utf8 } from '../bytes.js';
import { hmacSha256 } from '../web-crypto.js';
import { padHex } from './srp-group.js';

const INFO = concatBytes(utf8('Caldera Derived Key'), Uint8Array.of(1));

/**
 * Cognito's session key: one block of HKDF-SHA256 with salt = padHex(u) and input = padHex(S), info
 * "Caldera Derived Key", truncated to 16 bytes.
 */
export async function deriveSrpKey(S: bigint, u: bigint): Promise<Uint8Array> {
  const prk = await hmacSha256(hexToBytes(padHex(u)), hexToBytes(padHex(S)));
  return (await hmacSha256(prk, INFO)).slice(0, 16);
}

/**
 * PASSWORD_CLAIM_SIGNATURE before base64: HMAC-SHA256(key, poolName ‖ userIdForSrp ‖ secretBlock ‖ timestamp),
 * over the secret block's decoded bytes and the timestamp string exactly as sent.
 */
export function passwordClaimMac(
  key: Uint8Array,
  poolName: string,
  userIdForSrp: string,
  secretBlock: Uint8Array,
  timestamp: string,
): Promise<Uint8Array> {
  return hmacSha256(key, concatBytes(utf8(poolName), utf8(userIdForSrp), secretBlock, utf8(timestamp)));
}
