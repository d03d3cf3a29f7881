import { fail } from './local-cognito-error.js';
import type { UserRecord } from './pool-records.js';
import { poolOf, type ServiceState } from './service-state.js';
import { findUser } from './user-directory.js';
import { signOutEverywhere } from './user-operations.js';

type Input = Record<string, unknown>;

function userOf(state: ServiceState, input: Input): UserRecord {
  const pool = poolOf(state, String(input.UserPoolId));
  const user = findUser(pool, String(input.Username));
  if (!user) fail('UserNotFoundException', 'User does not exist.');
  return user;
}

/**
 * A disabled user cannot sign in or refresh ("User is disabled.") and the tokens already issued are revoked; the
 * user stays listed with `Enabled: false`
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDisableUser.html).
 */
export function adminDisableUser(state: ServiceState, input: Input): Input {
  const user = userOf(state, input);
  user.enabled = false;
  user.modifiedAt = state.clock.now();
  signOutEverywhere(state, user);
  return {};
}

/**
 * Sign-in works again; tokens revoked by the disabling stay revoked
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminEnableUser.html).
 */
export function adminEnableUser(state: ServiceState, input: Input): Input {
  const user = userOf(state, input);
  user.enabled = true;
  user.modifiedAt = state.clock.now();
  return {};
}

/** Refuses an operation on a disabled user with Cognito's words. */
export function checkUserEnabled(user: UserRecord): void {
  if (!user.enabled) fail('NotAuthorizedException', 'User is disabled.');
}
