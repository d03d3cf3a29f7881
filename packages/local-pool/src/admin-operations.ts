import { creationDates } from './control-plane-operations.js';
import { fail } from './local-cognito-error.js';
import { leaveAllGroups } from './group-membership.js';
import { mfaSettingsOutput, setMfaPreference } from './mfa-settings.js';
import { enforcePasswordPolicy } from './password-policy.js';
import type { PoolRecord, UserRecord } from './pool-records.js';
import { customiseMessage } from './custom-message.js';
import { deliver, poolOf, randomString, triggerSourceOf, type ServiceState, type StoredMessage } from './service-state.js';
import { claimAlias, runPostConfirmation } from './sign-up-operations.js';
import { runTrigger } from './triggers.js';
import {
  applyAttributes,
  attributeList,
  findUser,
  looksLikeEmail,
  looksLikePhone,
  missingRequiredAttributes,
  newSalt,
  newSub,
  newUser,
  triggerAttributes,
  userKey,
  validateAttributes,
} from './user-directory.js';
import { checkUserEnabled } from './user-enablement.js';
import { signOutEverywhere, updateAttributes } from './user-operations.js';

type Input = Record<string, unknown>;
type Attributes = Array<{ Name: string; Value?: string }>;

const DAY = 24 * 60 * 60 * 1000;

function userOf(state: ServiceState, input: Input): { pool: PoolRecord; user: UserRecord } {
  const pool = poolOf(state, String(input.UserPoolId));
  const user = findUser(pool, String(input.Username));
  if (!user) fail('UserNotFoundException', 'User does not exist.');
  return { pool, user };
}

/** A user as listings and AdminCreateUser show it (UserType). */
export function userOutput(user: UserRecord): Input {
  return {
    Username: user.username,
    Attributes: attributeList(user),
    ...creationDates(user.createdAt, user.modifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** A temporary password that satisfies any policy Cognito allows. */
function temporaryPassword(pool: PoolRecord): string {
  const length = Math.max(pool.passwordPolicy.MinimumLength, 12);
  return `${randomString(length - 4)}aA1!`;
}

async function sendInvitation(state: ServiceState, pool: PoolRecord, user: UserRecord, input: Input): Promise<void> {
  const life = pool.passwordPolicy.TemporaryPasswordValidityDays * DAY;
  const mediums = Array.isArray(input.DesiredDeliveryMediums) ? input.DesiredDeliveryMediums : ['SMS'];
  const phone = user.attributes.get('phone_number');
  const email = user.attributes.get('email');
  let sent = false;
  const messages: StoredMessage[] = [];
  if (mediums.includes('EMAIL') && email) {
    messages.push(deliver(state, pool, user, 'EMAIL', user.password, 'AdminCreateUser', life));
    sent = true;
  }
  if (mediums.includes('SMS') && phone) {
    messages.push(deliver(state, pool, user, 'SMS', user.password, 'AdminCreateUser', life));
    sent = true;
  }
  // Cognito falls back to whatever channel the user has rather than failing the creation.
  if (!sent && email) messages.push(deliver(state, pool, user, 'EMAIL', user.password, 'AdminCreateUser', life));
  else if (!sent && phone) messages.push(deliver(state, pool, user, 'SMS', user.password, 'AdminCreateUser', life));
  for (const message of messages) {
    await customiseMessage(state, pool, user, message, {
      source: 'CustomMessage_AdminCreateUser',
      clientId: 'CLIENT_ID_NOT_APPLICABLE',
      clientMetadata: (input.ClientMetadata as Record<string, string> | undefined) ?? {},
    });
  }
}

export async function adminCreateUser(state: ServiceState, input: Input): Promise<Input> {
  const pool = poolOf(state, String(input.UserPoolId));
  const typed = String(input.Username);
  const action = input.MessageAction;
  if (action !== undefined && action !== 'RESEND' && action !== 'SUPPRESS') {
    fail('InvalidParameterException', `Invalid MessageAction: ${String(action)}`);
  }
  if (action === 'RESEND') {
    const user = findUser(pool, typed);
    if (!user) fail('UserNotFoundException', 'User does not exist.');
    if (user.status !== 'FORCE_CHANGE_PASSWORD') fail('UnsupportedUserStateException', `Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD.`);
    if (typeof input.TemporaryPassword === 'string') {
      enforcePasswordPolicy(pool.passwordPolicy, input.TemporaryPassword);
      user.password = input.TemporaryPassword;
    } else {
      user.password = temporaryPassword(pool);
    }
    user.temporaryPasswordExpiresAt = state.clock.now() + pool.passwordPolicy.TemporaryPasswordValidityDays * DAY;
    await sendInvitation(state, pool, user, input);
    return { User: userOutput(user) };
  }
  const attributes = validateAttributes(pool, (input.UserAttributes as Attributes | undefined) ?? [], { admin: true, creating: true });
  const sub = newSub();
  let username = typed;
  if (pool.usernameAttributes.length > 0) {
    const asEmail = pool.usernameAttributes.includes('email') && looksLikeEmail(typed);
    const asPhone = pool.usernameAttributes.includes('phone_number') && looksLikePhone(typed);
    if (!asEmail && !asPhone) fail('InvalidParameterException', 'Username should be either an email or a phone number.');
    attributes.set(asEmail ? 'email' : 'phone_number', typed);
    username = sub;
    if (findUser(pool, typed)) fail('UsernameExistsException', 'User account already exists');
  } else if (findUser(pool, typed)?.username === typed || pool.users.has(userKey(pool, typed))) {
    fail('UsernameExistsException', 'User account already exists');
  }
  const missing = missingRequiredAttributes(pool, new Map([...attributes, ['sub', sub]]));
  if (missing.length > 0) {
    fail('InvalidParameterException', `Attributes did not conform to the schema: ${missing.map((m) => `${m}: The attribute ${m} is required`).join(', ')}`);
  }
  let password: string;
  if (typeof input.TemporaryPassword === 'string') {
    enforcePasswordPolicy(pool.passwordPolicy, input.TemporaryPassword);
    password = input.TemporaryPassword;
  } else {
    password = temporaryPassword(pool);
  }
  const now = state.clock.now();
  const user = newUser(pool, username, sub, password, now);
  applyAttributes(user, attributes);
  for (const attribute of ['email', 'phone_number'] as const) {
    if (user.attributes.get(`${attribute}_verified`) === 'true') claimAlias(pool, user, attribute, input.ForceAliasCreation === true);
  }
  // PreSignUp runs, but its three response flags are ignored for AdminCreateUser (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html).
  await runTrigger(triggerSourceOf(state, pool), 'PreSignUp', {
    version: '1',
    triggerSource: 'PreSignUp_AdminCreateUser',
    region: state.region,
    userPoolId: pool.id,
    userName: username,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'CLIENT_ID_NOT_APPLICABLE' },
    request: {
      userAttributes: triggerAttributes(pool, user),
      validationData: {},
      clientMetadata: (input.ClientMetadata as Record<string, string> | undefined) ?? {},
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  if (pool.users.has(userKey(pool, username))) fail('UsernameExistsException', 'User account already exists');
  user.status = 'FORCE_CHANGE_PASSWORD';
  user.temporaryPasswordExpiresAt = now + pool.passwordPolicy.TemporaryPasswordValidityDays * DAY;
  pool.users.set(userKey(pool, username), user);
  if (action !== 'SUPPRESS') await sendInvitation(state, pool, user, input);
  return { User: userOutput(user) };
}

export function adminSetUserPassword(state: ServiceState, input: Input): Input {
  const { pool, user } = userOf(state, input);
  const password = String(input.Password);
  enforcePasswordPolicy(pool.passwordPolicy, password);
  user.password = password;
  user.salt = newSalt();
  if (input.Permanent === true) {
    user.status = 'CONFIRMED';
    delete user.temporaryPasswordExpiresAt;
  } else {
    user.status = 'FORCE_CHANGE_PASSWORD';
    user.temporaryPasswordExpiresAt = state.clock.now() + pool.passwordPolicy.TemporaryPasswordValidityDays * DAY;
  }
  user.modifiedAt = state.clock.now();
  return {};
}

/**
 * The password stops working: sign-in answers PasswordResetRequiredException until the user sets a new one
 * through ForgotPassword and ConfirmForgotPassword, which sends the code (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminResetUserPassword.html).
 */
export function adminResetUserPassword(state: ServiceState, input: Input): Input {
  const { user } = userOf(state, input);
  checkUserEnabled(user);
  user.status = 'RESET_REQUIRED';
  user.modifiedAt = state.clock.now();
  return {};
}

export function adminGetUser(state: ServiceState, input: Input): Input {
  const { user } = userOf(state, input);
  return {
    Username: user.username,
    UserAttributes: attributeList(user),
    ...creationDates(user.createdAt, user.modifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    ...mfaSettingsOutput(user),
  };
}

export async function adminConfirmSignUp(state: ServiceState, input: Input): Promise<Input> {
  const { pool, user } = userOf(state, input);
  if (user.status !== 'UNCONFIRMED') fail('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
  user.status = 'CONFIRMED';
  delete user.signUpCode;
  user.modifiedAt = state.clock.now();
  await runPostConfirmation(state, pool, undefined, user, 'PostConfirmation_ConfirmSignUp', (input.ClientMetadata as Record<string, string> | undefined) ?? {});
  return {};
}

export function adminSetUserMfaPreference(state: ServiceState, input: Input): Input {
  const { user } = userOf(state, input);
  if (user.status === 'RESET_REQUIRED') fail('PasswordResetRequiredException', 'Password reset required for the user');
  setMfaPreference(user, input);
  return {};
}

export function adminUpdateUserAttributes(state: ServiceState, input: Input): Input {
  const { pool, user } = userOf(state, input);
  updateAttributes(state, pool, user, input.UserAttributes as Attributes, true);
  return {};
}

export function adminDeleteUser(state: ServiceState, input: Input): Input {
  const { pool, user } = userOf(state, input);
  pool.users.delete(userKey(pool, user.username));
  leaveAllGroups(pool, user);
  signOutEverywhere(state, user);
  return {};
}

export function adminUserGlobalSignOut(state: ServiceState, input: Input): Input {
  const { user } = userOf(state, input);
  signOutEverywhere(state, user);
  return {};
}
