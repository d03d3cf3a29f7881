import { describe, expect, it } from 'vitest';
import { parseAuthConfig } from '../../machines/config-schema.js';
import { AuthError } from '../../machines/auth-error.js';

/* The data part of createAuth's config: the region it resolves and the exact words of a refusal. */

function refusal(config: unknown): AuthError {
  try {
    parseAuthConfig(config);
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('parseAuthConfig', () => {
  it('takes the region from the pool id when none is given', () => {
    expect(parseAuthConfig({ userPoolId: 'eu-west-2_AbCdEf123', userPoolClientId: 'client1' })).toEqual({
      userPoolId: 'eu-west-2_AbCdEf123',
      userPoolClientId: 'client1',
      region: 'eu-west-2',
    });
  });

  it('keeps a region that is given, even one other than the pool id\'s', () => {
    expect(parseAuthConfig({ userPoolId: 'eu-west-2_AbCdEf123', userPoolClientId: 'client1', region: 'us-east-1' }).region).toBe('us-east-1');
  });

  it('names each missing field as "is required", in the order of the schema', () => {
    const error = refusal({});
    expect(error).toMatchObject({ name: 'ValidationError', retryable: false });
    expect(error.fields).toEqual([
      { path: 'userPoolId', message: 'is required' },
      { path: 'userPoolClientId', message: 'is required' },
    ]);
    expect(error.message).toBe('Invalid auth config: userPoolId is required; userPoolClientId is required');
  });

  it('a field of the wrong type, or a config that is not an object, says which type', () => {
    expect(refusal({ userPoolId: 'eu-west-2_AbCdEf123', userPoolClientId: 5 }).fields).toEqual([
      { path: 'userPoolClientId', message: 'must be of type string' },
    ]);
    expect(refusal('eu-west-2_AbCdEf123').fields).toEqual([{ path: '(config)', message: 'must be of type object' }]);
    expect(refusal({ userPoolId: 'eu-west-2_AbCdEf123', userPoolClientId: 'client1', authFlow: 'ADMIN_USER_PASSWORD_AUTH' }).fields).toEqual([
      { path: 'authFlow', message: 'must be one of USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_WITH_SRP, CUSTOM_WITHOUT_SRP, USER_AUTH' },
    ]);
  });

  it('a present but malformed field gets its format message, not "is required"', () => {
    const error = refusal({ userPoolId: 'mypool', userPoolClientId: 'client1', endpoint: 'ftp://127.0.0.1' });
    expect(error.fields).toEqual([
      { path: 'userPoolId', message: 'must look like us-east-1_AbCdEf123' },
      { path: 'endpoint', message: 'must be an http(s) URL' },
    ]);
    expect(error.message).toBe('Invalid auth config: userPoolId must look like us-east-1_AbCdEf123; endpoint must be an http(s) URL');
  });

  it('a config that is not an object is named as (config)', () => {
    for (const config of [null, 'us-east-1_AbCdEf123', 42]) {
      expect(refusal(config).fields?.map((f) => f.path)).toEqual(['(config)']);
    }
  });
});
