import { fail } from './local-cognito-error.js';
import { enforcePasswordPolicy } from './password-policy.js';
import { allowsUserAuth, passwordlessAvailable, SIGN_UP_CONFIRMED } from './passwordless-settings.js';
import type { ClientRecord, PoolRecord, UserRecord } from './pool-records.js';
import {
  attemptKey,
  checkAttemptLimit,
  checkSecretHash,
  clientOf,
  countFailedAttempt,
  isUserNotFoundHidden,
  openSession,
  triggerSourceOf,
  userNotFound,
  type ServiceState,
} from './service-state.js';
import { customiseMessage } from './custom-message.js';
import { runTrigger } from './triggers.js';
import { migrateUser } from './user-migration.js';
import {
  aliasHolder,
  applyAttributes,
  findUser,
  looksLikeEmail,
  looksLikePhone,
  missingRequiredAttributes,
  newSalt,
  newSub,
  newUser,
  sendCode,
  signUpDeliveryAttribute,
  triggerAttributes,
  userKey,
  validateAttributes,
  type CodeDelivery,
} from './user-directory.js';

type Input = Record<string, unknown>;
type Attributes = Array<{ Name: string; Value?: string }>;

const HOUR = 60 * 60 * 1000;

function metadata(value: unknown): Record<string, string> {
  return (value as Record<string, string> | undefined) ?? {};
}

function toMap(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { Name, Value } of (list as Attributes | undefined) ?? []) out[Name] = Value ?? '';
  return out;
}

export function callerContext(client: ClientRecord): { awsSdkVersion: string; clientId: string } {
  return { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: client.id };
}

export async function runPostConfirmation(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord | undefined,
  user: UserRecord,
  source: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword',
  clientMetadata: Record<string, string>,
): Promise<void> {
  await runTrigger(triggerSourceOf(state, pool), 'PostConfirmation', {
    version: '1',
    triggerSource: source,
    region: state.region,
    userPoolId: pool.id,
    userName: user.username,
    callerContext: client ? callerContext(client) : { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'CLIENT_ID_NOT_APPLICABLE' },
    request: { userAttributes: triggerAttributes(pool, user), clientMetadata },
    response: {},
  });
}

/**
 * Moves a verified alias to `user` (ForceAliasCreation, PreSignUp auto-verify) or refuses with AliasExistsException
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html, aliases). The previous holder keeps the value but it is no longer
 * verified, so it no longer signs in with it.
 */
export function claimAlias(pool: PoolRecord, user: UserRecord, attribute: 'email' | 'phone_number', force: boolean): void {
  const value = user.attributes.get(attribute);
  if (!value || !pool.aliasAttributes.includes(attribute)) return;
  const holder = aliasHolder(pool, attribute, value, user);
  if (!holder) return;
  if (!force) {
    fail('AliasExistsException', `An account with the ${attribute === 'email' ? 'email' : 'phone number'} already exists.`);
  }
  holder.attributes.set(`${attribute}_verified`, 'false');
}

export async function signUp(state: ServiceState, input: Input): Promise<Input> {
  const { client, pool } = clientOf(state, String(input.ClientId));
  const typed = String(input.Username);
  await checkSecretHash(client, typed, input.SecretHash as string | undefined);
  if (pool.allowAdminCreateUserOnly) fail('NotAuthorizedException', 'SignUp is not permitted for this user pool');
  // Without a password only where users can sign in without one (passwordless-settings.ts).
  const password = typeof input.Password === 'string' ? input.Password : '';
  if (password === '' && !passwordlessAvailable(pool, client)) fail('InvalidParameterException', 'Missing required parameter Password');
  const attributes = validateAttributes(pool, (input.UserAttributes as Attributes | undefined) ?? [], { admin: false, creating: true });
  let username = typed;
  const sub = newSub();
  if (pool.usernameAttributes.length > 0) {
    const asEmail = pool.usernameAttributes.includes('email') && looksLikeEmail(typed);
    const asPhone = pool.usernameAttributes.includes('phone_number') && looksLikePhone(typed);
    if (!asEmail && !asPhone) {
      fail('InvalidParameterException', pool.usernameAttributes.includes('phone_number')
        ? 'Username should be either an email or a phone number.'
        : 'Username should be an email.');
    }
    attributes.set(asEmail ? 'email' : 'phone_number', typed);
    username = sub;
  } else {
    if (pool.aliasAttributes.includes('email') && looksLikeEmail(typed)) {
      fail('InvalidParameterException', 'Username cannot be of email format, since user pool is configured for email alias.');
    }
    if (pool.aliasAttributes.includes('phone_number') && looksLikePhone(typed)) {
      fail('InvalidParameterException', 'Username cannot be of phone format, since user pool is configured for phone_number alias.');
    }
  }
  if (attributes.has('preferred_username') && pool.aliasAttributes.includes('preferred_username')) {
    fail('InvalidParameterException', 'preferred_username can only be set after the user is confirmed.');
  }
  const missing = missingRequiredAttributes(pool, new Map([...attributes, ['sub', sub]]));
  if (missing.length > 0) {
    fail('InvalidParameterException', `Attributes did not conform to the schema: ${missing.map((m) => `${m}: The attribute ${m} is required`).join(', ')}`);
  }
  if (password !== '') enforcePasswordPolicy(pool.passwordPolicy, password);
  if (pool.users.has(userKey(pool, username))) {
    fail('UsernameExistsException', 'User already exists');
  }
  for (const attribute of pool.usernameAttributes) {
    const value = attributes.get(attribute);
    if (value && findUser(pool, value)) {
      fail('UsernameExistsException', `An account with the given ${attribute === 'email' ? 'email' : 'phone_number'} already exists.`);
    }
  }
  const now = state.clock.now();
  const user = newUser(pool, username, sub, password, now);
  applyAttributes(user, attributes);
  const clientMetadata = metadata(input.ClientMetadata);
  const pre = await runTrigger(triggerSourceOf(state, pool), 'PreSignUp', {
    version: '1',
    triggerSource: 'PreSignUp_SignUp',
    region: state.region,
    userPoolId: pool.id,
    userName: username,
    callerContext: callerContext(client),
    request: {
      userAttributes: triggerAttributes(pool, user),
      validationData: toMap(input.ValidationData),
      clientMetadata,
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  // The trigger may have run long; re-check the name is still free before storing.
  if (pool.users.has(userKey(pool, username))) fail('UsernameExistsException', 'User already exists');
  const response = pre?.response;
  if (response?.autoVerifyEmail) {
    if (!user.attributes.get('email')) fail('InvalidParameterException', 'Cannot auto-verify email: the user has no email.');
    claimAlias(pool, user, 'email', true);
    user.attributes.set('email_verified', 'true');
  }
  if (response?.autoVerifyPhone) {
    if (!user.attributes.get('phone_number')) fail('InvalidParameterException', 'Cannot auto-verify phone_number: the user has no phone_number.');
    claimAlias(pool, user, 'phone_number', true);
    user.attributes.set('phone_number_verified', 'true');
  }
  pool.users.set(userKey(pool, username), user);
  if (response?.autoConfirmUser) {
    user.status = 'CONFIRMED';
    await runPostConfirmation(state, pool, client, user, 'PostConfirmation_ConfirmSignUp', clientMetadata);
    return { UserConfirmed: true, UserSub: sub };
  }
  const attribute = signUpDeliveryAttribute(pool, user);
  if (!attribute) return { UserConfirmed: false, UserSub: sub };
  const { code, delivery, sent } = sendCode(state, pool, user, attribute, 'SignUp');
  user.signUpCode = code;
  await customiseMessage(state, pool, user, sent, { source: 'CustomMessage_SignUp', clientId: client.id, clientMetadata });
  return { UserConfirmed: false, UserSub: sub, CodeDeliveryDetails: delivery };
}

function simulatedDelivery(typed: string): CodeDelivery {
  return looksLikePhone(typed)
    ? { Destination: `+*******${typed.slice(-4)}`, DeliveryMedium: 'SMS', AttributeName: 'phone_number' }
    : { Destination: 'u***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' };
}

export async function resendConfirmationCode(state: ServiceState, input: Input): Promise<Input> {
  const { client, pool } = clientOf(state, String(input.ClientId));
  const typed = String(input.Username);
  await checkSecretHash(client, typed, input.SecretHash as string | undefined);
  const user = findUser(pool, typed);
  if (!user) {
    if (isUserNotFoundHidden(client)) return { CodeDeliveryDetails: simulatedDelivery(typed) };
    userNotFound(client);
  }
  if (user.status !== 'UNCONFIRMED') fail('InvalidParameterException', 'User is already confirmed.');
  const attribute = signUpDeliveryAttribute(pool, user) ?? (user.attributes.get('email') ? 'email' : 'phone_number');
  const previous = user.signUpCode;
  const { code, delivery, sent } = sendCode(state, pool, user, attribute, 'ResendCode');
  code.superseded = previous ? [...(previous.superseded ?? []), previous.code] : [];
  user.signUpCode = code;
  await customiseMessage(state, pool, user, sent, {
    source: 'CustomMessage_ResendCode',
    clientId: client.id,
    clientMetadata: metadata(input.ClientMetadata),
  });
  return { CodeDeliveryDetails: delivery };
}

/** Cognito's hourly limits on wrong codes (https://docs.aws.amazon.com/cognito/latest/developerguide/limits.html). */
export const CONFIRM_SIGN_UP_LIMIT = 15;
export const CONFIRM_FORGOT_PASSWORD_LIMIT = 5;

export async function confirmSignUp(state: ServiceState, input: Input): Promise<Input> {
  const { client, pool, user } = await userForCode(state, input);
  // From here to the confirmation nothing awaits: the limit, the comparison and spending the code are one step,
  // so concurrent requests meet them one at a time.
  if (user.status !== 'UNCONFIRMED') {
    fail('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
  }
  const key = attemptKey('ConfirmSignUp', pool, user);
  checkAttemptLimit(state, key, CONFIRM_SIGN_UP_LIMIT);
  const pending = user.signUpCode;
  const given = String(input.ConfirmationCode);
  const expired = pending && given === pending.code && state.clock.now() > pending.expiresAt;
  if (!pending || expired || pending.superseded?.includes(given)) {
    fail('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  }
  if (pending.code !== given) {
    countFailedAttempt(state, key);
    fail('CodeMismatchException', 'Invalid verification code provided, please try again.');
  }
  const attribute = pending.attribute;
  if (attribute) claimAlias(pool, user, attribute, input.ForceAliasCreation === true);
  if (attribute) user.attributes.set(`${attribute}_verified`, 'true');
  user.status = 'CONFIRMED';
  user.modifiedAt = state.clock.now();
  delete user.signUpCode;
  // A failing PostConfirmation reaches the caller, but the user stays confirmed, as on Cognito.
  // The confirmation counts as a first factor for one USER_AUTH sign-in, when the client has that flow.
  const session = allowsUserAuth(client) ? openSession(state, client, user, { challenge: SIGN_UP_CONFIRMED, flow: 'PASSWORD' }) : undefined;
  await runPostConfirmation(state, pool, client, user, 'PostConfirmation_ConfirmSignUp', metadata(input.ClientMetadata));
  return session ? { Session: session } : {};
}

/**
 * The user a confirmation code is for. With PreventUserExistenceErrors on, an unknown user looks like a wrong
 * code (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html); otherwise UserNotFoundException.
 */
async function userForCode(state: ServiceState, input: Input): Promise<{ client: ClientRecord; pool: PoolRecord; user: UserRecord }> {
  const { client, pool } = clientOf(state, String(input.ClientId));
  const typed = String(input.Username);
  await checkSecretHash(client, typed, input.SecretHash as string | undefined);
  const user = findUser(pool, typed);
  if (!user) {
    if (isUserNotFoundHidden(client)) fail('CodeMismatchException', 'Invalid verification code provided, please try again.');
    userNotFound(client);
  }
  return { client, pool, user };
}

/**
 * Legacy recovery order, without an AccountRecoverySetting: a verified phone first, then a verified email
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AccountRecoverySettingType.html).
 */
function recoveryAttribute(user: UserRecord): 'email' | 'phone_number' | undefined {
  if (user.attributes.get('phone_number') && user.attributes.get('phone_number_verified') === 'true') return 'phone_number';
  if (user.attributes.get('email') && user.attributes.get('email_verified') === 'true') return 'email';
  return undefined;
}

export async function forgotPassword(state: ServiceState, input: Input): Promise<Input> {
  const { client, pool } = clientOf(state, String(input.ClientId));
  const typed = String(input.Username);
  await checkSecretHash(client, typed, input.SecretHash as string | undefined);
  const clientMetadata = (input.ClientMetadata as Record<string, string> | undefined) ?? {};
  const user =
    findUser(pool, typed) ?? (await migrateUser(state, pool, client, typed, { source: 'UserMigration_ForgotPassword', clientMetadata }));
  if (!user || !user.enabled) {
    if (isUserNotFoundHidden(client)) return { CodeDeliveryDetails: simulatedDelivery(typed) };
    if (!user) userNotFound(client);
    fail('NotAuthorizedException', 'User is disabled.');
  }
  const attribute = recoveryAttribute(user);
  if (!attribute) {
    if (isUserNotFoundHidden(client)) return { CodeDeliveryDetails: simulatedDelivery(typed) };
    fail('InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number');
  }
  const { code, delivery, sent } = sendCode(state, pool, user, attribute, 'ForgotPassword', HOUR);
  user.forgotPasswordCode = code;
  await customiseMessage(state, pool, user, sent, { source: 'CustomMessage_ForgotPassword', clientId: client.id, clientMetadata });
  return { CodeDeliveryDetails: delivery satisfies CodeDelivery };
}

export async function confirmForgotPassword(state: ServiceState, input: Input): Promise<Input> {
  const { client, pool, user } = await userForCode(state, input);
  // One synchronous step from the limit to spending the code, as in confirmSignUp.
  const key = attemptKey('ConfirmForgotPassword', pool, user);
  checkAttemptLimit(state, key, CONFIRM_FORGOT_PASSWORD_LIMIT);
  const pending = user.forgotPasswordCode;
  if (!pending || state.clock.now() > pending.expiresAt) {
    fail('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  }
  if (pending.code !== String(input.ConfirmationCode)) {
    countFailedAttempt(state, key);
    fail('CodeMismatchException', 'Invalid verification code provided, please try again.');
  }
  // A password the policy refuses leaves the code usable for another try.
  enforcePasswordPolicy(pool.passwordPolicy, String(input.Password));
  user.password = String(input.Password);
  user.salt = newSalt();
  if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD') user.status = 'CONFIRMED';
  delete user.temporaryPasswordExpiresAt;
  delete user.forgotPasswordCode;
  user.modifiedAt = state.clock.now();
  // A failing PostConfirmation reaches the caller; the new password stays, as on Cognito.
  await runPostConfirmation(state, pool, client, user, 'PostConfirmation_ConfirmForgotPassword', metadata(input.ClientMetadata));
  return {};
}
