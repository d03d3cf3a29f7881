import { randomBytes, randomInt } from 'node:crypto';
import { secretHash } from 'cognito-auth-machine/protocol';
import type { Clock } from './clock.js';
import { fail } from './local-cognito-error.js';
import type { ClientRecord, PoolRecord, RefreshRecord, SessionRecord, UserRecord } from './pool-records.js';
import type { LocalTriggers, TriggerSource } from './triggers.js';
import type { OAuthState } from './oauth-records.js';

export type MessagePurpose =
  | 'SignUp'
  | 'ResendCode'
  | 'ForgotPassword'
  | 'Authentication'
  | 'AdminCreateUser'
  | 'UpdateUserAttribute'
  | 'UserMigration';

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
  /** The text, when the pool's CustomMessage trigger wrote it (placeholders filled in). */
  message?: string;
  /** The email subject, when the pool's CustomMessage trigger wrote it. */
  subject?: string;
}

export interface AccessRecord {
  poolId: string;
  clientId: string;
  sub: string;
  originJti: string;
  expiresAt: number;
  /** Issue order; GlobalSignOut rejects every token with a sequence at or below the user's sign-out mark. */
  sequence: number;
  /** Scopes granted through the OAuth endpoints; absent for JSON-API sign-ins (aws.cognito.signin.user.admin). */
  scopes?: string[];
}

/** An outbox entry and the time it leaves the outbox (an hour after the code in it stops working). */
export interface StoredMessage extends DeliveredMessage {
  keepUntil: number;
}

/** Failures counted against one of Cognito's hourly attempt limits, for one user and one operation. */
export interface AttemptWindow {
  failures: number;
  /** The window opens at the first failure and ends an hour later; then the count starts again. */
  endsAt: number;
}

/**
 * Everything one LocalCognito holds; operation modules read and change it. Every record with a life (sessions,
 * tokens, revocations, sign-out marks, attempt windows, codes, lockouts, outbox messages) is dropped when that life
 * ends: lazily where it is read, and by the sweep (record-sweep.ts) that runs as the clock moves.
 */
export interface ServiceState {
  clock: Clock;
  region: string;
  issuerBase: string;
  pools: Map<string, PoolRecord>;
  clients: Map<string, ClientRecord>;
  sessions: Map<string, SessionRecord>;
  refreshTokens: Map<string, RefreshRecord & { sequence: number }>;
  accessTokens: Map<string, AccessRecord>;
  /** Revoked origin_jti values, each with the time after which no token of that origin can be alive. */
  revokedOrigins: Map<string, number>;
  /** Sign-out marks by user sub: tokens with a sequence at or below `sequence` are revoked; the mark is kept until `expiresAt`. */
  signedOut: Map<string, { sequence: number; expiresAt: number }>;
  /** Attempt-limit windows, by `<operation>:<userPoolId>:<sub>`. */
  attempts: Map<string, AttemptWindow>;
  sequence: number;
  outbox: StoredMessage[];
  triggers: LocalTriggers;
  poolTriggers: Map<string, LocalTriggers>;
  lambdaEndpoint?: string;
  /** Clock time of the last sweep. */
  lastSweepAt: number;
  /** Authorization codes and managed-login sign-ins in progress (see oauth-state.ts); made on first use. */
  oauth?: OAuthState;
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

const SESSION_PREFIX = 'AYAB';
const SESSION_BYTES = 96;

/**
 * Session strings look like Cognito's (long, URL-safe, ≥ 20 chars). The first 6 bytes carry the expiry, so a
 * session that has left memory can still be answered "expired" rather than "invalid"; the rest is random.
 */
function newSessionId(expiresAt: number): string {
  const bytes = randomBytes(SESSION_BYTES);
  bytes.writeUIntBE(Math.max(0, Math.min(expiresAt, 2 ** 48 - 1)), 0, 6);
  return `${SESSION_PREFIX}${bytes.toString('base64url')}`;
}

/** The expiry written into a session string by newSessionId, if it is one. */
function sessionIdExpiry(id: string): number | undefined {
  if (!id.startsWith(SESSION_PREFIX)) return undefined;
  const bytes = Buffer.from(id.slice(SESSION_PREFIX.length), 'base64url');
  if (bytes.length !== SESSION_BYTES || bytes.toString('base64url') !== id.slice(SESSION_PREFIX.length)) return undefined;
  return bytes.readUIntBE(0, 6);
}

export function openSession(
  state: ServiceState,
  client: ClientRecord,
  user: UserRecord,
  fields: Omit<SessionRecord, 'poolId' | 'clientId' | 'username' | 'expiresAt' | 'used' | 'attemptsLeft'> &
    Partial<Pick<SessionRecord, 'attemptsLeft'>>,
): string {
  const expiresAt = state.clock.now() + client.authSessionMinutes * 60_000;
  const id = newSessionId(expiresAt);
  state.sessions.set(id, {
    poolId: client.poolId,
    clientId: client.id,
    username: user.username,
    expiresAt,
    used: false,
    attemptsLeft: 3,
    ...fields,
  });
  return id;
}

/**
 * Finds a live, unused session for this client without consuming it; messages as observed from Cognito. Callers
 * that go on to `await` must look the session up again with `claimSession` afterwards: another request may have
 * spent it meanwhile.
 */
export function sessionOf(state: ServiceState, clientId: string | undefined, session: string | undefined): SessionRecord {
  if (!session) fail('InvalidParameterException', 'Missing required parameter Session');
  const record = state.sessions.get(session);
  const now = state.clock.now();
  if (!record) {
    const expiry = sessionIdExpiry(session);
    if (expiry !== undefined && now > expiry) fail('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    fail('NotAuthorizedException', 'Invalid session for the user.');
  }
  if (clientId !== undefined && record.clientId !== clientId) fail('NotAuthorizedException', 'Invalid session for the user.');
  if (now > record.expiresAt) {
    state.sessions.delete(session);
    fail('NotAuthorizedException', 'Invalid session for the user, session is expired.');
  }
  if (record.used) fail('NotAuthorizedException', 'Invalid session for the user, session can only be used once.');
  return record;
}

/**
 * Marks a session used and returns what it held. Call it in the same synchronous stretch as the `sessionOf` that
 * found it: with no `await` between the check and the mark, two requests can never both get past it. The stored
 * record keeps only what is needed to answer "used once" until it expires.
 */
export function spendSession(record: SessionRecord): SessionRecord {
  const held = { ...record };
  record.used = true;
  delete record.srp;
  delete record.smsCode;
  delete record.otpCode;
  delete record.setupEmail;
  delete record.availableChallenges;
  delete record.webAuthnChallenge;
  delete record.customHistory;
  delete record.privateChallengeParameters;
  delete record.challengeMetadata;
  delete record.mfasCanChoose;
  return held;
}

/** sessionOf and spendSession in one synchronous step. */
export function claimSession(state: ServiceState, clientId: string | undefined, session: string | undefined): SessionRecord {
  return spendSession(sessionOf(state, clientId, session));
}

/**
 * A wrong answer to a code challenge: the session stays usable for a few tries in all, then it is spent, and the
 * right code is refused with it.
 */
export function wrongAnswer(
  record: SessionRecord,
  name = 'CodeMismatchException',
  message = 'Invalid code or auth state for the user.',
): never {
  record.attemptsLeft -= 1;
  if (record.attemptsLeft <= 0) spendSession(record);
  fail(name, message);
}

const HOUR = 60 * 60_000;

/**
 * Cognito's hourly attempt limits (https://docs.aws.amazon.com/cognito/latest/developerguide/limits.html): once
 * `limit` wrong answers were counted in the window, every further attempt — the right answer included — is refused
 * with LimitExceededException until the window ends. Synchronous, so callers check and count in one stretch.
 */
export function checkAttemptLimit(state: ServiceState, key: string, limit: number): void {
  const window = state.attempts.get(key);
  if (!window) return;
  if (state.clock.now() >= window.endsAt) {
    state.attempts.delete(key);
    return;
  }
  if (window.failures >= limit) fail('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
}

export function countFailedAttempt(state: ServiceState, key: string): void {
  const now = state.clock.now();
  let window = state.attempts.get(key);
  if (!window || now >= window.endsAt) {
    window = { failures: 0, endsAt: now + HOUR };
    state.attempts.set(key, window);
  }
  window.failures += 1;
}

export function attemptKey(operation: string, pool: PoolRecord, user: UserRecord): string {
  return `${operation}:${pool.id}:${user.sub}`;
}

/** The newest messages kept in the outbox when the clock does not move. */
export const OUTBOX_CAPACITY = 10_000;
const OUTBOX_GRACE_MS = HOUR;

export function deliver(
  state: ServiceState,
  pool: PoolRecord,
  user: UserRecord,
  medium: 'EMAIL' | 'SMS',
  code: string,
  purpose: MessagePurpose,
  lifetimeMs: number,
): StoredMessage {
  const destination = user.attributes.get(medium === 'EMAIL' ? 'email' : 'phone_number') ?? '';
  const at = state.clock.now();
  const message: StoredMessage = { userPoolId: pool.id, username: user.username, destination, medium, code, purpose, at, keepUntil: at + lifetimeMs + OUTBOX_GRACE_MS };
  state.outbox.push(message);
  if (state.outbox.length > OUTBOX_CAPACITY) state.outbox.splice(0, state.outbox.length - OUTBOX_CAPACITY);
  return message;
}
