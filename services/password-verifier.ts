import { AuthError } from '../machines/auth-error.js';
import type { Secret } from '../machines/secret.js';
import type { StringMap } from './cognito-api.js';
import type { SrpClientSession } from './srp/srp-client.js';
import { poolNameOf } from './srp/srp-group.js';

/** Begins one SRP exchange: A to send first, then the proof for Cognito's PASSWORD_VERIFIER challenge. */
export type SrpStarter = () => Promise<SrpClientSession>;

export interface PasswordVerifierResponses extends StringMap {
  USERNAME: string;
  PASSWORD_CLAIM_SECRET_BLOCK: string;
  PASSWORD_CLAIM_SIGNATURE: string;
  TIMESTAMP: string;
}

/**
 * Answers PASSWORD_VERIFIER. The proof is computed over USER_ID_FOR_SRP, not what the user typed: in pools
 * that sign in with an email or phone it is the internal username, and a proof over the typed one is refused.
 */
export async function passwordVerifierResponses(
  srp: SrpClientSession,
  parameters: StringMap,
  context: { userPoolId: string; typedUsername: string; password: Secret; now: Date },
): Promise<PasswordVerifierResponses> {
  const { SALT: salt, SRP_B: srpB, SECRET_BLOCK: secretBlock } = parameters;
  if (!salt || !srpB || !secretBlock) {
    throw new AuthError('InvalidResponseError', 'PASSWORD_VERIFIER came without SALT, SRP_B or SECRET_BLOCK');
  }
  const userIdForSrp = parameters.USER_ID_FOR_SRP ?? parameters.USERNAME ?? context.typedUsername;
  const { signature, timestamp } = await srp.respond({
    poolName: poolNameOf(context.userPoolId),
    userIdForSrp,
    password: context.password.reveal(),
    salt,
    srpB,
    secretBlock,
    now: context.now,
  });
  return {
    USERNAME: userIdForSrp,
    PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
    PASSWORD_CLAIM_SIGNATURE: signature,
    TIMESTAMP: timestamp,
  };
}
