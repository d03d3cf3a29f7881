/**
 * cognito-auth-machine/core: the auth machine without a default transport, for apps that count bytes.
 * `createAuth` here needs `transport` (e.g. `fetchTransport` or `localTransport`).
 */
import { authFactory } from './runtime/create-auth.js';

export const createAuth = authFactory({ defaultAuthFlow: 'USER_SRP_AUTH' });

export { authMachine, CHALLENGE_SESSION_MS, type AuthMachineInput } from './machines/auth-machine.js';
export { AuthError, isAuthError, type AuthErrorName, type AuthErrorField } from './machines/auth-error.js';
export { Secret } from './machines/secret.js';
export type { AuthEvent, AuthEventType, AuthEventOf, AuthFlow } from './machines/auth-events.js';
export type {
  AuthContext,
  AuthEmitted,
  AuthEmittedType,
  AuthStepResult,
  AuthTokens,
  AuthUser,
  ChallengeName,
  ChallengeStateName,
  CodeDelivery,
  MfaType,
  PendingChallenge,
  PendingPasswordReset,
  PendingSignUp,
  UserAttributeValue,
} from './machines/auth-types.js';
export type { AuthActor } from './runtime/auth-actor.js';
export type { AuthConfig, CreateAuthOptions } from './runtime/create-auth.js';
export type { InspectionObserver } from './adapters/inspect/inspection-observer.js';
export { getTokens, EXPIRY_TOLERANCE_MS, type GetTokensOptions } from './runtime/get-tokens.js';
export { authSnapshot, AUTH_SNAPSHOT_FORMAT, type AuthSnapshotData, type ResumableState } from './runtime/auth-snapshot.js';
export { authSnapshotKey, loadAuthSnapshot, persistAuthSnapshots } from './runtime/snapshot-persistence.js';
export { startTabSync, webRefreshLock, type TabSyncOptions } from './runtime/tab-sync.js';
export type { SessionEvent, SessionEventType } from './machines/session-events.js';
export { createAuthServices, type AuthServicesOptions, type RefreshLock } from './services/auth-services.js';
export type { Transport } from './services/transport.js';
export type { CognitoOperation, CognitoOperations, InputOf, OutputOf } from './services/cognito-api.js';
export type { TokenStorage } from './services/token-storage.js';
export { memoryStorage, type MemoryStorage } from './adapters/memory-storage.js';
export { webStorage } from './adapters/web-storage.js';
