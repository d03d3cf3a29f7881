import { AuthError } from '../machines/auth-error.js';

/**
 * Turns whatever a transport caught into the library's one error type. Shared by every transport (SDK, fetch,
 * local), so it reads errors by shape only: `name`, `$fault`, `$metadata.httpStatusCode` (the AWS SDK's service
 * exceptions carry all three), Node's `code` (`ECONNREFUSED`, …) and the DOM's `AbortError` / `TimeoutError`.
 *
 * - Cognito answered: `name` is Cognito's exception name, the message is kept.
 * - No answer came back (refused, reset, DNS, timeout, abort): `NetworkError`, retryable.
 * - Anything else: `UnknownError`, with the original as `cause`.
 */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  if (!isRecord(error)) return new AuthError('UnknownError', String(error), { cause: error });

  const status = httpStatusOf(error);
  if (status !== undefined || error.$fault === 'client' || error.$fault === 'server') {
    const name = exceptionName(error.name);
    return new AuthError(name, messageOf(error, name), {
      retryable: isRetryableAnswer(name, status),
      cause: error,
    });
  }

  if (isNetworkFailure(error)) {
    return new AuthError('NetworkError', messageOf(error, 'The request got no answer'), {
      retryable: true,
      cause: error,
    });
  }

  return new AuthError('UnknownError', messageOf(error, 'Unknown error'), { cause: error });
}

/**
 * Exceptions worth trying again unchanged, soon. `LimitExceededException` is deliberately absent: in Cognito it
 * reports a per-user hourly quota (codes sent, confirmations, password changes), which an immediate retry cannot
 * satisfy; the AWS SDK has already retried it within its attempts before it reaches us.
 */
const RETRYABLE_EXCEPTIONS: ReadonlySet<string> = new Set([
  'TooManyRequestsException',
  'InternalErrorException',
  'ThrottlingException',
]);

function isRetryableAnswer(name: string, status: number | undefined): boolean {
  if (RETRYABLE_EXCEPTIONS.has(name)) return true;
  return status !== undefined && (status >= 500 || status === 429);
}

/** Node and undici codes for a request that never got an HTTP answer. */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** `AbortError`/`TimeoutError` come from AbortSignal and the SDK's HTTP handlers. */
const NETWORK_ERROR_NAMES: ReadonlySet<string> = new Set(['AbortError', 'TimeoutError']);

/** What `fetch` rejects with when no response arrived, per engine (Chromium, Firefox, WebKit, undici). */
const FETCH_FAILURE_MESSAGES: ReadonlySet<string> = new Set([
  'Failed to fetch',
  'NetworkError when attempting to fetch resource.',
  'Load failed',
  'fetch failed',
]);

function isNetworkFailure(error: Record<string, unknown>): boolean {
  // undici nests the socket error in `cause`; a short walk is enough and cannot loop forever.
  let current: unknown = error;
  for (let depth = 0; depth < 4 && isRecord(current); depth += 1) {
    // A set of strings has no non-string member, so the fields need no type check before the look-up.
    if (NETWORK_ERROR_CODES.has(current.code as string)) return true;
    if (NETWORK_ERROR_NAMES.has(current.name as string)) return true;
    if (current.name === 'TypeError' && FETCH_FAILURE_MESSAGES.has(current.message as string)) return true;
    current = current.cause;
  }
  return false;
}

function httpStatusOf(error: Record<string, unknown>): number | undefined {
  const metadata = error.$metadata;
  if (!isRecord(metadata)) return undefined;
  return typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

/**
 * Cognito names travel as `NotAuthorizedException`, `com.amazonaws.cognitoidentityprovider#NotAuthorizedException`
 * or `NotAuthorizedException:http://…`; keep the bare name. A generic `Error` is no exception name at all.
 */
function exceptionName(name: unknown): string {
  if (typeof name !== 'string') return 'UnknownError';
  // split() always yields at least one element.
  const bare = name.split(/[:,]/)[0]!.split('#').pop()!.trim();
  return bare === '' || bare === 'Error' ? 'UnknownError' : bare;
}

function messageOf(error: Record<string, unknown>, fallback: string): string {
  if (typeof error.message === 'string' && error.message !== '') return error.message;
  if (typeof error.Message === 'string' && error.Message !== '') return error.Message;
  return fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
