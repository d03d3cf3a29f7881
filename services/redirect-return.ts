import { AuthError } from '../machines/auth-error.js';

/*
 * What Cognito's authorize endpoint sends the browser back with: `?code=…&state=…`, or `?error=…` (with
 * `error_description` for an identity provider's trouble), see
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html.
 */

export type RedirectReturn =
  | { kind: 'code'; code?: string; state?: string }
  | { kind: 'error'; error: string; description?: string; state?: string };

/** The OAuth answer a URL carries (query first, then fragment), or null when it carries none. */
export function parseRedirectReturn(url: string): RedirectReturn | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const sources = [parsed.searchParams, new URLSearchParams(parsed.hash.replace(/^#/, ''))];
  const read = (name: string) => {
    for (const params of sources) {
      const value = params.get(name);
      if (value !== null) return value;
    }
    return undefined;
  };
  const error = read('error');
  const state = read('state');
  if (error !== undefined) {
    const description = read('error_description');
    return { kind: 'error', error, ...(description ? { description } : {}), ...(state !== undefined ? { state } : {}) };
  }
  const code = read('code');
  if (code === undefined && state === undefined) return null;
  return { kind: 'code', ...(code !== undefined ? { code } : {}), ...(state !== undefined ? { state } : {}) };
}

/**
 * The authorization code of a return, once its state is the one this app sent; otherwise the error to report:
 * Cognito's own (`access_denied`, `invalid_request`, …), `StateMismatch`, or `invalid_request` for a return
 * without a code.
 */
export function codeOfReturn(answer: RedirectReturn, expectedState: string): string {
  if (answer.kind === 'error') {
    return fail(answer.error, answer.description ?? `Managed login answered ${answer.error}`);
  }
  if (answer.state === undefined) return fail('StateMismatch', 'The sign-in came back without a state: it was not started here');
  if (answer.state !== expectedState) return fail('StateMismatch', 'The sign-in came back with a state this app did not send');
  if (!answer.code) return fail('invalid_request', 'The sign-in came back without an authorization code');
  return answer.code;
}

function fail(name: string, message: string): never {
  throw new AuthError(name, message);
}
