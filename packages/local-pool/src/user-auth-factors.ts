import { mfaSettingsOutput } from './mfa-settings.js';
import type { ServiceState } from './service-state.js';
import { userOfAccessToken } from './token-issuer.js';
import { availableChallenges } from './user-auth-operations.js';

/**
 * GetUserAuthFactors (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserAuthFactors.html):
 * the user's MFA settings, as GetUser gives them, and the first factors USER_AUTH would offer the user now.
 */
export function getUserAuthFactors(state: ServiceState, input: Record<string, unknown>): Record<string, unknown> {
  const { pool, user } = userOfAccessToken(state, String(input.AccessToken));
  return {
    Username: user.username,
    ...mfaSettingsOutput(user),
    ConfiguredUserAuthFactors: availableChallenges(pool, user).filter((factor) => factor !== 'PASSWORD_SRP'),
  };
}
