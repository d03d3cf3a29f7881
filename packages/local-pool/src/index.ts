/**
 * cognito-auth-machine/local: an in-memory Cognito user pool (optionally kept in a data folder) for development, demos and tests, in process
 * (`createLocalUserPool` + `localTransport`) or over HTTP (`startLocalCognito`). See docs/local-user-pool.md.
 */
export {
  createLocalCognito,
  type LocalCognito,
  type LocalCognitoOptions,
  type DeliveredMessage,
  type RecordCounts,
  type ServiceSnapshot,
} from './local-cognito.js';
export { SnapshotError, SNAPSHOT_VERSION } from './pool-snapshot.js';
export {
  createLocalUserPool,
  openLocalUserPool,
  type LocalUserPool,
  type LocalUserPoolOptions,
  type LocalPoolAdmin,
} from './local-user-pool.js';
export { localTransport } from './local-transport.js';
export {
  startLocalCognito,
  type LocalCognitoServer,
  type LocalCognitoServerOptions,
} from './local-cognito-server.js';
export type { HttpGuardOptions } from './http-guards.js';
export { manualClock, realClock, type Clock, type ManualClock } from './clock.js';
export { LocalCognitoError } from './local-cognito-error.js';
export { totpCode } from './totp.js';
export type {
  LocalTriggers,
  TriggerName,
  TriggerEvents,
  PreSignUpEvent,
  PostConfirmationEvent,
  PreAuthenticationEvent,
  PostAuthenticationEvent,
  UserMigrationEvent,
  CustomMessageEvent,
  DefineAuthChallengeEvent,
  CreateAuthChallengeEvent,
  VerifyAuthChallengeResponseEvent,
  PreTokenGenerationEvent,
  PreTokenGenerationV2Event,
} from './triggers.js';
