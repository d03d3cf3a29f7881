import * as OTPAuth from 'otpauth';
import {
  createLocalCognito,
  createLocalUserPool,
  localTransport,
  manualClock,
  startLocalCognito,
  totpCode,
  type LocalCognitoServer,
  type LocalTriggers,
  type LocalUserPool,
} from '@cognito-auth-machine/local-pool';
import type { Transport } from '../../services/transport.js';
import type { ModelEventType } from './auth-model.js';
import type { CognitoLocal, CreatedPool } from '../support/cognito-local.js';

// The HTTP backends load the AWS SDK when they start: the mutation run, in process only, starts a worker per mutant.
const sdkTransportModule = () => import('../../adapters/sdk-transport.js');
const fetchTransportModule = () => import('../../adapters/fetch-transport.js');
const sdkCommands = () => import('@aws-sdk/client-cognito-identity-provider');

/*
 * Where model paths run. A backend opens a fresh "world" for each path (a pool, an admin API, the codes it
 * sent); a feature it lacks is named with the reason, so that paths needing it are listed, not dropped.
 */

export type Feature =
  | 'triggers'
  | 'resendCode'
  | 'globalSignOut'
  | 'smsMfa'
  | 'mfaSetup'
  | 'emailMfaSetup'
  | 'srp'
  | 'customAuth'
  | 'passwordPolicy'
  | 'sessionExpiry'
  | 'resetRequired'
  | 'accountActions'
  | 'deviceTracking'
  | 'passwordless'
  | 'passkeys'
  | 'emailMfa';

export type CodePurpose = 'SignUp' | 'ForgotPassword' | 'Authentication' | 'UpdateUserAttribute';

export interface WorldOptions {
  /** MFA ON in the pool (needed for MFA_SETUP); otherwise OPTIONAL. */
  mfaRequired: boolean;
  /** The pool tracks devices, remembered only when the user asks (REMEMBER_DEVICE); MFA optional. */
  deviceTracking?: boolean;
  /** MFA ON with email MFA beside TOTP: MFA_SETUP offers both. */
  emailMfa?: boolean;
}

export interface World {
  /** The transport the machine under test uses. */
  transport: Transport;
  /** A transport for arranging users (same server, never faulted). */
  arrange: Transport;
  userPoolId: string;
  clientId: string;
  createConfirmedUser(username: string, password: string, attributes: Record<string, string>): Promise<void>;
  createTemporaryUser(username: string, temporaryPassword: string, attributes: Record<string, string>): Promise<void>;
  enableSmsMfa(username: string, preferred: boolean): Promise<void>;
  /** AdminSetUserMFAPreference: email MFA on for the user (the MFA-optional pool sends MFA codes by email). */
  enableEmailMfa(username: string, preferred: boolean): Promise<void>;
  /** AdminUpdateUserAttributes: the user gets a phone number. */
  addPhone(username: string, phoneNumber: string): Promise<void>;

  /** AdminResetUserPassword: the user must set a new password before signing in. */
  requirePasswordReset(username: string): Promise<void>;
  /** The newest code of that purpose sent to the user. */
  code(username: string, purpose: CodePurpose): string;
  totp(secret: string): string;
  /** Let the pool's clock pass the life of a challenge's session, and a TOTP step. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export interface Backend {
  name: string;
  unsupported: Partial<Record<Feature, string>>;
  /** Where this backend names an exception differently from Cognito: the name it gives, by model step. */
  errorNames?: Partial<Record<ModelEventType, string>>;
  setup(): Promise<void>;
  open(options: WorldOptions): Promise<World>;
  teardown(): Promise<void>;
}

/** PreSignUp confirms when asked to; custom auth: "2 + 2", another round on request, any other answer fails. */
export const modelTriggers: LocalTriggers = {
  PreSignUp: async (event) => {
    if (event.request.clientMetadata?.autoConfirm === 'yes') event.response.autoConfirmUser = true;
    return event;
  },
  DefineAuthChallenge: async (event) => {
    const last = event.request.session.at(-1);
    if (!last) event.response.challengeName = 'CUSTOM_CHALLENGE';
    else if (last.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
    else if (event.request.clientMetadata?.retry === 'yes' && event.request.session.length < 3) {
      event.response.challengeName = 'CUSTOM_CHALLENGE';
    } else event.response.failAuthentication = true;
    return event;
  },
  CreateAuthChallenge: async (event) => {
    event.response.publicChallengeParameters = { question: '2 + 2' };
    event.response.privateChallengeParameters = { answer: '4' };
    return event;
  },
  VerifyAuthChallengeResponse: async (event) => {
    event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  },
};

const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' };
const attributeList = (attributes: Record<string, string>) => Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));

interface LocalFixture {
  clock: ReturnType<typeof manualClock>;
  pools: { optional: LocalUserPool; required: LocalUserPool; devices: LocalUserPool; emailMfa: LocalUserPool };
  server: LocalCognitoServer;
}

/*
 * One service for both local backends, with two pools (MFA optional, MFA required) shared by all paths: a pool
 * makes its RSA signing key on first use, which costs a second or two, so a pool per path would dominate the run.
 * Paths stay independent through fresh users. The clock is manual so that paths can let a session expire.
 */
let fixture: Promise<LocalFixture> | undefined;

function localFixture(): Promise<LocalFixture> {
  fixture ??= (async () => {
    const clock = manualClock(Date.now());
    const cognito = createLocalCognito({ clock });
    // Email MFA only where MFA is optional: where it is required, a user with a verified email and no factor
    // would get EMAIL_OTP instead of MFA_SETUP.
    const pool = (mfa: 'ON' | 'OPTIONAL') =>
      createLocalUserPool({
        cognito,
        triggers: modelTriggers,
        pool: {
          SmsConfiguration: SMS,
          MfaConfiguration: mfa,
          Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] } },
        },
        client: {
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        },
        // Passkeys for pages on localhost (the software authenticator of the runs signs for that origin).
        mfa: {
          SoftwareTokenMfaConfiguration: { Enabled: true },
          WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' },
          ...(mfa === 'OPTIONAL' ? { EmailMfaConfiguration: {} } : {}),
        },
      });
    const devices = await createLocalUserPool({
      cognito,
      triggers: modelTriggers,
      pool: {
        SmsConfiguration: SMS,
        MfaConfiguration: 'OPTIONAL',
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      },
      mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } },
    });
    // MFA required, TOTP and email offered: the model's users with neither (nor a verified email) are asked to choose.
    const emailMfa = await createLocalUserPool({
      cognito,
      pool: { SmsConfiguration: SMS, MfaConfiguration: 'ON' },
      mfa: { SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Message: 'MFA code {####}' } },
    });
    const pools = { optional: await pool('OPTIONAL'), required: await pool('ON'), devices, emailMfa };
    const server = await startLocalCognito({ cognito });
    return { clock, pools, server };
  })();
  return fixture;
}

async function closeLocalFixture(): Promise<void> {
  const current = fixture;
  fixture = undefined;
  if (current) await (await current).server.close();
}

/** How the machine under test reaches the local pool: a direct call, or HTTP through the AWS SDK or fetch. */
type LocalWire = 'in-process' | 'sdk' | 'fetch';

async function localWorld(options: WorldOptions, wire: LocalWire): Promise<World> {
  const { clock, pools, server } = await localFixture();
  if (options.mfaRequired && options.deviceTracking) throw new Error('no model pool both requires MFA and tracks devices');
  const pool = options.deviceTracking
    ? pools.devices
    : options.emailMfa
      ? pools.emailMfa
      : options.mfaRequired
        ? pools.required
        : pools.optional;
  // Each path starts at the time of day: earlier paths moved the pool's clock on (sessions expired, TOTP steps), and
  // an SRP proof's TIMESTAMP, taken from this machine's clock, must be within five minutes of the pool's.
  clock.set(Date.now());
  // No retries: a model step expects one call per request, and the fault sweep counts them.
  const transport =
    wire === 'sdk' ? (await sdkTransportModule()).sdkTransport({ endpoint: server.endpoint, maxAttempts: 1 })
    : wire === 'fetch' ? (await fetchTransportModule()).fetchTransport({ endpoint: server.endpoint, retries: { maxAttempts: 1 } })
    : localTransport(pool);
  return {
    transport,
    arrange: localTransport(pool),
    userPoolId: pool.userPoolId,
    clientId: pool.clientId,
    async createConfirmedUser(username, password, attributes) {
      await pool.admin.createUser(username, { attributes: attributeList(attributes), suppress: true });
      await pool.admin.setPassword(username, password, true);
    },
    async createTemporaryUser(username, temporaryPassword, attributes) {
      await pool.admin.createUser(username, { attributes: attributeList(attributes), temporaryPassword, suppress: true });
    },
    async enableSmsMfa(username, preferred) {
      await pool.admin.setMfaPreference(username, { sms: { Enabled: true, PreferredMfa: preferred } });
    },
    async enableEmailMfa(username, preferred) {
      await pool.admin.send('AdminSetUserMFAPreference', { Username: username, EmailMfaSettings: { Enabled: true, PreferredMfa: preferred } });
    },
    async addPhone(username, phoneNumber) {
      await pool.admin.updateAttributes(username, [{ Name: 'phone_number', Value: phoneNumber }]);
    },

    async requirePasswordReset(username) {
      await pool.admin.send('AdminResetUserPassword', { Username: username });
    },
    code(username, purpose) {
      const code = pool.lastCode(username, purpose);
      if (!code) throw new Error(`no ${purpose} code was sent to ${username}`);
      return code;
    },
    totp: (secret) => totpCode(secret, clock.now()),
    advance: (ms) => clock.advance(ms),
    close: async () => undefined,
  };
}

export const inProcessBackend: Backend = {
  name: 'local pool, in process',
  unsupported: {},
  setup: async () => {
    await localFixture();
  },
  open: (options) => localWorld(options, 'in-process'),
  teardown: closeLocalFixture,
};

export const httpBackend: Backend = {
  name: 'local pool over HTTP (AWS SDK)',
  unsupported: {},
  setup: async () => {
    await localFixture();
  },
  open: (options) => localWorld(options, 'sdk'),
  teardown: closeLocalFixture,
};

export const fetchBackend: Backend = {
  name: 'local pool over HTTP (fetch)',
  unsupported: {},
  setup: async () => {
    await localFixture();
  },
  open: (options) => localWorld(options, 'fetch'),
  teardown: closeLocalFixture,
};

/** cognito-local 5.3 (docs/cognito-local.md): one emulator and pool for all paths, fresh users per path. */
export function cognitoLocalBackend(): Backend {
  let emulator: CognitoLocal | undefined;
  let pool: CreatedPool | undefined;
  return {
    name: 'cognito-local (AWS SDK)',
    unsupported: {
      triggers: 'Lambda triggers need a Lambda endpoint (no PreSignUp auto-confirmation offline)',
      customAuth: 'CUSTOM_AUTH answers 500 Unsupported',
      srp: 'USER_SRP_AUTH answers 500 Unsupported',
      resendCode: 'ResendConfirmationCode is not implemented',
      globalSignOut: 'GlobalSignOut is not implemented',
      smsMfa: 'SMS MFA needs legacy MFAOptions that no supported operation sets',
      mfaSetup: 'MFA_SETUP is never issued',
      emailMfaSetup: 'MFA_SETUP is never issued, and there is no email MFA',
      passwordPolicy: 'no password policy is enforced',
      sessionExpiry: 'challenge sessions are never checked, so they never expire',
      resetRequired: 'AdminResetUserPassword is not implemented (no user can be in RESET_REQUIRED)',
      passwordless: 'USER_AUTH (choice-based sign-in) is not implemented',
      passkeys: 'the WebAuthn operations are not implemented',
      emailMfa: 'email MFA (EMAIL_OTP after the password) is not implemented',
      accountActions: 'the account actions are run against the local pool only (GlobalSignOut, which their revoked steps need, is missing here)',
      deviceTracking: 'the pool here does not track devices',
    },
    errorNames: { 'SIGN_IN/wrongPassword': 'InvalidPasswordException' },
    async setup() {
      const { startCognitoLocal } = await import('../support/cognito-local.js');
      emulator = await startCognitoLocal();
      pool = await emulator.createPool({ mfa: 'OPTIONAL' });
    },
    async open() {
      if (!emulator || !pool) throw new Error('cognito-local is not started');
      const { admin, code } = emulator;
      const { userPoolId, clientId } = pool;
      const transport = (await sdkTransportModule()).sdkTransport({ endpoint: emulator.endpoint, maxAttempts: 1 });
      const { AdminConfirmSignUpCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand } = await sdkCommands();
      return {
        transport,
        arrange: transport,
        userPoolId,
        clientId,
        async createConfirmedUser(username, password, attributes) {
          await admin.send(
            new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attributeList(attributes) }),
          );
          await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
          await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: username })).catch(() => undefined);
        },
        async createTemporaryUser(username, temporaryPassword, attributes) {
          await admin.send(
            new AdminCreateUserCommand({
              UserPoolId: userPoolId,
              Username: username,
              TemporaryPassword: temporaryPassword,
              MessageAction: 'SUPPRESS',
              UserAttributes: attributeList(attributes),
            }),
          );
        },
        async enableSmsMfa() {
          throw new Error('cognito-local cannot enable SMS MFA');
        },
        async enableEmailMfa() {
          throw new Error('cognito-local has no email MFA');
        },
        async addPhone() {
          throw new Error('cognito-local cannot enable SMS MFA, which is what a phone is added for');
        },

        async requirePasswordReset() {
          throw new Error('cognito-local has no AdminResetUserPassword');
        },
        code: () => code,
        totp: (secret) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate(),
        advance: () => undefined,
        close: async () => undefined,
      };
    },
    async teardown() {
      await emulator?.stop();
    },
  };
}

export function modelBackends(): Backend[] {
  const all: Record<string, () => Backend> = {
    'in-process': () => inProcessBackend,
    http: () => httpBackend,
    fetch: () => fetchBackend,
    'cognito-local': cognitoLocalBackend,
  };
  // MODEL_BACKENDS=in-process,http narrows the run (the mutation run uses the in-process backend only).
  const chosen = process.env.MODEL_BACKENDS?.split(',').map((name) => name.trim()) ?? Object.keys(all);
  return chosen.map((name) => {
    const make = all[name];
    if (!make) throw new Error(`unknown model backend "${name}"; known: ${Object.keys(all).join(', ')}`);
    return make();
  });
}
