import { waitFor } from 'xstate';
import type { AuthActor } from '../../runtime/auth-actor.js';
import { authFactory, type AuthConfig, type CreateAuthOptions } from '../../runtime/create-auth.js';
import { memoryStorage } from '../../adapters/memory-storage.js';
import type { AuthEvent } from '../../machines/auth-events.js';
import type { AuthEmitted } from '../../machines/auth-types.js';
import type { CognitoOperation } from '../../services/cognito-api.js';
import { sessionStore } from '../../services/session-store.js';
import type { Transport } from '../../services/transport.js';
import { CLIENT_ID, POOL_ID, fakeTokens, type FakeTokenOptions } from './fake-tokens.js';
import { scriptedTransport } from './scripted-transport.js';

/*
 * Drives createAuth over the scripted transport and watches for secrets on the way: every password, code,
 * answer, Cognito session and token that crosses the transport or is sent in an event is remembered, and
 * - no emitted event may contain any of them (JSON.stringify of each event),
 * - no snapshot, at any step, may contain a password, code, answer or TOTP secret.
 * Violations are collected as they happen and thrown by settle().
 */

export const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });

type Script = Parameters<typeof scriptedTransport>[0];
export type MemoryStorage = ReturnType<typeof memoryStorage>;

export interface HarnessOptions {
  script?: Script;
  storage?: MemoryStorage;
  config?: Partial<AuthConfig>;
  /** createAuth's options: the opt-in features. */
  features?: CreateAuthOptions;
}

const running = new Set<AuthActor>();

/** Stops every actor started by startAuth (their refresh timers included). */
export function stopAll(): void {
  for (const actor of running) actor.stop();
  running.clear();
}

const MIN_SECRET_LENGTH = 4;

function stringsOf(record: unknown, keys: readonly string[]): string[] {
  if (!record || typeof record !== 'object') return [];
  return keys.map((key) => (record as Record<string, unknown>)[key]).filter((v): v is string => typeof v === 'string');
}

export async function startAuth(options: HarnessOptions = {}) {
  const transport = scriptedTransport(options.script);
  const storage = options.storage ?? memoryStorage();
  /** Never in an emitted event. */
  const eventSecrets = new Set<string>();
  /** Never in an emitted event nor in a snapshot. */
  const snapshotSecrets = new Set<string>();
  const violations: string[] = [];

  const keep = (set: Set<string>, values: string[]) => {
    for (const value of values) if (value.length >= MIN_SECRET_LENGTH) set.add(value);
  };
  const keepBoth = (values: string[]) => {
    keep(snapshotSecrets, values);
    keep(eventSecrets, values);
  };
  keep(eventSecrets, Object.values(storage.snapshot()).filter((v) => v.split('.').length === 3 || v.startsWith('refresh-')));

  const recording: Transport = {
    async send(op, input, signal) {
      const i = input as Record<string, unknown>;
      keepBoth(stringsOf(i, ['Password', 'ConfirmationCode', 'UserCode', 'ClientSecret', 'SecretHash', 'PreviousPassword', 'ProposedPassword', 'Code']));
      keep(eventSecrets, stringsOf(i, ['Session', 'AccessToken', 'Token']));
      keepBoth(stringsOf(i.AuthParameters, ['PASSWORD', 'SECRET_HASH']));
      keep(eventSecrets, stringsOf(i.AuthParameters, ['REFRESH_TOKEN']));
      keepBoth(stringsOf(i.ChallengeResponses, ['SMS_MFA_CODE', 'SOFTWARE_TOKEN_MFA_CODE', 'NEW_PASSWORD', 'SECRET_HASH', 'CREDENTIAL']));
      if (i.ChallengeName === 'CUSTOM_CHALLENGE') keepBoth(stringsOf(i.ChallengeResponses, ['ANSWER']));
      const output = await transport.send(op, input, signal);
      const o = output as Record<string, unknown>;
      keep(eventSecrets, stringsOf(o, ['Session']));
      keepBoth(stringsOf(o, ['SecretCode']));
      keep(eventSecrets, stringsOf(o.AuthenticationResult, ['AccessToken', 'IdToken', 'RefreshToken']));
      return output;
    },
  };

  const auth = createAuth({
    userPoolId: POOL_ID,
    userPoolClientId: CLIENT_ID,
    transport: recording,
    storage,
    ...options.config,
  }, options.features);
  running.add(auth);

  const events: AuthEmitted[] = [];
  auth.on('*', (event) => {
    events.push(event);
    const json = JSON.stringify(event);
    for (const secret of eventSecrets) if (json.includes(secret)) violations.push(`event ${event.type} contains ${secret}`);
  });
  /*
   * Tokens, sessions and numbers (timestamps) belong in a snapshot; blanking them keeps a six-digit code from
   * matching by chance inside an `iat` or a refresh token that embeds one.
   */
  const snapshotJson = (snapshot: unknown) =>
    JSON.stringify(snapshot, (_key, value: unknown) =>
      typeof value === 'number' ? 0 : typeof value === 'string' && eventSecrets.has(value) && !snapshotSecrets.has(value) ? '' : value,
    );
  auth.subscribe((snapshot) => {
    const json = snapshotJson(snapshot);
    for (const secret of snapshotSecrets) if (json.includes(secret)) violations.push(`snapshot ${JSON.stringify(snapshot.value)} contains ${secret}`);
  });

  const harness = {
    auth,
    transport,
    storage,
    events,
    /** The emitted events' types, in order. */
    types: () => events.map((e) => e.type),
    /** Forget what was emitted so far. */
    clearEvents: () => void events.splice(0),
    snapshot: () => auth.getSnapshot(),
    value: () => auth.getSnapshot().value,
    context: () => auth.getSnapshot().context,
    errorName: () => auth.getSnapshot().context.error?.name,
    /** Sends an event, remembering its secret fields first. */
    send(event: AuthEvent) {
      keepBoth(stringsOf(event, ['password', 'code', 'answer', 'newPassword', 'oldPassword']));
      auth.send(event);
    },
    /** Sends a payload as is, for validation tests: no type checking. */
    sendRaw(event: Record<string, unknown> & { type: string }) {
      auth.send(event as unknown as AuthEvent);
    },
    /** Waits until no request is in flight, then checks that no secret leaked so far. */
    async settle() {
      const snapshot = await waitFor(auth, (s) => !s.hasTag('busy'));
      harness.assertNoLeaks();
      return snapshot;
    },
    assertNoLeaks() {
      const json = snapshotJson(auth.getSnapshot());
      for (const secret of snapshotSecrets) if (json.includes(secret)) violations.push(`final snapshot contains ${secret}`);
      if (violations.length) throw new Error(`Secrets leaked:\n${violations.join('\n')}`);
    },
    callsOf: (op: CognitoOperation) => transport.callsOf(op),
    ops: () => transport.calls.map((c) => c.op),
    storedKeys: () => Object.keys(storage.snapshot()).sort(),
  };
  await harness.settle();
  return harness;
}

export type Harness = Awaited<ReturnType<typeof startAuth>>;

/** A memory storage holding a session saved the way the services save one. */
export async function storageWithSession(tokens: ReturnType<typeof fakeTokens>, username = 'alice', clockDrift = 0): Promise<MemoryStorage> {
  const storage = memoryStorage();
  await sessionStore(storage, CLIENT_ID).save({
    username,
    idToken: tokens.IdToken,
    accessToken: tokens.AccessToken,
    refreshToken: tokens.RefreshToken,
    clockDrift,
  });
  return storage;
}

/** Tokens as Cognito's REFRESH_TOKEN_AUTH returns them: no refresh token. */
export function refreshedTokens(options: FakeTokenOptions = {}) {
  const { RefreshToken: _none, ...rest } = fakeTokens(options);
  return rest;
}

/** A harness already signed in with USER_PASSWORD_AUTH (the InitiateAuth call stays in the record). */
export async function signedInHarness(options: HarnessOptions & { tokens?: FakeTokenOptions } = {}) {
  const tokens = fakeTokens(options.tokens);
  const h = await startAuth(options);
  h.transport.reply('InitiateAuth', { AuthenticationResult: tokens });
  h.send({ type: 'SIGN_IN', username: 'alice', password: 'Corr3ct-Horse!' });
  await h.settle();
  if (!h.snapshot().matches('signedIn')) throw new Error(`not signed in: ${JSON.stringify(h.value())}`);
  h.clearEvents();
  return { ...h, tokens };
}

/** What no reply could be mistaken for: a Node network failure as the fetch or SDK transport would see it. */
export function networkFailure(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
}

/** A Cognito session string of the length Cognito's model requires (≥ 20). */
export function session(tag: string): string {
  return `session-${tag}-`.padEnd(40, 'x');
}
