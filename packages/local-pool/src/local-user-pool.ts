import type { Clock } from './clock.js';
import { createLocalCognito, type DeliveredMessage, type LocalCognito } from './local-cognito.js';
import type { LocalTriggers } from './triggers.js';

type Attributes = Array<{ Name: string; Value?: string }>;

export interface LocalUserPoolOptions {
  /** CreateUserPool input; PoolName defaults to `local-pool`, AutoVerifiedAttributes to `['email']`. */
  pool?: Record<string, unknown>;
  /**
   * CreateUserPoolClient input; ClientName defaults to `local-client` and ExplicitAuthFlows to SRP, password,
   * custom and refresh (Cognito's API default leaves out USER_PASSWORD_AUTH).
   */
  client?: Record<string, unknown>;
  /** SetUserPoolMfaConfig input (without UserPoolId), applied after creation, e.g. to enable TOTP. */
  mfa?: Record<string, unknown>;
  /** Trigger functions for this pool only. */
  triggers?: LocalTriggers;
  clock?: Clock;
  /** Add the pool to an existing service instead of creating one. */
  cognito?: LocalCognito;
}

/** Thin typed wrappers over the admin operations, addressed by username (or alias). */
export interface LocalPoolAdmin {
  send(operation: string, input: Record<string, unknown>): Promise<unknown>;
  createUser(username: string, options?: { attributes?: Attributes; temporaryPassword?: string; suppress?: boolean }): Promise<unknown>;
  setPassword(username: string, password: string, permanent?: boolean): Promise<void>;
  confirmSignUp(username: string): Promise<void>;
  getUser(username: string): Promise<Record<string, unknown>>;
  updateAttributes(username: string, attributes: Attributes): Promise<void>;
  setMfaPreference(
    username: string,
    settings: { sms?: { Enabled?: boolean; PreferredMfa?: boolean }; totp?: { Enabled?: boolean; PreferredMfa?: boolean } },
  ): Promise<void>;
  deleteUser(username: string): Promise<void>;
}

export interface LocalUserPool {
  cognito: LocalCognito;
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
  /** This pool's part of the outbox. */
  messages(): DeliveredMessage[];
  /** The newest code sent to this user (by internal username or by the address it went to), optionally by purpose. */
  lastCode(username: string, purpose?: DeliveredMessage['purpose'] | (string & {})): string | undefined;
  admin: LocalPoolAdmin;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** One service (new or given), one pool and one app client: the usual setup for a test or a demo. */
export async function createLocalUserPool(options: LocalUserPoolOptions = {}): Promise<LocalUserPool> {
  const cognito = options.cognito ?? createLocalCognito(options.clock ? { clock: options.clock } : {});
  const created = asRecord(
    await cognito.send('CreateUserPool', { PoolName: 'local-pool', AutoVerifiedAttributes: ['email'], ...options.pool }),
  );
  const userPoolId = String(asRecord(created.UserPool).Id);
  if (options.triggers) cognito.setPoolTriggers(userPoolId, options.triggers);
  if (options.mfa) await cognito.send('SetUserPoolMfaConfig', { ...options.mfa, UserPoolId: userPoolId });
  const client = asRecord(
    asRecord(
      await cognito.send('CreateUserPoolClient', {
        ClientName: 'local-client',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        ...options.client,
        UserPoolId: userPoolId,
      }),
    ).UserPoolClient,
  );
  return handleOf(cognito, userPoolId, String(client.ClientId), typeof client.ClientSecret === 'string' ? client.ClientSecret : undefined);
}

/**
 * A handle on a pool that already exists in the service, such as one a data folder kept from an earlier run.
 * Trigger functions are not kept with the data: give them again here.
 */
export function openLocalUserPool(options: {
  cognito: LocalCognito;
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
  triggers?: LocalTriggers;
}): LocalUserPool {
  if (options.triggers) options.cognito.setPoolTriggers(options.userPoolId, options.triggers);
  return handleOf(options.cognito, options.userPoolId, options.clientId, options.clientSecret);
}

function handleOf(cognito: LocalCognito, userPoolId: string, clientId: string, clientSecret: string | undefined): LocalUserPool {
  const send = (operation: string, input: Record<string, unknown>) => cognito.send(operation, { UserPoolId: userPoolId, ...input });
  const messages = () => cognito.messages().filter((m) => m.userPoolId === userPoolId);
  const admin: LocalPoolAdmin = {
    send,
    createUser: (username, o = {}) =>
      send('AdminCreateUser', {
        Username: username,
        ...(o.attributes ? { UserAttributes: o.attributes } : {}),
        ...(o.temporaryPassword ? { TemporaryPassword: o.temporaryPassword } : {}),
        ...(o.suppress ? { MessageAction: 'SUPPRESS' } : {}),
      }),
    setPassword: async (username, password, permanent = true) => {
      await send('AdminSetUserPassword', { Username: username, Password: password, Permanent: permanent });
    },
    confirmSignUp: async (username) => {
      await send('AdminConfirmSignUp', { Username: username });
    },
    getUser: async (username) => asRecord(await send('AdminGetUser', { Username: username })),
    updateAttributes: async (username, attributes) => {
      await send('AdminUpdateUserAttributes', { Username: username, UserAttributes: attributes });
    },
    setMfaPreference: async (username, settings) => {
      await send('AdminSetUserMFAPreference', {
        Username: username,
        ...(settings.sms ? { SMSMfaSettings: settings.sms } : {}),
        ...(settings.totp ? { SoftwareTokenMfaSettings: settings.totp } : {}),
      });
    },
    deleteUser: async (username) => {
      await send('AdminDeleteUser', { Username: username });
    },
  };
  return {
    cognito,
    userPoolId,
    clientId,
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    messages,
    lastCode(username, purpose) {
      const found = messages()
        .filter((m) => m.code !== '' && (m.username === username || m.destination === username) && (!purpose || m.purpose === purpose))
        .pop();
      return found?.code;
    },
    admin,
  };
}
