import type { CognitoOperation, InputOf, OutputOf } from './cognito-api.js';

/**
 * Sends one Cognito API operation. Implementations (SDK, fetch, local pool) resolve with Cognito's output
 * shape and reject with an error whose `name` is Cognito's exception name (`NotAuthorizedException`, …), or
 * `NetworkError` when no answer came back (connection refused, reset, timeout, abort).
 */
export interface Transport {
  send<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>>;
}
