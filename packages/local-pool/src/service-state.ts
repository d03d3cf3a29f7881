import { randomBytes, randomInt } from 'node:crypto';
import { secretHash } from 'cognito-auth-machine/protocol';
import type { Clock } from './clock.js';
import { fail } from './local-cognito-error.js';
import type { ClientRecord, PoolRecord, RefreshRecord, SessionRecord, UserRecord } from './pool-records.js';
import type { LocalTriggers, TriggerSource } from './triggers.js';

export type MessagePurpose =
  | 'SignUp'
  | 'ResendCode'
  | 'ForgotPassword'
  | 'Authentication'
  | 'AdminCreateUser'
  | 'UpdateUserAttribute';

/** One message the pool "sent": the outbox stands in for SES and SNS. */
export interface DeliveredMessage {
  userPoolId: string;
  username: string;
  destination: string;
  medium: 'EMAIL' | 'SMS';
  /** The code (or, for AdminCreateUser invitations, the temporary password). */
  code: string;
  purpose: MessagePurpose;
  /** Clock time in ms when it was sent. */
  at: number;
}

export interface AccessRecord {
  poolId: string;
  clientId: string;
  sub: string;
  originJti: string;
  expiresAt: number;
  /** Issue order; GlobalSignOut rejects every token with a sequence at or below the user's sign-out mark. */
  sequence: number;
}

/** Everything one LocalCognito holds; operation modules read and change it. */
export interface ServiceState {
  clock: Clock;
  region: string;
  issuerBase: string;
  pools: Map<string, PoolRecord>;
  clients: Map<string, ClientRecord>;
  sessions: Map<string, SessionRecord>;
  refreshTokens: Map<string, RefreshRecord & { sequence: number }>;
  accessTokens: Map<string, AccessRecord>;
  revokedOrigins: Set<string>;
  /** Sign-out marks by user sub (sequence numbers). */
  signedOut: Map<string, number>;
  sequence: number;
  outbox: DeliveredMessage[];
  triggers: LocalTriggers;
  poolTriggers: Map<string, LocalTriggers>;
  lambdaEndpoint?: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(length: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function randomCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export function poolOf(state: ServiceState, userPoolId: string): PoolRecord {
  const pool = state.pools.get(userPoolId);
  if (!pool) fail('ResourceNotFoundException', `User pool ${userPoolId} does not exist.`);
  return pool;
}

export function clientOf(state: ServiceState, clientId: string): { client: ClientRecord; pool: PoolRecord } {
  const client = state.clients.get(clientId);
  if (!client) fail('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  return { client, pool: poolOf(state, client.poolId) };
}

export function triggerSourceOf(state: ServiceState, pool: PoolRecord): TriggerSource {
  const own = state.poolTriggers.get(pool.id);
  return {
    handlers: own ? [own, state.triggers] : [state.triggers],
    lambdaConfig: pool.lambdaConfig,
    ...(state.lambdaEndpoint ? { lambdaEndpoint: state.lambdaEndpoint } : {}),
  };
}

/**
 * SECRET_HASH for clients with a secret (https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash);
 * clients without one ignore it, as Cognito does.
 */
export async function checkSecretHash(client: ClientRecord, username: string, hash: string | undefined): Promise<void> {
  if (!client.secret) return;
  if (!hash) fail('NotAuthorizedException', `Client ${client.id} is configured with secret but SECRET_HASH was not received`);
  if ((await secretHash(client.secret, username, client.id)) !== hash) {
    fail('NotAuthorizedException', `Unable to verify secret hash for client ${client.id}`);
  }
}

/** GetTokensFromRefreshToken and RevokeToken take the raw secret instead of a hash. */
export function checkClientSecret(client: ClientRecord, secret: string | undefined, errorName = 'NotAuthorizedException'): void {
  if (!client.secret) return;
  if (secret !== client.secret) fail(errorName, `Unable to verify secret hash for client ${client.id}`);
}

export function isUserNotFoundHidden(client: ClientRecord): boolean {
  return client.preventUserExistenceErrors === 'ENABLED';
}

export function userNotFound(client: ClientRecord): never {
  if (isUserNotFoundHidden(client)) fail('NotAuthorizedException', 'Incorrect username or password.');
  fail('UserNotFoundException', 'User does not exist.');
}

/** Session strings look like Cognito's (long, URL-safe, ≥ 20 chars) and carry no meaning. */
export function openSession(
  state: ServiceState,
  client: ClientRecord,
  user: UserRecord,
  fields: Omit<SessionRecord, 'poolId' | 'clientId' | 'username' | 'expiresAt' | 'used' | 'attemptsLeft'> &
    Partial<Pick<SessionRecord, 'attemptsLeft'>>,
): string {
  pruneSessions(state);
  const id = `AYABe${randomBytes(96).toString('base64url')}`;
  state.sessions.set(id, {
    poolId: client.poolId,
    clientId: client.id,
    username: user.username,
    expiresAt: state.clock.now() + client.authSessionMinutes * 60_000,
    used: false,
    attemptsLeft: 3,
    ...fields,
  });
  return id;
}

/** Spent and expired sessions are kept a while (to say "used once" / "expired"), then dropped. */
function pruneSessions(state: ServiceState): void {
  if (state.sessions.size < 1024 || state.sessions.size % 256 !== 0) return;
  const cutoff = state.clock.now() - 60 * 60_000;
  for (const [id, record] of state.sessions) if (record.expiresAt < cutoff) state.sessions.delete(id);
}

/** Finds a live session for this client without consuming it; messages as observed from Cognito. */
export function sessionOf(state: ServiceState, clientId: string | undefined, session: string | undefined): SessionRecord {
  if (!session) fail('InvalidParameterException', 'Missing required parameter Session');
  const record = state.sessions.get(session);
  if (!record || (clientId !== undefined && record.clientId !== clientId)) {
    fail('NotAuthorizedException', 'Invalid session for the user.');
  }
  if (record.used) fail('NotAuthorizedException', 'Invalid session for the user, session can only be used once.');
  if (state.clock.now() > record.expiresAt) {
    state.sessions.delete(session);
    fail('NotAuthorizedException', 'Invalid session for the user, session is expired.');
  }
  return record;
}

export function deliver(
  state: ServiceState,
  pool: PoolRecord,
  user: UserRecord,
  medium: 'EMAIL' | 'SMS',
  code: string,
  purpose: MessagePurpose,
): void {
  const destination = user.attributes.get(medium === 'EMAIL' ? 'email' : 'phone_number') ?? '';
  state.outbox.push({ userPoolId: pool.id, username: user.username, destination, medium, code, purpose, at: state.clock.now() });
}
