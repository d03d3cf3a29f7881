/**
 * cognito-auth-machine/local: an in-memory Cognito user pool for development, demos and tests, in process
 * (`createLocalUserPool` + `localTransport`) or over HTTP (`startLocalCognito`). See docs/local-user-pool.md.
 */
export { createLocalCognito, type LocalCognito, type LocalCognitoOptions, type DeliveredMessage } from './adapters/local-pool/local-cognito.js';
export {
  createLocalUserPool,
  type LocalUserPool,
  type LocalUserPoolOptions,
  type LocalPoolAdmin,
} from './adapters/local-pool/local-user-pool.js';
export { localTransport } from './adapters/local-pool/local-transport.js';
export {
  startLocalCognito,
  type LocalCognitoServer,
  type LocalCognitoServerOptions,
} from './adapters/local-pool/local-cognito-server.js';
export { manualClock, realClock, type Clock, type ManualClock } from './adapters/local-pool/clock.js';
export { LocalCognitoError } from './adapters/local-pool/local-cognito-error.js';
export { totpCode } from './adapters/local-pool/totp.js';
export type {
  LocalTriggers,
  TriggerName,
  TriggerEvents,
  PreSignUpEvent,
  PostConfirmationEvent,
  DefineAuthChallengeEvent,
  CreateAuthChallengeEvent,
  VerifyAuthChallengeResponseEvent,
  PreTokenGenerationEvent,
} from './adapters/local-pool/triggers.js';
