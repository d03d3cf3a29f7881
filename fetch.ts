/** cognito-auth-machine/fetch: Cognito's JSON protocol over `fetch`, for browsers and runtimes without the AWS SDK. */
export { fetchTransport, type FetchTransportOptions, type FetchTransportRetryOptions } from './adapters/fetch-transport.js';
