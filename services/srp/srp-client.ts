import { AuthError } from '../../machines/auth-error.js';
import { fromBase64, toBase64 } from '../bytes.js';
import { randomBytes } from '../web-crypto.js';
import type { ModPow } from './mod-pow.js';
import { selectModPow } from './select-mod-pow.js';
import { bytesToBigInt, g, hexToBigInt, k, N } from './srp-group.js';
import { computeU, computeX } from './srp-hashes.js';
import { deriveSrpKey, passwordClaimMac } from './srp-key.js';
import { formatSrpTimestamp } from './srp-timestamp.js';

/** What the PASSWORD_VERIFIER challenge supplies, plus the client's own pool name and password. */
export interface SrpChallenge {
  /** The part of the user pool id after `_` (see `poolNameOf`). */
  poolName: string;
  /** USER_ID_FOR_SRP from the challenge parameters, not the name the user typed. */
  userIdForSrp: string;
  password: string;
  /** SALT, hex. */
  salt: string;
  /** SRP_B, hex. */
  srpB: string;
  /** SECRET_BLOCK, base64; the answer echoes the string unchanged. */
  secretBlock: string;
  /** The instant to sign; defaults to now. */
  now?: Date;
}

export interface SrpClientSession {
  /** SRP_A for InitiateAuth: unpadded lowercase hex of A. */
  srpA: string;
  /** PASSWORD_CLAIM_SIGNATURE (base64) and the TIMESTAMP it signs. */
  respond(challenge: SrpChallenge): Promise<{ signature: string; timestamp: string }>;
}

function protocolError(message: string, cause?: unknown): AuthError {
  return new AuthError('SrpProtocolError', message, cause === undefined ? {} : { cause });
}

function parseHex(value: string, field: string): bigint {
  try {
    return hexToBigInt(value);
  } catch (cause) {
    throw protocolError(`${field} from the PASSWORD_VERIFIER challenge is not hex`, cause);
  }
}

/**
 * Starts the client side of Cognito's SRP: picks a (128 random bytes unless given), computes A = g^a mod N.
 * The session then answers one or more PASSWORD_VERIFIER challenges for that A.
 */
export async function startSrp(options: { modPow?: ModPow; a?: bigint } = {}): Promise<SrpClientSession> {
  const modPow = options.modPow ?? (await selectModPow());
  const a = options.a ?? bytesToBigInt(randomBytes(128));
  if (a <= 0n) throw new AuthError('ValidationError', 'SRP secret a must be a positive integer');
  const A = await modPow(g, a, N);
  if (A % N === 0n) throw protocolError('SRP A mod N is 0; refusing to continue');

  return {
    srpA: A.toString(16),
    async respond(challenge) {
      const B = parseHex(challenge.srpB, 'SRP_B');
      if (B % N === 0n) throw protocolError('SRP_B mod N is 0: the server value is invalid');
      const salt = parseHex(challenge.salt, 'SALT');
      let secretBlock: Uint8Array;
      try {
        secretBlock = fromBase64(challenge.secretBlock);
      } catch (cause) {
        throw protocolError('SECRET_BLOCK from the PASSWORD_VERIFIER challenge is not base64', cause);
      }
      const u = await computeU(A, B);
      if (u === 0n) throw protocolError('SRP scrambler u is 0: the server value is invalid');
      const x = await computeX(challenge.poolName, challenge.userIdForSrp, challenge.password, salt);
      const gx = await modPow(g, x, N);
      const base = (((B - k * gx) % N) + N) % N;
      const S = await modPow(base, a + u * x, N);
      const key = await deriveSrpKey(S, u);
      const timestamp = formatSrpTimestamp(challenge.now ?? new Date());
      const mac = await passwordClaimMac(key, challenge.poolName, challenge.userIdForSrp, secretBlock, timestamp);
      return { signature: toBase64(mac), timestamp };
    },
  };
}
