import { poolSettingsOf } from './control-plane-operations.js';
import { fail } from './local-cognito-error.js';
import { dropPools } from './pool-snapshot.js';
import { poolOf, type ServiceState } from './service-state.js';

type Input = Record<string, unknown>;

/**
 * The members UpdateUserPool sets
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPool.html). The others
 * CreateUserPool took (sign-in attributes, schema, case sensitivity) are fixed for the pool's life.
 */
const UPDATABLE = [
  'Policies', 'DeletionProtection', 'LambdaConfig', 'AutoVerifiedAttributes', 'SmsVerificationMessage',
  'EmailVerificationMessage', 'EmailVerificationSubject', 'VerificationMessageTemplate', 'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings', 'MfaConfiguration', 'DeviceConfiguration', 'EmailConfiguration', 'SmsConfiguration',
  'UserPoolTags', 'AdminCreateUserConfig', 'UserPoolAddOns', 'AccountRecoverySetting', 'UserPoolTier',
] as const;

/**
 * A replacement, as Cognito does it: every updatable member the request leaves out returns to its default (MFA OFF,
 * the default password policy, no triggers, …), so callers send the whole configuration, as from DescribeUserPool.
 * The pool name stays when none is given.
 */
export function updateUserPool(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const kept = Object.fromEntries(Object.entries(pool.input).filter(([name]) => !(UPDATABLE as readonly string[]).includes(name)));
  const given = Object.fromEntries(Object.entries(input).filter(([name]) => (UPDATABLE as readonly string[]).includes(name)));
  const next: Input = { ...kept, ...given, ...(typeof input.PoolName === 'string' ? { PoolName: input.PoolName } : {}) };
  const settings = poolSettingsOf(next, pool.softwareTokenMfa || pool.emailMfa !== undefined);
  Object.assign(pool, settings, { input: next, modifiedAt: state.clock.now() });
  if (typeof input.PoolName === 'string') pool.name = input.PoolName;
  if (typeof input.SmsAuthenticationMessage === 'string') pool.smsAuthenticationMessage = input.SmsAuthenticationMessage;
  else delete pool.smsAuthenticationMessage;
  return {};
}

/**
 * The pool goes with its users, groups, app clients, sessions, tokens and outbox messages
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserPool.html); later calls
 * naming it answer ResourceNotFoundException. Deletion protection must be switched off and the pool's domain
 * deleted first, as on Cognito.
 */
export function deleteUserPool(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  if (pool.input.DeletionProtection === 'ACTIVE') {
    fail('InvalidParameterException', 'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.');
  }
  if (pool.domain) {
    fail('InvalidParameterException', 'User pool cannot be deleted. It has a domain configured that should be deleted first.');
  }
  dropPools(state, new Set([pool.id]));
  state.poolTriggers.delete(pool.id);
  return {};
}

