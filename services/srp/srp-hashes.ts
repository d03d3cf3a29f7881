import { concatBytes, hexToBytes, utf8 } from '../bytes.js';
import { sha256 } from '../web-crypto.js';
import { bytesToBigInt, padHex } from './srp-group.js';

/** H over the bytes of padHex-encoded values, read back as an unsigned integer. */
async function hashPadded(...values: bigint[]): Promise<bigint> {
  return bytesToBigInt(await sha256(concatBytes(...values.map((v) => hexToBytes(padHex(v))))));
}

/** u = H(padHex(A) ‖ padHex(B)): the scrambler both sides derive from the public values. */
export function computeU(A: bigint, B: bigint): Promise<bigint> {
  return hashPadded(A, B);
}

/**
 * x = H(padHex(salt) ‖ SHA256(poolName ‖ userIdForSrp ‖ ":" ‖ password)), the inner hash taken as its 32 bytes.
 * userIdForSrp is USER_ID_FOR_SRP from the challenge (the internal username), never what the user typed.
 */
export async function computeX(poolName: string, userIdForSrp: string, password: string, salt: bigint): Promise<bigint> {
  const inner = await sha256(utf8(`${poolName}${userIdForSrp}:${password}`));
  return bytesToBigInt(await sha256(concatBytes(hexToBytes(padHex(salt)), inner)));
}
