import { AuthError } from '../../machines/auth-error.js';
import { fromBase64 } from '../bytes.js';
import { randomBytes } from '../web-crypto.js';
import type { ModPow } from './mod-pow.js';
import { selectModPow } from './select-mod-pow.js';
import { bytesToBigInt, g, hexToBigInt, k, N } from './srp-group.js';
import { computeU, computeX } from './srp-hashes.js';
import { deriveSrpKey, passwordClaimMac } from './srp-key.js';

export { parseSrpTimestamp } from './srp-timestamp.js';

/**
 * The verifier v = g^x mod N a user pool keeps instead of the password. userIdForSrp must be exactly the
 * USER_ID_FOR_SRP the pool will return in PASSWORD_VERIFIER (the internal username), salt the SALT it returns.
 */
export async function computeSrpVerifier(args: {
  poolName: string;
  userIdForSrp: string;
  password: string;
  salt: string;
  modPow?: ModPow;
}): Promise<bigint> {
  const modPow = args.modPow ?? (await selectModPow());
  const x = await computeX(args.poolName, args.userIdForSrp, args.password, hexToBigInt(args.salt));
  return modPow(g, x, N);
}

/** Length-independent comparison time for equal-length inputs; unequal lengths differ anyway. */
function constantTimeEqual(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

function invalidA(message: string, cause?: unknown): AuthError {
  return new AuthError('InvalidParameterException', message, cause === undefined ? {} : { cause });
}

/**
 * The server side for a local user pool: from the client's SRP_A and the stored verifier, picks b (32 random
 * bytes unless given), answers SRP_B = k·v + g^b mod N, and later checks a PASSWORD_CLAIM_SIGNATURE.
 */
export async function startSrpServer(args: {
  verifier: bigint;
  srpA: string;
  b?: bigint;
  modPow?: ModPow;
}): Promise<{
  srpB: string;
  verify(args: {
    poolName: string;
    userIdForSrp: string;
    secretBlock: string;
    timestamp: string;
    signature: string;
  }): Promise<boolean>;
}> {
  const modPow = args.modPow ?? (await selectModPow());
  let A: bigint;
  try {
    A = hexToBigInt(args.srpA);
  } catch (cause) {
    throw invalidA('SRP_A is not a hex string', cause);
  }
  if (A % N === 0n) throw invalidA('SRP_A mod N cannot be 0');
  const v = args.verifier % N;

  let b = args.b ?? bytesToBigInt(randomBytes(32));
  let B = (k * v + (await modPow(g, b, N))) % N;
  // B ≡ 0 would make the client refuse; only a fresh random b can avoid it.
  while (B === 0n && args.b === undefined) {
    b = bytesToBigInt(randomBytes(32));
    B = (k * v + (await modPow(g, b, N))) % N;
  }
  if (B === 0n) throw new RangeError('startSrpServer: the given b makes B ≡ 0 mod N');

  let key: Promise<Uint8Array | null> | undefined;
  const sessionKey = (): Promise<Uint8Array | null> => {
    key ??= (async () => {
      const u = await computeU(A, B);
      if (u === 0n) return null;
      const S = await modPow((A * (await modPow(v, u, N))) % N, b, N);
      return deriveSrpKey(S, u);
    })();
    return key;
  };

  return {
    // Even length, so clients that decode hex byte-wise accept it as readily as those parsing an integer.
    srpB: B.toString(16).padStart(768, '0'),
    async verify(claim) {
      const derived = await sessionKey();
      if (!derived) return false;
      let secretBlock: Uint8Array;
      let signature: Uint8Array;
      try {
        secretBlock = fromBase64(claim.secretBlock);
        signature = fromBase64(claim.signature);
      } catch {
        return false;
      }
      const expected = await passwordClaimMac(derived, claim.poolName, claim.userIdForSrp, secretBlock, claim.timestamp);
      return constantTimeEqual(expected, signature);
    },
  };
}
