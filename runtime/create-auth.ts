import { createActor, type ActorOptions, type AnyActorLogic, type InspectionEvent, type Observer, type Snapshot } from 'xstate';
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
import type { AuthSnapshotData } from './auth-snapshot.js';
import { isAuthSnapshotData } from './auth-snapshot-format.js';
import { memoryStorage } from '../adapters/memory-storage.js';
import type { AuthFeature, FeatureContext } from './auth-feature.js';
import type { Passkeys } from './passkeys.js';
import { gateEvents, sendInternal } from './event-gate.js';
import type { RedactedInspection } from './redacted-inspection.js';
import type { SnapshotPersistence, SnapshotResume } from './snapshot-persistence.js';
import type { TabSync } from './tab-sync.js';
import type { OAuthRedirect } from './oauth-redirect.js';
import type { OAuthConfig } from '../machines/oauth-config.js';
import { keepTokensOutOfPersistedSnapshots } from './tokenless-persistence.js';

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
  /** Managed login and social sign-in (SIGN_IN_WITH_REDIRECT); needs the `redirect` option. */
  oauth?: OAuthConfig;
}

/**
 * What `createAuth` adds to the actor beyond the config. The features are opt-in, each made by a factory of its
 * own entry point, so that a build that does not import one does not contain it.
 */
export interface CreateAuthOptions {
  /**
   * `redactedInspection(observer)` from cognito-auth-machine/inspect: an XState inspection observer (e.g.
   * `createBrowserInspector().inspect`) that receives every inspection event with passwords, codes, answers,
   * sessions, tokens and other secrets replaced by "[redacted]".
   */
  inspect?: RedactedInspection;
  /**
   * Where to resume: `authSnapshot(auth)` from before a reload (with `resume` or `persistence`, which check it; one
   * that cannot be used is ignored and the actor starts afresh), or a raw `auth.getPersistedSnapshot()`, restored
   * as XState restores it.
   */
  snapshot?: AuthSnapshotData | Snapshot<unknown>;
  /**
   * `snapshotResume()` from cognito-auth-machine/persistence: resume from the `authSnapshot(auth)` given as
   * `snapshot`. Not needed beside `persistence`, which resumes too.
   */
  resume?: SnapshotResume;
  /**
   * `snapshotPersistence(storage)` from cognito-auth-machine/persistence: keep the resumable snapshot in that
   * storage (e.g. `webStorage(sessionStorage)`) and resume from it here, so that a reload in the middle of a
   * challenge, a sign-up confirmation or a password reset continues there.
   */
  persistence?: SnapshotPersistence;
  /**
   * `tabSync()` from cognito-auth-machine/tab-sync: keep the tabs of a browser origin in step, one refresh at a
   * time (Web Locks), and a sign-in, refresh or sign-out in one tab taken up by the others. Off unless given.
   */
  tabSync?: TabSync;
  /**
   * `oauthRedirect()` from cognito-auth-machine/oauth: sign-in through Cognito's managed login and social
   * providers (SIGN_IN_WITH_REDIRECT), with the config's `oauth`. Off unless given.
   */
  redirect?: OAuthRedirect;
  /**
   * `passkeys({ adapter })` from cognito-auth-machine/passkeys: USER_AUTH's WEB_AUTHN sign-in and REGISTER_PASSKEY,
   * FETCH_PASSKEYS and DELETE_PASSKEY while signed in. Off unless given.
   */
  passkeys?: Passkeys;
}

/** Each feature option, with the factory that makes what it takes. */
const FEATURE_OPTIONS = {
  persistence: 'snapshotPersistence(storage) from cognito-auth-machine/persistence',
  resume: 'snapshotResume() from cognito-auth-machine/persistence',
  tabSync: 'tabSync() from cognito-auth-machine/tab-sync',
  inspect: 'redactedInspection(observer) from cognito-auth-machine/inspect',
  redirect: 'oauthRedirect() from cognito-auth-machine/oauth',
  passkeys: 'passkeys({ adapter }) from cognito-auth-machine/passkeys',
} as const;

/** The features given, checked: anything else (an observer, a storage, `true`) is refused by name. */
function featuresOf(options: CreateAuthOptions): AuthFeature[] {
  const features: AuthFeature[] = [];
  for (const [name, factory] of Object.entries(FEATURE_OPTIONS) as [keyof typeof FEATURE_OPTIONS, string][]) {
    const given = options[name] as AuthFeature | undefined;
    if (given === undefined) continue;
    if (typeof given !== 'object' || given === null || given.feature !== name) {
      throw new AuthError('ValidationError', `Invalid createAuth options: ${name} must be ${factory}`, {
        fields: [{ path: name, message: `must be ${factory}` }],
      });
    }
    features.push(given);
  }
  return features;
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
  /** Given every inspection event as it is: `createAuth` gives a redacting one. */
  inspect?: Observer<InspectionEvent>;
  snapshot?: unknown;
  /** Started from a resumable snapshot: the app's events wait for RESUMED. */
  resuming: boolean;
  /** Where the chart's timers (a challenge's expiry, the refresh) are set; the real clock unless given. */
  clock?: ActorOptions<AnyActorLogic>['clock'];
  /** Runs once the actor is made, before it starts: what features give it (their services). */
  beforeStart?: (actor: AuthActor) => void;
}

/**
 * Starts an actor of the chart as `createAuth` does: with its own services, the app's events gated, and a session
 * that storage holds at once taken before this returns.
 */
export function launchAuthActor(machine: ReturnType<typeof createAuthMachine>, options: LaunchOptions) {
  const actor = createActor(machine, {
    input: { authFlow: options.authFlow },
    ...(options.inspect ? { inspect: options.inspect } : {}),
    ...(options.snapshot ? { snapshot: options.snapshot as never } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  provideServices(actor, options.services);
  options.beforeStart?.(actor);
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
    const { transport: givenTransport, storage: givenStorage, oauth, ...data } = config ?? ({} as AuthConfig);
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
    const features = featuresOf(options);
    if (oauth !== undefined && !options.redirect) {
      const message = `needs the redirect option: ${FEATURE_OPTIONS.redirect}`;
      throw new AuthError('ValidationError', `Invalid auth config: oauth ${message}`, { fields: [{ path: 'oauth', message }] });
    }
    const context: FeatureContext = {
      storage,
      transport,
      userPoolId: parsed.userPoolId,
      clientId,
      ...(parsed.clientSecret ? { clientSecret: parsed.clientSecret } : {}),
      ...(oauth !== undefined ? { oauth } : {}),
    };
    const refreshLock = firstOf(features, (feature) => feature.refreshLock?.(context));
    const services = createAuthServices({
      transport,
      storage,
      userPoolId: parsed.userPoolId,
      clientId,
      ...(parsed.clientSecret ? { clientSecret: parsed.clientSecret } : {}),
      ...(parsed.challengeSessionMs ? { challengeSessionMs: parsed.challengeSessionMs } : {}),
      ...(refreshLock ? { refreshLock } : {}),
    });
    const given = options.snapshot ?? firstOf(features, (feature) => feature.resumePoint?.(context));
    // Ours are checked and rebuilt field by field; a raw XState snapshot the app passed is its own business.
    const resumed = isAuthSnapshotData(given) ? restoreWith(features, given, authFlow) : null;
    const raw = !isAuthSnapshotData(given) && options.snapshot ? options.snapshot : undefined;
    const snapshot = resumed ?? raw;
    const inspect = firstOf(features, (feature) => feature.inspector);
    const { actor, gate } = launchAuthActor(runtimeMachine(), {
      services,
      storage,
      userPoolId: parsed.userPoolId,
      clientId,
      authFlow,
      resuming: resumed !== null,
      beforeStart: (started) => {
        for (const feature of features) feature.provide?.(started, context);
      },
      ...(inspect ? { inspect } : {}),
      ...(snapshot ? { snapshot } : {}),
    });
    for (const feature of features) feature.start?.(actor, context);
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

/** An `authSnapshot(auth)` is checked and turned into a snapshot by the feature that resumes; there must be one. */
function restoreWith(features: AuthFeature[], resumePoint: unknown, authFlow: AuthFlow) {
  const restore = features.find((feature) => feature.restore)?.restore;
  if (!restore) {
    const message = `is an authSnapshot: resuming from it needs ${FEATURE_OPTIONS.resume} (or persistence)`;
    throw new AuthError('ValidationError', `Invalid createAuth options: snapshot ${message}`, { fields: [{ path: 'snapshot', message }] });
  }
  return restore(resumePoint, authFlow);
}

/** The first answer a feature gives, in the order of the options. */
function firstOf<T>(features: AuthFeature[], pick: (feature: AuthFeature) => T | undefined): T | undefined {
  for (const feature of features) {
    const value = pick(feature);
    if (value !== undefined) return value;
  }
  return undefined;
}
