import type { InspectionEvent, Observer } from 'xstate';
import type { AuthFlow } from '../machines/auth-flow.js';
import type { RefreshLock } from '../services/auth-services.js';
import type { TokenStorage } from '../services/token-storage.js';
import type { Transport } from '../services/transport.js';
import type { AuthActor } from './auth-actor.js';
import type { RestoredSnapshot } from './auth-snapshot.js';

/** What a feature learns of the actor `createAuth` is starting. */
export interface FeatureContext {
  /** The token storage of the config (memory unless given). */
  storage: TokenStorage;
  userPoolId: string;
  clientId: string;
  /** The app client's secret, when the config has one (server-side apps). */
  clientSecret?: string;
  /** How Cognito is reached (the config's, or the entry point's default): for features that call it themselves. */
  transport: Transport;
  /** The config's `oauth` part as given: the redirect sign-in feature checks it. */
  oauth?: unknown;
}

/**
 * An opt-in part of `createAuth`: tab sync, snapshot persistence, redacted inspection. Each is made by a factory
 * in its own entry point and passed in the options (`createAuth(config, { tabSync: tabSync() })`), so an app that
 * does not import one does not ship it. `createAuth` calls the hooks a feature has, in this order; a new feature
 * (passkeys, OAuth, device tracking) is one more factory and, where it needs one, one more hook.
 */
export interface AuthFeature<Name extends string = string> {
  /** Which option takes it; a feature passed to another option is refused. */
  readonly feature: Name;
  /** Before the services are built: what runs one token refresh at a time among those sharing the session. */
  refreshLock?(context: FeatureContext): RefreshLock | undefined;
  /** Before the actor starts: a resume point held at once (e.g. before a reload), or undefined. */
  resumePoint?(context: FeatureContext): unknown;
  /**
   * Before the actor starts: the snapshot to start from for a resume point (`authSnapshot(auth)`), checked field by
   * field, or null when it cannot be used (the actor then starts afresh).
   */
  restore?(resumePoint: unknown, authFlow: AuthFlow): RestoredSnapshot | null;
  /** Before the actor starts: gives it what the feature's states invoke (e.g. the redirect sign-in's services). */
  provide?(actor: AuthActor, context: FeatureContext): void;
  /** The observer given every inspection event of the actor; it does its own redaction. */
  readonly inspector?: Observer<InspectionEvent>;
  /** Once the actor has started: keeps the feature running; returns a function that stops it. */
  start?(actor: AuthActor, context: FeatureContext): () => void;
}
