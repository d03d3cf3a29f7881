import { AuthError } from '../machines/auth-error.js';
import type { CognitoOperation, InputOf, OutputOf } from '../services/cognito-api.js';
import { toAuthError } from '../services/error-mapping.js';
import type { Transport } from '../services/transport.js';
import { timerDelay } from '../machines/timer-delay.js';
import { timeoutOption, timeoutReason } from './call-deadline.js';
import { backoffDelay, isSafeToRetry } from './retry-policy.js';

export interface FetchTransportRetryOptions {
  /** Total attempts per call, first one included. Default 3; 1 turns retries off. */
  maxAttempts?: number;
  /** Upper bound of the first wait; doubles per retry. Default 100 ms. */
  baseDelayMs?: number;
  /** No wait exceeds this. Default 2,000 ms. */
  maxDelayMs?: number;
}

interface FetchTransportCommonOptions {
  /** Per attempt: no answer (headers and body) within this many ms counts as a network failure. Default 10,000. */
  timeoutMs?: number;
  retries?: FetchTransportRetryOptions;
  /** The `fetch` to use; default the global one. */
  fetch?: typeof fetch;
}

export type FetchTransportOptions =
  | ({ region: string; endpoint?: undefined } & FetchTransportCommonOptions)
  | ({ endpoint: string; region?: string } & FetchTransportCommonOptions);

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_BASE_DELAY_MS = 100;
const DEFAULT_MAX_DELAY_MS = 2_000;

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/**
 * Cognito's AWS JSON 1.1 protocol over `fetch`, with no SDK: every user-pool operation is an unsigned
 * `POST /` whose `X-Amz-Target` names the operation. Errors become `AuthError`s named after Cognito's exception.
 */
export function fetchTransport(options: FetchTransportOptions): Transport {
  const url = endpointOf(options);
  const timeoutMs = timeoutOption(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'fetchTransport');
  const maxAttempts = Math.max(1, options.retries?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const backoff = {
    baseDelayMs: options.retries?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: options.retries?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
  };
  // Looked up per call, not captured: tests and polyfills may replace the global after creation.
  const fetchOf = (): typeof fetch => options.fetch ?? globalThis.fetch;

  return {
    async send<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>> {
      const body = JSON.stringify(input);
      const attempts = isSafeToRetry(op, input) ? maxAttempts : 1;
      for (let attempt = 1; ; attempt += 1) {
        try {
          return (await sendOnce(fetchOf(), url, op, body, timeoutMs, signal)) as OutputOf<Op>;
        } catch (caught) {
          const error = toAuthError(caught);
          if (!error.retryable || attempt >= attempts || signal?.aborted) throw error;
          await sleep(backoffDelay(attempt, backoff), signal, error);
        }
      }
    },
  };
}

function endpointOf(options: FetchTransportOptions): string {
  if (options.endpoint !== undefined && options.endpoint !== '') return options.endpoint;
  if (typeof options.region === 'string' && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(options.region)) {
    return `https://cognito-idp.${options.region}.amazonaws.com/`;
  }
  throw new AuthError('ValidationError', 'fetchTransport needs a region such as us-east-1, or an endpoint', {
    fields: [{ path: options.region === undefined ? 'endpoint' : 'region', message: 'Required: a valid AWS region or an endpoint URL' }],
  });
}

/** One POST with its own timeout, tied to the caller's signal. Resolves with Cognito's output. */
async function sendOnce(
  fetchFn: typeof fetch,
  url: string,
  op: CognitoOperation,
  body: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  signal?.throwIfAborted();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  // A DOMException named TimeoutError, as AbortSignal.timeout() would give; error mapping reads it as no answer.
  const timer = setTimeout(() => controller.abort(timeoutReason(timeoutMs)), timeoutMs);
  try {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `${TARGET_PREFIX}${op}`,
        'Cache-Control': 'no-store',
      },
      body,
      signal: controller.signal,
    });
    const text = await response.text();
    if (response.ok) return parseSuccess(text, response.status);
    throw cognitoErrorOf(response, text);
  } catch (error) {
    // Some fetch implementations reject with a generic AbortError instead of the reason given to abort().
    if (controller.signal.aborted && !(error instanceof AuthError)) throw controller.signal.reason ?? error;
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function parseSuccess(text: string, status: number): unknown {
  // Cognito answers `{}` for operations without output; an empty body means the same.
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed;
  } catch {
    // fall through
  }
  throw new AuthError('UnknownError', `Cognito answered HTTP ${status} with a body that is not a JSON object`);
}

/**
 * The error's name comes from the `x-amzn-ErrorType` header, else the body's `__type` or `code` (as the AWS SDK
 * reads it); `toAuthError` strips namespaces (`…#Name`) and suffixes (`Name:http://…`). The result has the shape
 * of an SDK service exception, so that all transports map errors the same way.
 */
function cognitoErrorOf(
  response: Response,
  text: string,
): { name: string; message: string; $fault: 'client' | 'server'; $metadata: { httpStatusCode: number } } {
  const body = parseErrorBody(text);
  const name = headerOf(response, 'x-amzn-ErrorType') ?? stringField(body, '__type') ?? stringField(body, 'code') ?? '';
  const message = stringField(body, 'message') ?? stringField(body, 'Message') ?? headerOf(response, 'x-amzn-ErrorMessage') ?? '';
  return {
    name,
    message: message === '' ? `Cognito answered HTTP ${response.status}` : message,
    $fault: response.status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: response.status },
  };
}

function parseErrorBody(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function headerOf(response: Response, name: string): string | undefined {
  const value = response.headers.get(name);
  return value === null || value === '' ? undefined : value;
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Waits before a retry; an abort during the wait ends the call with the error that caused the retry. */
function sleep(ms: number, signal: AbortSignal | undefined, lastError: AuthError): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(lastError);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(lastError);
    };
    // maxDelayMs is the app's: a wait longer than a timer holds would end at once.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, timerDelay(ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
