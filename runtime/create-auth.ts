import { createActor, type Snapshot } from 'xstate';
import { AuthError } from '../machines/auth-error.js';
import type { AuthFlow } from '../machines/auth-flow.js';
import { createAuthMachine } from '../machines/auth-machine.js';
import { parseAuthConfig, type AuthConfigData } from '../machines/config-schema.js';
import { createAuthServices } from '../services/auth-services.js';
import type { TokenStorage } from '../services/token-storage.js';
import type { Transport } from '../services/transport.js';
import type { AuthActor } from './auth-actor.js';
import { isAuthSnapshotData, restorableSnapshot, type AuthSnapshotData } from './auth-snapshot.js';
import type { InspectionObserver } from '../adapters/inspect/inspection-observer.js';
import { redactingInspector } from '../adapters/inspect/redacting-inspector.js';
import { memoryStorage } from '../adapters/memory-storage.js';
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
    const machine = keepTokensOutOfPersistedSnapshots(createAuthMachine().provide({ actors: services }));
    const given = options.snapshot ?? (options.persistence ? readAuthSnapshotNow(options.persistence, clientId) : undefined);
    // Ours are checked and rebuilt field by field; a raw XState snapshot the app passed is its own business.
    const resumed = isAuthSnapshotData(given) ? restorableSnapshot(given, authFlow) : null;
    const raw = !isAuthSnapshotData(given) && options.snapshot ? options.snapshot : undefined;
    const snapshot = resumed ?? raw;
    const actor = createActor(machine, {
      input: { authFlow },
      ...(options.inspect ? { inspect: redactingInspector(options.inspect) } : {}),
      ...(snapshot ? { snapshot: snapshot as never } : {}),
    });
    actor.start();
    if (options.persistence) persistAuthSnapshots(actor, options.persistence, clientId);
    if (tabSync) startTabSync(actor, { storage, userPoolId: parsed.userPoolId, clientId, ...(area ? { area } : {}) });
    // After the caller has attached its listeners: RESUMED may end the challenge or auto sign-in, and says so.
    if (resumed) queueMicrotask(() => actor.send({ type: 'RESUMED' }));
    return actor;
  };
}
