import { describe, expect, it } from 'vitest';
import { AuthError } from '../../machines/auth-error.js';
import { toAuthError } from '../../services/error-mapping.js';

/** The shape the AWS SDK gives a modelled Cognito exception (see its ServiceException). */
function serviceException(name: string, message: string, status: number, fault: 'client' | 'server' = 'client') {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, { $fault: fault, $metadata: { httpStatusCode: status, attempts: 1, totalRetryDelay: 0 } });
}

/** What Node's http module rejects with when nobody listens. */
function socketError(code: string) {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code, errno: -111, syscall: 'connect' });
}

describe('toAuthError', () => {
  it('keeps Cognito exception names and messages', () => {
    const error = toAuthError(serviceException('NotAuthorizedException', 'Incorrect username or password.', 400));
    expect(error).toBeInstanceOf(AuthError);
    expect(error.name).toBe('NotAuthorizedException');
    expect(error.message).toBe('Incorrect username or password.');
    expect(error.retryable).toBe(false);
  });

  it.each([
    ['TooManyRequestsException', 400, true],
    ['InternalErrorException', 500, true],
    ['LimitExceededException', 400, false],
    ['CodeMismatchException', 400, false],
    ['UsernameExistsException', 400, false],
  ])('marks %s (HTTP %i) retryable=%s', (name, status, retryable) => {
    expect(toAuthError(serviceException(name, 'x', status)).retryable).toBe(retryable);
  });

  it('treats any 5xx or 429 answer as retryable, whatever its name', () => {
    expect(toAuthError(serviceException('ServiceUnavailable', 'down', 503, 'server')).retryable).toBe(true);
    expect(toAuthError(serviceException('SlowDown', 'slow', 429)).retryable).toBe(true);
  });

  it('strips namespace prefixes and URL suffixes from exception names', () => {
    const prefixed = serviceException('com.amazonaws.cognitoidentityprovider#CodeMismatchException', 'bad code', 400);
    expect(toAuthError(prefixed).name).toBe('CodeMismatchException');
    const suffixed = serviceException('UserNotFoundException:http://internal.amazon.com/', 'gone', 400);
    expect(toAuthError(suffixed).name).toBe('UserNotFoundException');
  });

  it('names an answered error without a usable name UnknownError, keeping the retry hint of its status', () => {
    const error = toAuthError(serviceException('Error', '', 502, 'server'));
    expect(error.name).toBe('UnknownError');
    expect(error.message).toBe('UnknownError');
    expect(error.retryable).toBe(true);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE'])(
    'maps a socket failure %s to a retryable NetworkError',
    (code) => {
      const cause = socketError(code);
      const error = toAuthError(cause);
      expect(error.name).toBe('NetworkError');
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(code);
      expect(error.cause).toBe(cause);
    },
  );

  it('recognises the SDK retry bookkeeping on a network error as no answer', () => {
    // The SDK adds `$metadata` without a status to errors that never reached the service.
    const error = Object.assign(socketError('ECONNREFUSED'), { $metadata: { attempts: 3, totalRetryDelay: 45 } });
    expect(toAuthError(error).name).toBe('NetworkError');
  });

  it('maps aborts and timeouts to NetworkError', () => {
    expect(toAuthError(new DOMException('This operation was aborted', 'AbortError')).name).toBe('NetworkError');
    expect(toAuthError(new DOMException('The operation timed out.', 'TimeoutError')).name).toBe('NetworkError');
    const sdkAbort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    const mapped = toAuthError(sdkAbort);
    expect(mapped.name).toBe('NetworkError');
    expect(mapped.message).toBe('Request aborted');
    expect(mapped.retryable).toBe(true);
  });

  it('maps fetch failures, with or without a socket cause, to NetworkError', () => {
    const undici = new TypeError('fetch failed', { cause: socketError('ECONNREFUSED') });
    expect(toAuthError(undici).name).toBe('NetworkError');
    expect(toAuthError(new TypeError('Failed to fetch')).name).toBe('NetworkError');
    expect(toAuthError(new TypeError('Load failed')).name).toBe('NetworkError');
  });

  it('does not take an ordinary TypeError for a network failure', () => {
    const error = toAuthError(new TypeError("Cannot read properties of undefined (reading 'AccessToken')"));
    expect(error.name).toBe('UnknownError');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("Cannot read properties of undefined (reading 'AccessToken')");
  });

  it('maps anything else to UnknownError and keeps the original as cause', () => {
    const original = new RangeError('boom');
    const error = toAuthError(original);
    expect(error.name).toBe('UnknownError');
    expect(error.cause).toBe(original);
    expect(toAuthError('plain string').message).toBe('plain string');
    expect(toAuthError(undefined).name).toBe('UnknownError');
    expect(toAuthError(null).name).toBe('UnknownError');
  });

  it('returns an AuthError unchanged', () => {
    const original = new AuthError('ValidationError', 'bad input');
    expect(toAuthError(original)).toBe(original);
  });

  it('serialises without the cause', () => {
    const json = JSON.parse(JSON.stringify(toAuthError(serviceException('ExpiredCodeException', 'old code', 400))));
    expect(json).toEqual({ name: 'ExpiredCodeException', message: 'old code', retryable: false });
  });
});
