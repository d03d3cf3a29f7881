import { fail } from './local-cognito-error.js';
import type { PoolRecord, UserRecord } from './pool-records.js';
import { poolOf, type ServiceState } from './service-state.js';
import { findUser, schemaAttribute } from './user-directory.js';

type Input = Record<string, unknown>;

/**
 * Removes attributes from a user (custom ones named with `custom:`)
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDeleteUserAttributes.html).
 * Required and non-mutable attributes cannot go; naming one the user does not have is no error. An email address or
 * phone number that goes takes its verified flag with it: there is nothing left that was verified.
 */
export function adminDeleteUserAttributes(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const user = findUser(pool, String(input.Username));
  if (!user) fail('UserNotFoundException', 'User does not exist.');
  removeAttributes(state, pool, user, input.UserAttributeNames);
  return {};
}

/** Removes the named attributes, all or none: each must be in the schema, mutable and not required. */
export function removeAttributes(state: ServiceState, pool: PoolRecord, user: UserRecord, requested: unknown): void {
  const names = Array.isArray(requested) ? requested.map(String) : [];
  for (const name of names) {
    const schema = schemaAttribute(pool, name);
    if (!schema) fail('InvalidParameterException', `Attribute does not exist in the schema: ${name}`);
    if (!schema.Mutable) fail('InvalidParameterException', `Cannot modify the non-mutable attribute ${name}`);
    if (schema.Required) fail('InvalidParameterException', `Cannot delete the required attribute ${name}`);
  }
  for (const name of names) {
    user.attributes.delete(name);
    if (name === 'email' || name === 'phone_number') user.attributes.delete(`${name}_verified`);
  }
  user.modifiedAt = state.clock.now();
}
