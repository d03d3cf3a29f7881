/**
 * cognito-auth-machine: a headless authentication state machine for Amazon Cognito user pools.
 * `createAuth` sends its Cognito calls with the AWS SDK unless a `transport` is given.
 */
import { authFactory } from './runtime/create-auth.js';
import { sdkTransport } from './adapters/sdk-transport.js';

export * from './core.js';

export const createAuth = authFactory({
  defaultAuthFlow: 'USER_SRP_AUTH',
  transport: (config) => sdkTransport({ region: config.region, ...(config.endpoint ? { endpoint: config.endpoint } : {}) }),
});

export { sdkTransport, type SdkTransportOptions } from './adapters/sdk-transport.js';
