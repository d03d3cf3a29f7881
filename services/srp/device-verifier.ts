import { hexToBytes, toBase64 } from '../bytes.js';
import { randomBytes } from '../web-crypto.js';
import type { ModPow } from './mod-pow.js';
import { selectModPow } from './select-mod-pow.js';
import { bytesToBigInt, g, N, padHex } from './srp-group.js';
import { computeX } from './srp-hashes.js';

/** A device's secret and what ConfirmDevice sends as its DeviceSecretVerifierConfig. */
export interface DeviceVerifier {
  /** base64 of 40 random bytes: the device's password for DEVICE_PASSWORD_VERIFIER, kept on the device only. */
  randomPassword: string;
  /** base64 of padHex(v), v = g^x mod N. */
  passwordVerifier: string;
  /** base64 of padHex(salt), salt = 16 random bytes. */
  salt: string;
}

/**
 * The verifier for a device Cognito issued (NewDeviceMetadata), as Cognito's clients make it: user-SRP's x with the
 * device group key in place of the pool name and the device key in place of the user
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html).
 */
export async function createDeviceVerifier(
  deviceGroupKey: string,
  deviceKey: string,
  options: { modPow?: ModPow } = {},
): Promise<DeviceVerifier> {
  const modPow = options.modPow ?? (await selectModPow());
  const randomPassword = toBase64(randomBytes(40));
  const salt = bytesToBigInt(randomBytes(16));
  const x = await computeX(deviceGroupKey, deviceKey, randomPassword, salt);
  const v = await modPow(g, x, N);
  return { randomPassword, passwordVerifier: toBase64(hexToBytes(padHex(v))), salt: toBase64(hexToBytes(padHex(salt))) };
}
