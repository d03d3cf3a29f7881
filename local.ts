/**
 * cognito-auth-machine/local: a Cognito user pool in memory, in process (`localTransport`) or over HTTP
 * (`startLocalCognito`), with an outbox of delivered codes, for development, demos and tests with no AWS account.
 */
export { createLocalUserPool, type LocalUserPool, type LocalUserPoolOptions, type LocalPoolAdmin } from './adapters/local-pool/local-user-pool.js';
export { createLocalCognito, type LocalCognito, type LocalCognitoOptions, type DeliveredMessage } from './adapters/local-pool/local-cognito.js';
export { localTransport } from './adapters/local-pool/local-transport.js';
export { startLocalCognito, type LocalCognitoServer, type LocalCognitoServerOptions } from './adapters/local-pool/local-cognito-server.js';
export { manualClock, realClock, type Clock, type ManualClock } from './adapters/local-pool/clock.js';
export type {
  LocalTriggers,
  TriggerName,
  PreSignUpEvent,
  PostConfirmationEvent,
  DefineAuthChallengeEvent,
  CreateAuthChallengeEvent,
  VerifyAuthChallengeResponseEvent,
  PreTokenGenerationEvent,
} from './adapters/local-pool/triggers.js';
