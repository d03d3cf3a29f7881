import type { CognitoOperation, InputOf, OutputOf } from 'cognito-auth-machine/advanced';
import { AuthError, type Transport } from 'cognito-auth-machine/core';
import { toAuthError } from 'cognito-auth-machine/protocol';
import type { LocalCognito } from './local-cognito.js';
import type { LocalUserPool } from './local-user-pool.js';

function isPool(target: LocalUserPool | LocalCognito): target is LocalUserPool {
  return 'userPoolId' in target;
}

/**
 * Calls the local user pool in-process. Inputs and outputs go through JSON as they would over HTTP, so nothing
 * (a Date, an undefined member, a shared object) behaves differently from the wire.
 */
export function localTransport(target: LocalUserPool | LocalCognito): Transport {
  const cognito = isPool(target) ? target.cognito : target;
  return {
    async send<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>> {
      if (signal?.aborted) throw new AuthError('NetworkError', 'The request was aborted.', { retryable: true });
      let output: unknown;
      try {
        output = await cognito.send(op, JSON.parse(JSON.stringify(input ?? {})));
      } catch (error) {
        // The same classification as the SDK and fetch transports: Cognito's name, retryable for throttling/5xx.
        throw toAuthError(error);
      }
      return JSON.parse(JSON.stringify(output ?? {})) as OutputOf<Op>;
    },
  };
}
