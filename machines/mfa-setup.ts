import type { PendingChallenge } from './auth-types.js';

/**
 * What the MFA_SETUP challenge can set up during sign-in: an authenticator app (TOTP), or email where the pool
 * has email MFA. SMS cannot: the user needs a phone number first, which only an update of the user gives.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 */
export type SetupFactor = 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

const SETUP_FACTORS: readonly SetupFactor[] = ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

/** The factors Cognito offers to set up (MFAS_CAN_SETUP) that can be set up here; a challenge that lists none means TOTP. */
export function setupFactorsOffered(challenge: PendingChallenge | null): SetupFactor[] {
  const offered = challenge?.mfaTypes;
  if (!offered) return ['SOFTWARE_TOKEN_MFA'];
  return SETUP_FACTORS.filter((factor) => offered.includes(factor));
}

/** The factor being set up: the one the user chose, or the only one offered; null while the user has to choose. */
export function setupFactorOf(challenge: PendingChallenge | null): SetupFactor | null {
  if (challenge?.mfaSetupChoice) return challenge.mfaSetupChoice;
  const offered = setupFactorsOffered(challenge);
  return offered.length === 1 ? (offered[0] as SetupFactor) : null;
}
