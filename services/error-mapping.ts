import { AuthError } from '../machines/auth-error.js';

/** Cognito exceptions worth trying again unchanged (reference 1.6): throttling and server faults. */
const RETRYABLE = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'InternalErrorException',
  'InternalServerException',
  'ServiceUnavailableException',
]);

/** Node and fetch failures that mean no answer came back. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);
const NETWORK_NAMES = new Set(['AbortError', 'TimeoutError', 'NetworkError', 'RequestTimeout', 'FetchError']);

/** One classification of errors for every transport: Cognito's name kept, the rest named by what happened. */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  if (!(error instanceof Error)) return new AuthError('UnknownError', String(error), { cause: error });
  const { name, message } = error;
  const code = (error as { code?: unknown }).code;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (NETWORK_NAMES.has(name) || (typeof code === 'string' && NETWORK_CODES.has(code)) || error.message === 'fetch failed') {
    return new AuthError('NetworkError', `No answer from Cognito: ${message}`, { retryable: true, cause: error });
  }
  if (/Exception$/.test(name)) {
    const retryable = RETRYABLE.has(name) || (status !== undefined && status >= 500);
    return new AuthError(name, message, { retryable, cause: error });
  }
  return new AuthError('UnknownError', message, { retryable: status !== undefined && status >= 500, cause: error });
}
