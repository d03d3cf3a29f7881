import { describe, expect, it } from 'vitest';
import { toAuthError } from '../../services/error-mapping.js';

/** An answer as a transport without the SDK might report it: a plain object with only some of the SDK's fields. */
function answered(fields: Record<string, unknown>) {
  return Object.assign(new Error(typeof fields.message === 'string' ? fields.message : ''), fields);
}

/** `depth` wrappers around a socket failure, as undici and SDK handlers nest them in `cause`. */
function nested(depth: number): unknown {
  let error: unknown = { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' };
  for (let i = 0; i < depth; i += 1) error = { name: 'Error', message: `wrapper ${i}`, cause: error };
  return error;
}

describe('toAuthError: what counts as an answer', () => {
  it('takes an HTTP status alone, without $fault, as an answer', () => {
    const error = toAuthError({ name: 'UserNotFoundException', message: 'User does not exist.', $metadata: { httpStatusCode: 400 } });
    expect(error).toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.', retryable: false });
  });

  it.each(['client', 'server'])('takes $fault %s alone, without a status, as an answer', (fault) => {
    const error = toAuthError({ name: 'InvalidParameterException', message: 'bad', $fault: fault });
    expect(error).toMatchObject({ name: 'InvalidParameterException', message: 'bad', retryable: false });
  });

  it('does not take another $fault value, or a status that is not a number, as an answer', () => {
    expect(toAuthError({ name: 'InvalidParameterException', message: 'bad', $fault: 'other' }).name).toBe('UnknownError');
    const error = toAuthError({ name: 'InvalidParameterException', message: 'bad', $metadata: { httpStatusCode: '400' } });
    expect(error).toMatchObject({ name: 'UnknownError', message: 'bad' });
    // An SDK error that never reached the service keeps its socket code; a non-numeric status does not hide it.
    const offline = toAuthError({ code: 'ECONNRESET', message: 'socket hang up', $metadata: { httpStatusCode: '503' } });
    expect(offline).toMatchObject({ name: 'NetworkError', retryable: true });
  });

  it('names an answer whose name is not a string UnknownError, keeping its message and retry hint', () => {
    const error = toAuthError({ $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'Internal failure' });
    expect(error).toMatchObject({ name: 'UnknownError', message: 'Internal failure', retryable: true });
  });
});

describe('toAuthError: retryable answers', () => {
  it.each([
    [500, true],
    [599, true],
    [499, false],
    [429, true],
    [428, false],
    [430, false],
    [400, false],
  ])('an unnamed answer with HTTP %i is retryable=%s', (status, retryable) => {
    expect(toAuthError(answered({ name: 'SomeException', $metadata: { httpStatusCode: status } })).retryable).toBe(retryable);
  });

  it('marks ThrottlingException retryable whatever its status, and an unknown $fault-only answer not', () => {
    expect(toAuthError({ name: 'ThrottlingException', message: 'Rate exceeded', $fault: 'client' }).retryable).toBe(true);
    expect(toAuthError({ name: 'SomeException', message: 'x', $fault: 'server' }).retryable).toBe(false);
  });
});

describe('toAuthError: exception names', () => {
  it.each([
    ['com.amazonaws#FooException:bar', 'FooException'],
    ['com.amazonaws.cognitoidentityprovider#NotAuthorizedException', 'NotAuthorizedException'],
    ['NotAuthorizedException,http://internal.amazon.com/coral/', 'NotAuthorizedException'],
    ['  ThrottlingException  ', 'ThrottlingException'],
    ['a#b#CodeMismatchException : detail', 'CodeMismatchException'],
    ['#', 'UnknownError'],
    [':NotAuthorizedException', 'UnknownError'],
    ['Error', 'UnknownError'],
  ])('reads %j as %s', (raw, name) => {
    expect(toAuthError({ name: raw, message: 'm', $fault: 'client' }).name).toBe(name);
  });
});

describe('toAuthError: messages', () => {
  it('prefers message, then Cognito’s Message, then the exception name', () => {
    expect(toAuthError({ name: 'FooException', $fault: 'client', message: 'lower', Message: 'upper' }).message).toBe('lower');
    expect(toAuthError({ name: 'FooException', $fault: 'client', message: '', Message: 'From Cognito' }).message).toBe('From Cognito');
    expect(toAuthError({ name: 'FooException', $fault: 'client', message: 42, Message: 'From Cognito' }).message).toBe('From Cognito');
    expect(toAuthError({ name: 'FooException', $fault: 'client', Message: '' }).message).toBe('FooException');
    expect(toAuthError({ name: 'FooException', $fault: 'client', Message: 7 }).message).toBe('FooException');
    expect(toAuthError({ name: 'FooException', $fault: 'client' }).message).toBe('FooException');
  });

  it('gives a network failure without a message a default one', () => {
    const error = toAuthError({ code: 'ECONNREFUSED' });
    expect(error).toMatchObject({ name: 'NetworkError', message: 'The request got no answer', retryable: true });
  });

  it('gives anything else without a message a default one, and keeps the original as cause', () => {
    const original = { what: 'no idea' };
    const error = toAuthError(original);
    expect(error).toMatchObject({ name: 'UnknownError', message: 'Unknown error', retryable: false });
    expect(error.cause).toBe(original);
  });

  it('keeps a thrown primitive as cause', () => {
    const error = toAuthError('plain string');
    expect(error).toMatchObject({ name: 'UnknownError', message: 'plain string', retryable: false });
    expect(error.cause).toBe('plain string');
  });
});

describe('toAuthError: network failures', () => {
  it('walks up to three causes deep for a socket code, and no further', () => {
    expect(toAuthError(nested(3))).toMatchObject({ name: 'NetworkError', message: 'wrapper 2', retryable: true });
    expect(toAuthError(nested(4))).toMatchObject({ name: 'UnknownError', message: 'wrapper 3', retryable: false });
  });

  it('stops on a cause chain that loops', () => {
    const a: Record<string, unknown> = { message: 'a' };
    a.cause = { message: 'b', cause: a };
    expect(toAuthError(a)).toMatchObject({ name: 'UnknownError', message: 'a' });
  });

  it('does not take an unknown code for a network failure', () => {
    const error = toAuthError({ code: 'ERR_INVALID_ARG_TYPE', message: 'The "data" argument must be a string' });
    expect(error).toMatchObject({ name: 'UnknownError', retryable: false });
  });

  it('recognises a network name or code found on a cause', () => {
    expect(toAuthError({ message: 'outer', cause: { name: 'TimeoutError' } }).name).toBe('NetworkError');
    expect(toAuthError({ message: 'outer', cause: { code: 'UND_ERR_SOCKET' } }).name).toBe('NetworkError');
  });

  it('takes the fetch failure messages as network failures only on a TypeError', () => {
    expect(toAuthError(new TypeError('NetworkError when attempting to fetch resource.')).name).toBe('NetworkError');
    expect(toAuthError(new TypeError('fetch failed')).name).toBe('NetworkError');
    expect(toAuthError(new Error('Failed to fetch'))).toMatchObject({ name: 'UnknownError', message: 'Failed to fetch' });
    expect(toAuthError({ name: 'RangeError', message: 'fetch failed' }).name).toBe('UnknownError');
    expect(toAuthError({ name: 'TypeError', message: 42 }).name).toBe('UnknownError');
  });

  it('does not take an ordinary named error for a network failure', () => {
    expect(toAuthError({ name: 'SyntaxError', message: 'Unexpected token' })).toMatchObject({ name: 'UnknownError', message: 'Unexpected token' });
  });
});
