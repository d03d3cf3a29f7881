/**
 * cognito-auth-machine/advanced: the parts `createAuth` wires together, for apps that assemble the actor
 * themselves (the statechart, its services, tab sync, the snapshot store), and Cognito's operation types for
 * writing a transport. An app that calls `createAuth` needs none of it.
 */
export { authMachine, CHALLENGE_SESSION_MS, type AuthMachineInput } from './machines/auth-machine.js';
export { createAuthServices, type AuthServicesOptions, type RefreshLock } from './services/auth-services.js';
export { provideServices, serviceActors } from './machines/service-registry.js';
export type { AuthServices } from './machines/service-contracts.js';
export type { AuthStepResult } from './machines/auth-types.js';
export type { SessionEvent, SessionEventType } from './machines/session-events.js';
export { startTabSync, webRefreshLock, type TabSyncOptions } from './runtime/tab-sync.js';
export { AUTH_SNAPSHOT_FORMAT } from './runtime/auth-snapshot.js';
export type { AuthFeature, FeatureContext } from './runtime/auth-feature.js';
export { authSnapshotKey, persistAuthSnapshots } from './runtime/snapshot-persistence.js';
export { EXPIRY_TOLERANCE_MS } from './runtime/get-tokens.js';
export type { CognitoOperation, CognitoOperations, InputOf, OutputOf } from './services/cognito-api.js';
export { verifyIdToken, type VerifyIdTokenOptions } from './adapters/id-token-verification.js';
