/**
 * cognito-auth-machine/core: the auth machine without a default transport, for apps that count bytes.
 * `createAuth` here needs `transport` (e.g. `fetchTransport` or `localTransport`). What an app calls and the types
 * it names; the parts `createAuth` wires together are in `cognito-auth-machine/advanced`.
 */
import { authFactory } from './runtime/create-auth.js';

export const createAuth = authFactory({ defaultAuthFlow: 'USER_SRP_AUTH' });

export type { AuthConfig, CreateAuthOptions } from './runtime/create-auth.js';
export type { AuthActor } from './runtime/auth-actor.js';
export { getTokens, type GetTokensOptions } from './runtime/get-tokens.js';
export { authSnapshot, type AuthSnapshotData, type ResumableState } from './runtime/auth-snapshot.js';
export { AuthError, isAuthError, type AuthErrorName, type AuthErrorField } from './machines/auth-error.js';
export { Secret } from './machines/secret.js';
export { totpSetupUri } from './machines/totp-setup-uri.js';
export type { AttributeUpdate, MfaFactor, MfaPreference, MfaPreferenceValue, TotpSetup, UserDevice } from './machines/account-contracts.js';
export type { AuthEvent, AuthEventType, AuthEventOf } from './machines/auth-events.js';
export type { AuthFlow } from './machines/auth-flow.js';
export type {
  AuthContext,
  AuthEmitted,
  AuthEmittedType,
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
export type { Transport } from './services/transport.js';
export type { TokenStorage } from './services/token-storage.js';
export { memoryStorage, type MemoryStorage } from './adapters/memory-storage.js';
export { webStorage } from './adapters/web-storage.js';
