import { randomBytes } from 'node:crypto';
import { poolNameOf } from 'cognito-auth-machine/protocol';
import { runPreAuthentication } from './authentication-triggers.js';
import { deviceSrpChallenge, devicePasswordVerifierChallenge, verifyDeviceClaim } from './device-authentication.js';
import { confirmedDevice, deviceNotFound, deviceSettingsOf, issueDevice } from './devices.js';
import { computeSrpVerifier, parseSrpTimestamp, startSrpServer } from './srp-server.js';
import { customiseMessage } from './custom-message.js';
import { maskPhone } from './delivery-masking.js';
import { fail, LocalCognitoError } from './local-cognito-error.js';
import { nextMfaStep, type MfaChallenge } from './mfa-settings.js';
import { checkNotLockedOut, reservedAttemptFailed, reservePasswordAttempt, rightPassword, wrongPassword } from './password-lockout.js';
import { enforcePasswordPolicy } from './password-policy.js';
import type { ClientRecord, CustomChallengeResult, PoolRecord, SessionRecord, UserRecord } from './pool-records.js';
import {
  checkClientSecret,
  checkSecretHash,
  clientOf,
  deliver,
  isUserNotFoundHidden,
  openSession,
  randomCode,
  sessionOf,
  spendSession,
  triggerSourceOf,
  userNotFound,
  wrongAnswer,
  type ServiceState,
} from './service-state.js';
import { callerContext } from './sign-up-operations.js';
import { issueTokens, refreshRecordOf, refreshTokens, type TokenSource } from './token-issuer.js';
import { spendTotpStep, totpStep } from './totp.js';
import { migrateUser } from './user-migration.js';
import { hasTrigger, runTrigger } from './triggers.js';
import { respondUserAuth, sendOtp, setUpEmailMfa, startUserAuth, type PasswordSteps } from './user-auth-operations.js';
import {
  applyAttributes,
  findUser,
  missingRequiredAttributes,
  triggerAttributes,
  userKey,
  validateAttributes,
} from './user-directory.js';

type Input = Record<string, unknown>;
type Params = Record<string, string>;
type Step = Input;

const TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;

function params(value: unknown): Params {
  return (value as Params | undefined) ?? {};
}

function required(map: Params, name: string): string {
  const value = map[name];
  if (value === undefined || value === '') fail('InvalidParameterException', `Missing required parameter ${name}`);
  return value;
}

/**
 * A client allows a flow by its ALLOW_ name; legacy clients always allow SRP and refresh (ExplicitAuthFlows in
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html).
 */
function flowEnabled(client: ClientRecord, flow: string): boolean {
  const flows = client.explicitAuthFlows;
  if (flows.includes(`ALLOW_${flow}`)) return true;
  if (flows.some((f) => f.startsWith('ALLOW_'))) return false;
  if (flow === 'USER_SRP_AUTH' || flow === 'REFRESH_TOKEN_AUTH') return true;
  if (flow === 'USER_PASSWORD_AUTH') return flows.includes('USER_PASSWORD_AUTH');
  if (flow === 'CUSTOM_AUTH') return flows.includes('CUSTOM_AUTH_FLOW_ONLY');
  if (flow === 'ADMIN_USER_PASSWORD_AUTH') return flows.includes('ADMIN_NO_SRP_AUTH');
  return false;
}

/** The flows InitiateAuth takes; the admin password flow belongs to AdminInitiateAuth, and USER_PASSWORD_AUTH only to InitiateAuth. */
const USER_FLOWS = ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_AUTH', 'REFRESH_TOKEN_AUTH'];
const ADMIN_FLOWS = ['USER_SRP_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'CUSTOM_AUTH', 'REFRESH_TOKEN_AUTH'];

export async function initiateAuth(state: ServiceState, input: Input): Promise<Step> {
  const { client, pool } = clientOf(state, String(input.ClientId));
  return startAuth(state, pool, client, input, false);
}

/**
 * The first step of every sign-in, for InitiateAuth and AdminInitiateAuth alike
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminInitiateAuth.html): the
 * admin call adds ADMIN_USER_PASSWORD_AUTH (legacy name ADMIN_NO_SRP_AUTH) and leaves out USER_PASSWORD_AUTH.
 */
export async function startAuth(state: ServiceState, pool: PoolRecord, client: ClientRecord, input: Input, admin: boolean): Promise<Step> {
  const named = String(input.AuthFlow);
  const flow = named === 'REFRESH_TOKEN' ? 'REFRESH_TOKEN_AUTH' : named === 'ADMIN_NO_SRP_AUTH' ? 'ADMIN_USER_PASSWORD_AUTH' : named;
  if (flow === 'USER_AUTH') {
    const auth = params(input.AuthParameters);
    await checkSecretHash(client, required(auth, 'USERNAME'), auth.SECRET_HASH);
    return startUserAuth(state, pool, client, input, auth, passwordSteps(state, pool, client, params(input.ClientMetadata)));
  }
  if (!(admin ? ADMIN_FLOWS : USER_FLOWS).includes(flow)) {
    if ([...USER_FLOWS, ...ADMIN_FLOWS].includes(flow)) fail('InvalidParameterException', `Initiate Auth method not supported.`);
    fail('InvalidParameterException', `1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set`);
  }
  if (!flowEnabled(client, flow)) {
    fail('InvalidParameterException', admin ? 'Auth flow not enabled for this client' : `${flow} flow not enabled for this client`);
  }
  const auth = params(input.AuthParameters);
  if (flow === 'REFRESH_TOKEN_AUTH') {
    const token = required(auth, 'REFRESH_TOKEN');
    if (client.secret) {
      const record = refreshRecordOf(state, token);
      const user = record ? [...pool.users.values()].find((u) => u.sub === record.sub) : undefined;
      await checkSecretHash(client, user?.username ?? '', auth.SECRET_HASH);
    }
    const result = await refreshTokens(state, client, token, undefined, auth.DEVICE_KEY);
    return { ChallengeParameters: {}, AuthenticationResult: result };
  }
  const typed = required(auth, 'USERNAME');
  await checkSecretHash(client, typed, auth.SECRET_HASH);
  const validationData = params(input.ClientMetadata);
  if (flow === 'USER_PASSWORD_AUTH' || flow === 'ADMIN_USER_PASSWORD_AUTH') {
    const password = required(auth, 'PASSWORD');
    const user =
      findUser(pool, typed) ??
      (await migrateUser(state, pool, client, typed, { source: 'UserMigration_Authentication', password, validationData }));
    if (!user) {
      await runPreAuthentication(state, pool, client, { typed }, validationData);
      userNotFound(client);
    }
    checkEnabled(user);
    await runPreAuthentication(state, pool, client, { user }, validationData);
    checkNotLockedOut(user, state.clock);
    if (user.password !== password) wrongPassword(user, state.clock);
    rightPassword(user);
    return afterPassword(state, pool, client, user, 'PASSWORD', [], {}, auth.DEVICE_KEY);
  }
  if (flow === 'USER_SRP_AUTH') {
    const srpA = required(auth, 'SRP_A');
    return passwordVerifierChallenge(state, pool, client, typed, srpA, 'SRP', [], validationData, auth.DEVICE_KEY);
  }
  // CUSTOM_AUTH, with or without an SRP first step.
  if (!hasTrigger(triggerSourceOf(state, pool), 'DefineAuthChallenge')) {
    fail('InvalidParameterException', 'Custom auth lambda trigger is not configured for the user pool.');
  }
  const user = findUser(pool, typed);
  if (!user) {
    await runPreAuthentication(state, pool, client, { typed }, validationData);
    userNotFound(client);
  }
  checkEnabled(user);
  await runPreAuthentication(state, pool, client, { user }, validationData);
  if (auth.SRP_A !== undefined && auth.CHALLENGE_NAME === 'SRP_A') {
    const history: CustomChallengeResult[] = [{ challengeName: 'SRP_A', challengeResult: true }];
    const defined = await defineAuthChallenge(state, pool, client, user, history, {});
    if (defined.challengeName !== 'PASSWORD_VERIFIER') {
      if (defined.failAuthentication) fail('NotAuthorizedException', 'Incorrect username or password.');
      fail('InvalidLambdaResponseException', 'DefineAuthChallenge must answer PASSWORD_VERIFIER after SRP_A.');
    }
    return passwordVerifierChallenge(state, pool, client, typed, auth.SRP_A, 'CUSTOM', history);
  }
  return customStep(state, pool, client, user, [], {});
}

/** The password steps USER_AUTH shares with the password flows. */
function passwordSteps(state: ServiceState, pool: PoolRecord, client: ClientRecord, clientMetadata: Params): PasswordSteps {
  return {
    afterPassword: (user) => afterPassword(state, pool, client, user, 'PASSWORD', [], clientMetadata),
    afterFirstFactor: (user) => afterFirstFactor(state, pool, client, user, 'TokenGeneration_Authentication', clientMetadata),
    passwordVerifier: (user, srpA) => passwordVerifierChallenge(state, pool, client, user.username, srpA, 'SRP', []),
  };
}

function checkEnabled(user: UserRecord): void {
  if (!user.enabled) fail('NotAuthorizedException', 'User is disabled.');
}

/**
 * ENABLED mode answers an unknown name with a believable challenge that can never succeed
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html).
 */
function ghostUser(pool: PoolRecord, typed: string): UserRecord {
  const seed = Buffer.from(`${pool.id}:${typed}`).toString('hex').padEnd(32, '0').slice(0, 32);
  return {
    username: `${seed.slice(0, 8)}-${seed.slice(8, 12)}-4${seed.slice(13, 16)}-8${seed.slice(17, 20)}-${seed.slice(20, 32)}`,
    sub: '',
    attributes: new Map(),
    password: randomBytes(24).toString('base64'),
    salt: seed,
    status: 'CONFIRMED',
    enabled: true,
    createdAt: 0,
    modifiedAt: 0,
    smsMfaEnabled: false,
    smsMfaPreferred: false,
    totpMfaEnabled: false,
    totpMfaPreferred: false,
    attributeCodes: new Map(),
  };
}

async function passwordVerifierChallenge(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  typed: string,
  srpA: string,
  flow: 'SRP' | 'CUSTOM',
  history: CustomChallengeResult[],
  /** Set when this step starts the sign-in (USER_SRP_AUTH): PreAuthentication runs here; CUSTOM_AUTH ran it already. */
  validationData?: Params,
  /** DEVICE_KEY from InitiateAuth, for the device step after the password. */
  deviceKey?: string,
): Promise<Step> {
  let user = findUser(pool, typed);
  if (!user) {
    if (!isUserNotFoundHidden(client)) userNotFound(client);
    if (validationData) await runPreAuthentication(state, pool, client, { typed }, validationData);
    user = ghostUser(pool, typed);
  } else {
    checkEnabled(user);
    if (validationData) await runPreAuthentication(state, pool, client, { user }, validationData);
  }
  checkEnabled(user);
  checkNotLockedOut(user, state.clock);
  const poolName = poolNameOf(pool.id);
  // A user who signed up without a password has none to prove: an unguessable one stands in.
  const password = user.password === '' ? randomBytes(24).toString('base64') : user.password;
  const verifier = await computeSrpVerifier({ poolName, userIdForSrp: user.username, password, salt: user.salt });
  let server: Awaited<ReturnType<typeof startSrpServer>>;
  try {
    server = await startSrpServer({ verifier, srpA });
  } catch (error) {
    throw new LocalCognitoError('InvalidParameterException', error instanceof Error ? error.message : 'Invalid SRP_A');
  }
  const session = openSession(state, client, user, {
    challenge: 'PASSWORD_VERIFIER',
    flow,
    customHistory: history,
    ...(deviceKey !== undefined ? { deviceKey } : {}),
  });
  // SECRET_BLOCK is opaque to clients; it carries the session, so a PASSWORD_VERIFIER answered without Session (as
  // pycognito and warrant send it) finds the same single-use session.
  const secretBlock = secretBlockFor(session);
  const record = state.sessions.get(session)!;
  record.srp = { srpB: server.srpB, secretBlock, verify: server.verify };
  if (user.sub === '') record.username = '';
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: session,
    ChallengeParameters: {
      SALT: user.salt,
      SECRET_BLOCK: secretBlock,
      SRP_B: server.srpB,
      USERNAME: user.username,
      USER_ID_FOR_SRP: user.username,
    },
  };
}

async function defineAuthChallenge(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  history: CustomChallengeResult[],
  clientMetadata: Params,
): Promise<{ challengeName?: string; issueTokens: boolean; failAuthentication: boolean }> {
  const event = await runTrigger(triggerSourceOf(state, pool), 'DefineAuthChallenge', {
    version: '1',
    triggerSource: 'DefineAuthChallenge_Authentication',
    region: state.region,
    userPoolId: pool.id,
    userName: user.username,
    callerContext: callerContext(client),
    request: { userAttributes: triggerAttributes(pool, user), session: history, clientMetadata, userNotFound: false },
    response: { issueTokens: false, failAuthentication: false },
  });
  if (!event) fail('InvalidParameterException', 'Custom auth lambda trigger is not configured for the user pool.');
  return event.response;
}

/** One round of the custom flow: ask DefineAuthChallenge what comes next (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-define-auth-challenge.html). */
async function customStep(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  history: CustomChallengeResult[],
  clientMetadata: Params,
): Promise<Step> {
  const defined = await defineAuthChallenge(state, pool, client, user, history, clientMetadata);
  if (defined.failAuthentication) fail('NotAuthorizedException', 'Incorrect username or password.');
  if (defined.issueTokens) return afterFirstFactor(state, pool, client, user, 'TokenGeneration_Authentication', clientMetadata);
  if (defined.challengeName !== 'CUSTOM_CHALLENGE') {
    fail('InvalidLambdaResponseException', `Unsupported challenge from DefineAuthChallenge: ${String(defined.challengeName)}`);
  }
  const created = await runTrigger(triggerSourceOf(state, pool), 'CreateAuthChallenge', {
    version: '1',
    triggerSource: 'CreateAuthChallenge_Authentication',
    region: state.region,
    userPoolId: pool.id,
    userName: user.username,
    callerContext: callerContext(client),
    request: {
      userAttributes: triggerAttributes(pool, user),
      challengeName: 'CUSTOM_CHALLENGE',
      session: history,
      clientMetadata,
      userNotFound: false,
    },
    response: { publicChallengeParameters: {}, privateChallengeParameters: {} },
  });
  if (!created) fail('InvalidLambdaResponseException', 'CreateAuthChallenge trigger is not configured for the user pool.');
  const publicParameters: Params = {};
  for (const [name, value] of Object.entries(created.response.publicChallengeParameters ?? {})) publicParameters[name] = String(value);
  const session = openSession(state, client, user, {
    challenge: 'CUSTOM_CHALLENGE',
    flow: 'CUSTOM',
    customHistory: history,
    privateChallengeParameters: created.response.privateChallengeParameters ?? {},
    ...(created.response.challengeMetadata !== undefined ? { challengeMetadata: created.response.challengeMetadata } : {}),
  });
  return {
    ChallengeName: 'CUSTOM_CHALLENGE',
    Session: session,
    ChallengeParameters: { ...publicParameters, USERNAME: user.username },
  };
}

/** Status checks once the password is proven (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html), then custom continuation or MFA. */
async function afterPassword(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  flow: SessionRecord['flow'],
  history: CustomChallengeResult[],
  clientMetadata: Params,
  deviceKey?: string,
): Promise<Step> {
  if (user.status === 'UNCONFIRMED') fail('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') {
    if (isUserNotFoundHidden(client)) fail('NotAuthorizedException', 'Incorrect username or password.');
    fail('PasswordResetRequiredException', 'Password reset required for the user');
  }
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (user.temporaryPasswordExpiresAt !== undefined && state.clock.now() > user.temporaryPasswordExpiresAt) {
      fail('NotAuthorizedException', 'Temporary password has expired and must be reset by an administrator.');
    }
    const attributes = Object.fromEntries([...user.attributes].filter(([name]) => name !== 'sub'));
    const missing = missingRequiredAttributes(pool, user.attributes).map((name) => `userAttributes.${name}`);
    const session = openSession(state, client, user, {
      challenge: 'NEW_PASSWORD_REQUIRED',
      flow,
      customHistory: history,
      ...(deviceKey !== undefined ? { deviceKey } : {}),
    });
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      // Both always present as JSON strings: amazon-cognito-identity-js parses them unconditionally (trap 6).
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: JSON.stringify(missing),
        userAttributes: JSON.stringify(attributes),
      },
    };
  }
  if (flow === 'CUSTOM') {
    return customStep(state, pool, client, user, [...history, { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }], clientMetadata);
  }
  return afterFirstFactor(state, pool, client, user, 'TokenGeneration_Authentication', clientMetadata, deviceKey);
}

/**
 * A DEVICE_KEY naming a confirmed device of the user asks for the device's proof (DEVICE_SRP_AUTH) before MFA; a
 * key the pool does not know (forgotten, or another user's) is refused as on Cognito, so clients drop it and sign
 * in again without it.
 */
async function afterFirstFactor(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  source: TokenSource,
  clientMetadata: Params,
  deviceKey?: string,
): Promise<Step> {
  if (!deviceSettingsOf(pool).tracking || deviceKey === undefined) return mfaThenTokens(state, pool, client, user, source, clientMetadata);
  const device = user.devices?.get(deviceKey);
  if (!device) deviceNotFound();
  if (device.verifier !== undefined) return deviceSrpChallenge(state, client, user, device);
  return mfaThenTokens(state, pool, client, user, source, clientMetadata, deviceKey);
}

/**
 * Tokens at the end of a sign-in. With device tracking on, a sign-in that named no device gets a new one in
 * NewDeviceMetadata (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_NewDeviceMetadataType.html).
 */
async function finishSignIn(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  source: TokenSource,
  clientMetadata: Params,
  deviceKey: string | undefined,
): Promise<Step> {
  const issued = deviceKey === undefined && deviceSettingsOf(pool).tracking ? issueDevice(state, user) : undefined;
  const tied = deviceKey ?? issued?.key;
  const result = await issueTokens(state, pool, client, user, { source, clientMetadata, ...(tied !== undefined ? { deviceKey: tied } : {}) });
  return {
    ChallengeParameters: {},
    AuthenticationResult: issued ? { ...result, NewDeviceMetadata: { DeviceKey: issued.key, DeviceGroupKey: issued.groupKey } } : result,
  };
}

/** MFA selection (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html), then tokens. */
async function mfaThenTokens(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  source: TokenSource,
  clientMetadata: Params,
  deviceKey?: string,
): Promise<Step> {
  const next = nextMfaStep(pool, user);
  if (next.kind === 'none') return finishSignIn(state, pool, client, user, source, clientMetadata, deviceKey);
  const device = deviceKey !== undefined ? { deviceKey } : {};
  if (next.kind === 'challenge') return mfaChallenge(state, pool, client, user, next.challenge, clientMetadata, deviceKey);
  if (next.kind === 'select') {
    const session = openSession(state, client, user, { challenge: 'SELECT_MFA_TYPE', flow: 'PASSWORD', mfasCanChoose: next.choices, ...device });
    return {
      ChallengeName: 'SELECT_MFA_TYPE',
      Session: session,
      ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(next.choices), USER_ID_FOR_SRP: user.username },
    };
  }
  if (next.choices.length === 0) fail('InvalidUserPoolConfigurationException', 'MFA is required but no MFA type is enabled.');
  const session = openSession(state, client, user, { challenge: 'MFA_SETUP', flow: 'PASSWORD', ...device });
  return {
    ChallengeName: 'MFA_SETUP',
    Session: session,
    ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(next.choices), USER_ID_FOR_SRP: user.username },
  };
}

async function mfaChallenge(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  challenge: MfaChallenge,
  clientMetadata: Params,
  deviceKey: string | undefined,
): Promise<Step> {
  if (challenge === 'EMAIL_OTP') return sendOtp(state, pool, client, user, 'EMAIL_OTP', true);
  const device = deviceKey !== undefined ? { deviceKey } : {};
  if (challenge === 'SOFTWARE_TOKEN_MFA') {
    const session = openSession(state, client, user, { challenge, flow: 'PASSWORD', ...device });
    return { ChallengeName: challenge, Session: session, ChallengeParameters: { USER_ID_FOR_SRP: user.username } };
  }
  const code = randomCode();
  const sent = deliver(state, pool, user, 'SMS', code, 'Authentication', client.authSessionMinutes * 60_000);
  await customiseMessage(state, pool, user, sent, { source: 'CustomMessage_Authentication', clientId: client.id, clientMetadata });
  const session = openSession(state, client, user, { challenge, flow: 'PASSWORD', smsCode: code, ...device });
  return {
    ChallengeName: 'SMS_MFA',
    Session: session,
    ChallengeParameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
      CODE_DELIVERY_DESTINATION: maskPhone(user.attributes.get('phone_number') ?? ''),
      USER_ID_FOR_SRP: user.username,
    },
  };
}

function secretBlockFor(session: string): string {
  return Buffer.from(session, 'utf8').toString('base64');
}

/**
 * The session a response is for. PASSWORD_VERIFIER may come without Session (Cognito accepts it; the state travels
 * in SECRET_BLOCK); every other challenge needs one.
 */
function sessionIdOf(input: Input, challengeName: string, responses: Params): string | undefined {
  if (typeof input.Session === 'string') return input.Session;
  const block = responses.PASSWORD_CLAIM_SECRET_BLOCK;
  if ((challengeName !== 'PASSWORD_VERIFIER' && challengeName !== 'DEVICE_PASSWORD_VERIFIER') || !block) return undefined;
  const named = Buffer.from(block, 'base64').toString('utf8');
  // A block that names no session is looked up as it is: found nowhere, it is an invalid session.
  return secretBlockFor(named) === block ? named : block;
}

/**
 * Every session and code here is spent once. The pattern, in each branch: whatever must be awaited (SECRET_HASH)
 * comes first; then the session is looked up again and checked, the answer compared, and the session spent or the
 * wrong answer counted, with no `await` in between — so of concurrent answers exactly one gets past. Async work
 * (SRP proof, triggers, token signing) comes after the session is spent. If that work fails the session stays
 * spent: Cognito issues a new session only with a successful step, and the client starts the sign-in again.
 */
export async function respondToAuthChallenge(state: ServiceState, input: Input): Promise<Step> {
  const { client, pool } = clientOf(state, String(input.ClientId));
  const challengeName = String(input.ChallengeName);
  const responses = params(input.ChallengeResponses);
  const clientMetadata = params(input.ClientMetadata);
  const sessionId = sessionIdOf(input, challengeName, responses);
  // A first look, without spending: problems with the request are reported in Cognito's order.
  const first = sessionOf(state, client.id, sessionId);
  const typed = required(responses, 'USERNAME');
  if (first.challenge !== challengeName) {
    fail('InvalidParameterException', `Invalid challenge: expected ${first.challenge}, got ${challengeName}`);
  }
  const sessionUser = (record: SessionRecord) => (record.username === '' ? undefined : pool.users.get(userKey(pool, record.username)));
  const firstUser = sessionUser(first);
  if (firstUser && findUser(pool, typed) !== firstUser) fail('NotAuthorizedException', 'Invalid session for the user.');
  await checkSecretHash(client, typed, responses.SECRET_HASH);

  // ---- No await from here until the session is spent or the wrong answer counted. ----
  const session = sessionOf(state, client.id, sessionId);
  const user = sessionUser(session);
  if (!user) {
    spendSession(session);
    // A ghost session (ENABLED mode, unknown user) fails as a wrong password would; so does a deleted user's.
    fail('NotAuthorizedException', 'Incorrect username or password.');
  }
  checkEnabled(user);
  switch (challengeName) {
    case 'PASSWORD_VERIFIER': {
      const secretBlock = required(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
      const signature = required(responses, 'PASSWORD_CLAIM_SIGNATURE');
      const timestamp = required(responses, 'TIMESTAMP');
      const held = spendSession(session);
      const srp = held.srp;
      if (!srp) fail('NotAuthorizedException', 'Invalid session for the user.');
      // The proof is checked asynchronously: count the attempt against the lockout first, in this same step.
      reservePasswordAttempt(user, state.clock);
      if (secretBlock !== srp.secretBlock) reservedAttemptFailed();
      const when = parseSrpTimestamp(timestamp);
      if (!when || Math.abs(when.getTime() - state.clock.now()) > TIMESTAMP_WINDOW_MS) reservedAttemptFailed();
      const ok = await srp.verify({ poolName: poolNameOf(pool.id), userIdForSrp: user.username, secretBlock, timestamp, signature });
      if (!ok) reservedAttemptFailed();
      rightPassword(user);
      return afterPassword(state, pool, client, user, held.flow, held.customHistory ?? [], clientMetadata, responses.DEVICE_KEY ?? held.deviceKey);
    }
    case 'SMS_MFA': {
      const code = required(responses, 'SMS_MFA_CODE');
      if (code !== session.smsCode) wrongAnswer(session);
      const held = spendSession(session);
      return finishSignIn(state, pool, client, user, 'TokenGeneration_Authentication', clientMetadata, held.deviceKey);
    }
    case 'SOFTWARE_TOKEN_MFA': {
      const code = required(responses, 'SOFTWARE_TOKEN_MFA_CODE');
      if (!user.totpSecret) fail('SoftwareTokenMFANotFoundException', 'Software Token MFA does not exist for the user.');
      const step = totpStep(user.totpSecret, code, state.clock.now());
      if (step === undefined) wrongAnswer(session);
      // A TOTP code is spent once it was accepted, by a sign-in or by VerifySoftwareToken.
      const spent = spendTotpStep(user.totpUsedSteps, step, state.clock.now());
      user.totpUsedSteps = spent.used;
      if (!spent.ok) wrongAnswer(session, 'ExpiredCodeException', 'Your software token has already been used once.');
      const held = spendSession(session);
      return finishSignIn(state, pool, client, user, 'TokenGeneration_Authentication', clientMetadata, held.deviceKey);
    }
    case 'SELECT_MFA_TYPE': {
      const answer = required(responses, 'ANSWER');
      if (!session.mfasCanChoose?.includes(answer)) fail('InvalidParameterException', `Invalid MFA type: ${answer}`);
      const held = spendSession(session);
      return mfaChallenge(state, pool, client, user, answer as MfaChallenge, clientMetadata, held.deviceKey);
    }
    case 'MFA_SETUP': {
      if (responses.EMAIL !== undefined && !session.totpSetupVerified) return setUpEmailMfa(state, pool, client, user, session, responses.EMAIL);
      if (!session.totpSetupVerified) {
        fail('InvalidParameterException', 'Software token must be verified (VerifySoftwareToken) before answering MFA_SETUP.');
      }
      const held = spendSession(session);
      return finishSignIn(state, pool, client, user, 'TokenGeneration_Authentication', clientMetadata, held.deviceKey);
    }
    case 'SELECT_CHALLENGE':
    case 'EMAIL_OTP':
    case 'SMS_OTP':
    case 'WEB_AUTHN':
      return respondUserAuth(state, pool, client, user, session, challengeName, responses, passwordSteps(state, pool, client, clientMetadata));
    case 'CUSTOM_CHALLENGE': {
      const answer = required(responses, 'ANSWER');
      const held = spendSession(session);
      const verified = await runTrigger(triggerSourceOf(state, pool), 'VerifyAuthChallengeResponse', {
        version: '1',
        triggerSource: 'VerifyAuthChallengeResponse_Authentication',
        region: state.region,
        userPoolId: pool.id,
        userName: user.username,
        callerContext: callerContext(client),
        request: {
          userAttributes: triggerAttributes(pool, user),
          privateChallengeParameters: held.privateChallengeParameters ?? {},
          challengeAnswer: answer,
          clientMetadata,
          userNotFound: false,
        },
        response: { answerCorrect: false },
      });
      if (!verified) fail('InvalidLambdaResponseException', 'VerifyAuthChallengeResponse trigger is not configured for the user pool.');
      const history: CustomChallengeResult[] = [
        ...(held.customHistory ?? []),
        {
          challengeName: 'CUSTOM_CHALLENGE',
          challengeResult: verified.response.answerCorrect === true,
          ...(held.challengeMetadata !== undefined ? { challengeMetadata: held.challengeMetadata } : {}),
        },
      ];
      return customStep(state, pool, client, user, history, clientMetadata);
    }
    case 'NEW_PASSWORD_REQUIRED': {
      const password = required(responses, 'NEW_PASSWORD');
      const written: Array<{ Name: string; Value: string }> = [];
      for (const [key, value] of Object.entries(responses)) {
        if (key.startsWith('userAttributes.')) written.push({ Name: key.slice('userAttributes.'.length), Value: value });
      }
      const changes = validateAttributes(pool, written, { admin: false, creating: false });
      const merged = new Map(user.attributes);
      for (const [name, value] of changes) merged.set(name, value);
      const missing = missingRequiredAttributes(pool, merged);
      if (missing[0]) fail('InvalidParameterException', `Invalid attributes given, ${missing[0]} is missing`);
      // A refused password or attribute leaves the session for another try; only a valid answer spends it.
      enforcePasswordPolicy(pool.passwordPolicy, password);
      const held = spendSession(session);
      applyAttributes(user, changes);
      user.password = password;
      user.status = 'CONFIRMED';
      delete user.temporaryPasswordExpiresAt;
      user.modifiedAt = state.clock.now();
      if (held.flow === 'CUSTOM') {
        return customStep(state, pool, client, user, [...(held.customHistory ?? []), { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }], clientMetadata);
      }
      return afterFirstFactor(state, pool, client, user, 'TokenGeneration_NewPasswordChallenge', clientMetadata, held.deviceKey);
    }
    case 'DEVICE_SRP_AUTH': {
      const deviceKey = required(responses, 'DEVICE_KEY');
      const srpA = required(responses, 'SRP_A');
      if (deviceKey !== session.deviceKey) deviceNotFound();
      const device = confirmedDevice(user, deviceKey);
      spendSession(session);
      return devicePasswordVerifierChallenge(state, client, user, device, srpA, secretBlockFor);
    }
    case 'DEVICE_PASSWORD_VERIFIER': {
      const claim = {
        secretBlock: required(responses, 'PASSWORD_CLAIM_SECRET_BLOCK'),
        signature: required(responses, 'PASSWORD_CLAIM_SIGNATURE'),
        timestamp: required(responses, 'TIMESTAMP'),
      };
      const held = spendSession(session);
      const device = confirmedDevice(user, held.deviceKey ?? '');
      await verifyDeviceClaim(state, held, device, claim);
      // The device stands in for MFA only when it is remembered and the pool says so.
      if (deviceSettingsOf(pool).challengeRequiredOnNewDevice && device.remembered) {
        return finishSignIn(state, pool, client, user, 'TokenGeneration_AuthenticateDevice', clientMetadata, device.key);
      }
      return mfaThenTokens(state, pool, client, user, 'TokenGeneration_Authentication', clientMetadata, device.key);
    }
    default:
      fail('InvalidParameterException', `Unsupported challenge: ${challengeName}`);
  }
}

export async function getTokensFromRefreshToken(state: ServiceState, input: Input): Promise<Input> {
  const { client } = clientOf(state, String(input.ClientId));
  checkClientSecret(client, input.ClientSecret as string | undefined);
  if (!flowEnabled(client, 'REFRESH_TOKEN_AUTH')) fail('InvalidParameterException', 'REFRESH_TOKEN_AUTH flow not enabled for this client');
  const deviceKey = typeof input.DeviceKey === 'string' ? input.DeviceKey : undefined;
  const result = await refreshTokens(state, client, String(input.RefreshToken), params(input.ClientMetadata), deviceKey);
  return { AuthenticationResult: result };
}
