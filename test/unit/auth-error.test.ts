import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AuthError, isAuthError } from '../../machines/auth-error.js';

describe('AuthError', () => {
  it('is an Error with Cognito\'s name, not retryable unless told', () => {
    const error = new AuthError('NotAuthorizedException', 'Incorrect username or password.');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.', retryable: false });
    expect(new AuthError('NetworkError', 'offline', { retryable: true }).retryable).toBe(true);
  });

  it('keeps the cause it is given, and has none otherwise (logs show no empty cause)', () => {
    const cause = new TypeError('fetch failed');
    expect(new AuthError('NetworkError', 'offline', { cause }).cause).toBe(cause);
    const plain = new AuthError('NetworkError', 'offline');
    expect('cause' in plain).toBe(false);
    expect(inspect(plain)).not.toContain('cause');
  });

  it('has fields only when given some', () => {
    const fields = [{ path: 'username', message: 'is required' }];
    expect(new AuthError('ValidationError', 'x', { fields }).fields).toEqual(fields);
    expect(new AuthError('UnknownError', 'x').fields).toBeUndefined();
  });

  it('serialises to name, message, retryable and fields, never the cause', () => {
    const fields = [{ path: 'code', message: 'must not be empty' }];
    const error = new AuthError('ValidationError', 'CONFIRM_SIGN_IN was not sent: code must not be empty', {
      fields,
      cause: new Error('secret detail'),
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ValidationError',
      message: 'CONFIRM_SIGN_IN was not sent: code must not be empty',
      retryable: false,
      fields,
    });
    expect(JSON.stringify(new AuthError('NetworkError', 'offline', { retryable: true, cause: new Error('secret detail') }))).toBe(
      '{"name":"NetworkError","message":"offline","retryable":true}',
    );
  });

  it('isAuthError tells AuthErrors from other values', () => {
    expect(isAuthError(new AuthError('UnknownError', 'x'))).toBe(true);
    expect(isAuthError(new Error('x'))).toBe(false);
    expect(isAuthError({ name: 'UnknownError', message: 'x', retryable: false })).toBe(false);
    expect(isAuthError(undefined)).toBe(false);
  });
});
