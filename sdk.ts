/** cognito-auth-machine/sdk: the transport over `@aws-sdk/client-cognito-identity-provider`. */
export { sdkTransport, type SdkTransportOptions } from './adapters/sdk-transport.js';
