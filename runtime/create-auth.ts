import { createActor, type ActorOptions, type AnyActorLogic, type Snapshot } from 'xstate';
import { AuthError } from '../machines/auth-error.js';
import type { AuthFlow } from '../machines/auth-flow.js';
import { createAuthMachine } from '../machines/auth-chart.js';
import { provideServices } from '../machines/service-registry.js';
import { parseAuthConfig, type AuthConfigData } from '../machines/config-schema.js';
import { createAuthServices } from '../services/auth-services.js';
import type { AuthServices } from '../machines/service-contracts.js';
import { restoreStoredSessionNow } from '../services/restore-session.js';
import { sessionStore } from '../services/session-store.js';
import type { TokenStorage } from '../services/token-storage.js';
import type { Transport } from '../services/transport.js';
import type { AuthActor } from './auth-actor.js';
import { isAuthSnapshotData, restorableSnapshot, type AuthSnapshotData } from './auth-snapshot.js';
import type { InspectionObserver } from '../adapters/inspect/inspection-observer.js';
import { redactingInspector } from '../adapters/inspect/redacting-inspector.js';
import { memoryStorage } from '../adapters/memory-storage.js';
import { gateEvents, sendInternal } from './event-gate.js';
import { persistAuthSnapshots, readAuthSnapshotNow } from './snapshot-persistence.js';
import { startTabSync, webRefreshLock } from './tab-sync.js';
import { keepTokensOutOfPersistedSnapshots } from './tokenless-persistence.js';
import { webStorageArea } from '../adapters/web-storage.js';

export interface AuthConfig {
  /** `us-east-1_AbCdEf123`; the region is read from it unless `region` is given. */
  userPoolId: string;
  userPoolClientId: string;
  region?: string;
  /** A local user pool or cognito-local, e.g. `http://127.0.0.1:9229`; omit for Amazon Cognito. */
  endpoint?: string;
  /** Server-side apps only: adds SECRET_HASH to every request that needs it. */
  clientSecret?: string;
  /** The flow SIGN_IN uses unless the event names one. */
  authFlow?: AuthFlow;
  /** How Cognito calls are sent; the root entry defaults to the AWS SDK. */
  transport?: Transport;
  /** Where tokens are kept; default in memory. In browsers: `webStorage(localStorage)`. */
  storage?: TokenStorage;
  /** Cognito's AuthSessionValidity for this app client, if not the default 3 minutes. */
  challengeSessionMs?: number;
}

export interface CreateAuthOptions {
  /**
   * An XState inspection observer (e.g. `createBrowserInspector().inspect`). It receives every inspection event
   * with passwords, codes, answers, sessions, tokens and other secrets replaced by "[redacted]".
   */
  inspect?: InspectionObserver;
  /**
   * Where to resume: `authSnapshot(auth)` from before a reload (checked; one that cannot be used is ignored and
   * the actor starts afresh), or a raw `auth.getPersistedSnapshot()`, restored as XState restores it.
   */
  snapshot?: AuthSnapshotData | Snapshot<unknown>;
  /**
   * Keep the resumable snapshot in this storage (e.g. `webStorage(sessionStorage)`) and resume from it here, so
   * that a reload in the middle of a challenge, a sign-up confirmation or a password reset continues there.
   * Synchronous storages are read at once; for an asynchronous one pass `snapshot: await loadAuthSnapshot(...)` too.
   */
  persistence?: TokenStorage;
  /**
   * Keep the tabs of a browser origin in step: one refresh at a time (Web Locks), and a sign-in, refresh or
   * sign-out in one tab taken up by the others. Default: on when `storage` is `webStorage(localStorage)`.
   */
  tabSync?: boolean;
}

export interface AuthFactoryDefaults {
  transport?: (config: AuthConfigData & { region: string }) => Transport;
  defaultAuthFlow: AuthFlow;
}

/** The chart every actor of `createAuth` runs: built on first use, then shared; persisted snapshots leave tokens out. */
let sharedMachine: ReturnType<typeof createAuthMachine> | undefined;
const runtimeMachine = () => (sharedMachine ??= keepTokensOutOfPersistedSnapshots(createAuthMachine()));

export interface LaunchOptions {
  services: AuthServices;
  storage: TokenStorage;
  userPoolId: string;
  clientId: string;
  authFlow: AuthFlow;
  inspect?: InspectionObserver;
  snapshot?: unknown;
  /** Started from a resumable snapshot: the app's events wait for RESUMED. */
  resuming: boolean;
  /** Where the chart's timers (a challenge's expiry, the refresh) are set; the real clock unless given. */
  clock?: ActorOptions<AnyActorLogic>['clock'];
}

/**
 * Starts an actor of the chart as `createAuth` does: with its own services, the app's events gated, and a session
 * that storage holds at once taken before this returns.
 */
export function launchAuthActor(machine: ReturnType<typeof createAuthMachine>, options: LaunchOptions) {
  const actor = createActor(machine, {
    input: { authFlow: options.authFlow },
    ...(options.inspect ? { inspect: redactingInspector(options.inspect) } : {}),
    ...(options.snapshot ? { snapshot: options.snapshot as never } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  provideServices(actor, options.services);
  const gate = gateEvents(actor, { resumePending: options.resuming });
  // Storage that answers at once is read now, so the actor is returned signed in or signed out, not restoring.
  const restoredNow = options.snapshot
    ? undefined
    : restoreStoredSessionNow(sessionStore(options.storage, options.clientId), options.userPoolId, options.clientId, Date.now());
  actor.start();
  if (restoredNow) sendInternal(actor, { type: 'SESSION_RESTORED', session: restoredNow.session });
  return { actor, gate };
}

/** Builds `createAuth` for an entry point, which decides the default transport. */
export function authFactory(defaults: AuthFactoryDefaults) {
  return function createAuth(config: AuthConfig, options: CreateAuthOptions = {}): AuthActor {
    const { transport: givenTransport, storage: givenStorage, ...data } = config ?? ({} as AuthConfig);
    const parsed = parseAuthConfig(data);
    const transport = givenTransport ?? defaults.transport?.(parsed);
    if (!transport) {
      throw new AuthError('ValidationError', 'Invalid auth config: transport is required by this entry point', {
        fields: [{ path: 'transport', message: 'is required (e.g. fetchTransport({ region }))' }],
      });
    }
    const storage = givenStorage ?? memoryStorage();
    const clientId = parsed.userPoolClientId;
    const authFlow = parsed.authFlow ?? defaults.defaultAuthFlow;
    const area = webStorageArea(storage);
    const tabSync = options.tabSync ?? (area !== undefined && typeof localStorage !== 'undefined' && area === localStorage);
    const refreshLock = tabSync ? webRefreshLock(clientId) : undefined;
    const services = createAuthServices({
      transport,
      storage,
      userPoolId: parsed.userPoolId,
      clientId,
      ...(parsed.clientSecret ? { clientSecret: parsed.clientSecret } : {}),
      ...(parsed.challengeSessionMs ? { challengeSessionMs: parsed.challengeSessionMs } : {}),
      ...(refreshLock ? { refreshLock } : {}),
    });
    const given = options.snapshot ?? (options.persistence ? readAuthSnapshotNow(options.persistence, clientId) : undefined);
    // Ours are checked and rebuilt field by field; a raw XState snapshot the app passed is its own business.
    const resumed = isAuthSnapshotData(given) ? restorableSnapshot(given, authFlow) : null;
    const raw = !isAuthSnapshotData(given) && options.snapshot ? options.snapshot : undefined;
    const snapshot = resumed ?? raw;
    const { actor, gate } = launchAuthActor(runtimeMachine(), {
      services,
      storage,
      userPoolId: parsed.userPoolId,
      clientId,
      authFlow,
      resuming: resumed !== null,
      ...(options.inspect ? { inspect: options.inspect } : {}),
      ...(snapshot ? { snapshot } : {}),
    });
    if (options.persistence) persistAuthSnapshots(actor, options.persistence, clientId);
    if (tabSync) startTabSync(actor, { storage, userPoolId: parsed.userPoolId, clientId, ...(area ? { area } : {}) });
    // After the caller has attached its listeners: RESUMED may end the challenge or auto sign-in, and says so.
    // Events the app sends before then wait for it.
    if (resumed) {
      queueMicrotask(() => {
        sendInternal(actor, { type: 'RESUMED' });
        gate.resumed();
      });
    }
    return actor;
  };
}
