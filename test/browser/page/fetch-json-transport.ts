import { AuthError } from '../../../machines/auth-error.js';
import type { CognitoOperation, InputOf, OutputOf } from '../../../services/cognito-api.js';
import type { Transport } from '../../../services/transport.js';

/** The test page's Transport: Cognito's JSON 1.1 protocol over fetch, just enough for the local user pool. */
export function fetchJsonTransport(endpoint: string): Transport {
  return {
    async send<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>> {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-amz-json-1.1',
            'X-Amz-Target': `AWSCognitoIdentityProviderService.${op}`,
          },
          body: JSON.stringify(input ?? {}),
          ...(signal ? { signal } : {}),
        });
      } catch (cause) {
        throw new AuthError('NetworkError', 'The request got no answer', { retryable: true, cause });
      }
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.ok) return body as OutputOf<Op>;
      const name = String(body.__type ?? 'UnknownError').split('#').pop() ?? 'UnknownError';
      throw new AuthError(name, String(body.message ?? name), { retryable: response.status >= 500 });
    },
  };
}
