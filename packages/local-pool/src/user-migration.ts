import { fail } from './local-cognito-error.js';
import type { ClientRecord, PoolRecord, UserRecord, UserStatus } from './pool-records.js';
import { randomString, triggerSourceOf, type ServiceState } from './service-state.js';
import { sendWelcome, welcomeRequestOf } from './migration-welcome.js';
import { hasTrigger, runTrigger } from './triggers.js';
import {
  aliasHolder,
  applyAttributes,
  findUser,
  looksLikeEmail,
  looksLikePhone,
  missingRequiredAttributes,
  newSub,
  newUser,
  userKey,
  validateAttributes,
} from './user-directory.js';

export type MigrationRequest =
  | { source: 'UserMigration_Authentication'; password: string; validationData: Record<string, string> }
  | { source: 'UserMigration_ForgotPassword'; clientMetadata: Record<string, string> };

function invalid(reason: string): never {
  fail('InvalidLambdaResponseException', `Invalid lambda response from UserMigration: ${reason}.`);
}

/**
 * Brings in a user the pool does not have, from the pool's UserMigration trigger: at sign-in with USER_PASSWORD_AUTH
 * (SRP never shows the pool the password) and at ForgotPassword. The function answers with the user's attributes and
 * final status (CONFIRMED, or RESET_REQUIRED by default); a throw refuses the request with
 * UserLambdaValidationException. The migrated password is not held to the password policy
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html).
 * Returns undefined when the pool has no UserMigration trigger.
 */
export async function migrateUser(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  typed: string,
  request: MigrationRequest,
): Promise<UserRecord | undefined> {
  const source = triggerSourceOf(state, pool);
  if (!hasTrigger(source, 'UserMigration')) return undefined;
  const event = await runTrigger(source, 'UserMigration', {
    version: '1',
    triggerSource: request.source,
    region: state.region,
    userPoolId: pool.id,
    userName: typed,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: client.id },
    request:
      request.source === 'UserMigration_Authentication'
        ? { password: request.password, validationData: request.validationData, clientMetadata: {} }
        : { validationData: {}, clientMetadata: request.clientMetadata },
    response: {},
  });
  if (!event) return undefined;
  const response = event.response;
  const returned = response.userAttributes;
  if (typeof returned !== 'object' || returned === null || Array.isArray(returned)) invalid('userAttributes are required');
  const status = (response.finalUserStatus ?? 'RESET_REQUIRED') as UserStatus;
  if (status !== 'CONFIRMED' && status !== 'RESET_REQUIRED') invalid(`finalUserStatus ${String(status)}`);
  const welcome = welcomeRequestOf(response);

  const written = Object.entries(returned)
    .filter(([name]) => name !== 'username' && name !== 'sub')
    .map(([Name, Value]) => ({ Name, Value: String(Value) }));
  const attributes = validateAttributes(pool, written, { admin: true, creating: true });
  const sub = newSub();
  let username = typed;
  if (pool.usernameAttributes.length > 0) {
    // Pools that sign in by email or phone keep an opaque username; the typed name becomes that attribute.
    username = sub;
    if (pool.usernameAttributes.includes('email') && looksLikeEmail(typed) && !attributes.get('email')) attributes.set('email', typed);
    if (pool.usernameAttributes.includes('phone_number') && looksLikePhone(typed) && !attributes.get('phone_number')) {
      attributes.set('phone_number', typed);
    }
  } else if (typeof returned.username === 'string' && returned.username !== '') {
    username = returned.username;
  }
  const missing = missingRequiredAttributes(pool, new Map([...attributes, ['sub', sub]]));
  if (missing[0]) invalid(`required attribute ${missing[0]} is missing`);

  // The function may have run long: someone may have signed up, or migrated, under this name meanwhile.
  const existing = findUser(pool, typed) ?? pool.users.get(userKey(pool, username));
  if (existing) return existing;
  const now = state.clock.now();
  const password = request.source === 'UserMigration_Authentication' ? request.password : randomString(32);
  const user = newUser(pool, username, sub, password, now);
  applyAttributes(user, attributes);
  for (const attribute of ['email', 'phone_number'] as const) {
    const value = user.attributes.get(attribute);
    if (!value || user.attributes.get(`${attribute}_verified`) !== 'true') continue;
    const holder = aliasHolder(pool, attribute, value, user);
    if (!holder) continue;
    if (response.forceAliasCreation !== true) {
      fail('AliasExistsException', `An account with the ${attribute === 'email' ? 'email' : 'phone number'} already exists.`);
    }
    holder.attributes.set(`${attribute}_verified`, 'false');
  }
  user.status = status;
  if (response.enableSMSMFA === true && user.attributes.get('phone_number')) user.smsMfaEnabled = true;
  pool.users.set(userKey(pool, username), user);
  // At ForgotPassword the user is sent the reset code instead.
  if (request.source === 'UserMigration_Authentication') sendWelcome(state, pool, user, welcome);
  return user;
}
