import { AuthError } from '../machines/auth-error.js';
import { MAX_TIMER_MS } from '../machines/timer-delay.js';

/**
 * A transport's `timeoutMs` option: a positive number of milliseconds, at most what a timer holds; absent, the
 * default. Anything else is refused before any request is sent.
 */
export function timeoutOption(value: unknown, fallback: number, transport: string): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && value > 0 && value <= MAX_TIMER_MS) return value;
  throw new AuthError('ValidationError', `${transport}: timeoutMs must be a number of milliseconds between 1 and ${MAX_TIMER_MS}`, {
    fields: [{ path: 'timeoutMs', message: `Expected 1 to ${MAX_TIMER_MS} ms` }],
  });
}

/** What a request that ran out of time rejects with: a DOMException named TimeoutError, as AbortSignal.timeout() gives. */
export function timeoutReason(timeoutMs: number): DOMException {
  return new DOMException(`No answer from Cognito within ${timeoutMs} ms`, 'TimeoutError');
}

/**
 * Runs `request` with a signal that aborts when the caller's does or when `timeoutMs` has passed, and settles
 * by then whether or not `request` heeds its signal: a server that accepts and never answers cannot keep the
 * caller waiting. Running out of time rejects with `timeoutReason`, which error mapping reads as no answer.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  request: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  signal?.throwIfAborted();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = timeoutReason(timeoutMs);
      controller.abort(reason);
      reject(reason);
    }, timeoutMs);
  });
  try {
    return await Promise.race([request(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
