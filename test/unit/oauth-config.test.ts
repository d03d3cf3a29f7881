import { describe, expect, it } from 'vitest';
import { AuthError } from '../../machines/auth-error.js';
import { parseOAuthConfig } from '../../machines/oauth-config.js';

const valid = {
  domain: 'myprefix.auth.us-east-1.amazoncognito.com',
  redirectSignIn: ['https://app.example.com/', 'http://localhost:3000/', 'myapp://callback'],
  redirectSignOut: ['https://app.example.com/bye'],
  scopes: ['openid', 'email', 'aws.cognito.signin.user.admin', 'https://api.example.com/read'],
  responseType: 'code',
};

function fieldsOf(config: unknown) {
  try {
    parseOAuthConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).name).toBe('ValidationError');
    return (error as AuthError).fields;
  }
  return undefined;
}

describe('the oauth config', () => {
  it('takes a host, or a URL with scheme and path, as the domain', () => {
    expect(parseOAuthConfig(valid)).toEqual(valid);
    expect(parseOAuthConfig({ ...valid, domain: 'auth.example.com' }).domain).toBe('auth.example.com');
    expect(parseOAuthConfig({ ...valid, domain: 'http://127.0.0.1:9229/us-east-1_Pool1' }).domain).toBe('http://127.0.0.1:9229/us-east-1_Pool1');
    expect(parseOAuthConfig({ ...valid, domain: 'localhost:9229' }).domain).toBe('localhost:9229');
    expect(fieldsOf({ ...valid, domain: 'not a domain' })).toEqual([
      { path: 'oauth.domain', message: 'must be a host (auth.example.com) or an http(s) URL without query' },
    ]);
    expect(fieldsOf({ ...valid, domain: 'https://auth.example.com/?x=1' })?.[0]?.path).toBe('oauth.domain');
  });

  it('refuses the implicit flow, saying so', () => {
    expect(fieldsOf({ ...valid, responseType: 'token' })).toEqual([
      { path: 'oauth.responseType', message: "must be 'code': the implicit flow ('token') is not supported, use the code flow (with PKCE)" },
    ]);
  });

  it('checks redirect URLs as Cognito checks callback URLs', () => {
    expect(fieldsOf({ ...valid, redirectSignIn: ['http://app.example.com/'] })).toEqual([
      { path: 'oauth.redirectSignIn.0', message: 'must use https (http only for localhost)' },
    ]);
    expect(fieldsOf({ ...valid, redirectSignIn: ['https://app.example.com/#x'] })?.[0]?.message).toBe('must not have a fragment');
    expect(fieldsOf({ ...valid, redirectSignOut: ['/relative'] })?.[0]).toEqual({
      path: 'oauth.redirectSignOut.0',
      message: 'must be an absolute URL (https://…, or myapp://… for a native app)',
    });
    expect(fieldsOf({ ...valid, redirectSignIn: [] })?.[0]).toEqual({ path: 'oauth.redirectSignIn', message: 'must list at least one URL' });
    expect(parseOAuthConfig({ ...valid, redirectSignIn: ['http://127.0.0.1:8080/cb', 'http://[::1]/cb'] }).redirectSignIn).toHaveLength(2);
  });

  it('checks scopes as Cognito scope strings', () => {
    expect(fieldsOf({ ...valid, scopes: ['openid email'] })?.[0]?.path).toBe('oauth.scopes.0');
    expect(fieldsOf({ ...valid, scopes: ['a"b'] })?.[0]?.path).toBe('oauth.scopes.0');
    expect(fieldsOf({ ...valid, scopes: Array.from({ length: 51 }, (_, i) => `s${i}`) })?.[0]).toEqual({
      path: 'oauth.scopes',
      message: 'must list at most 50 scopes',
    });
  });

  it('names what is missing', () => {
    expect(fieldsOf({ domain: 'auth.example.com' })?.map((f) => f.path)).toEqual([
      'oauth.redirectSignIn',
      'oauth.redirectSignOut',
      'oauth.scopes',
      'oauth.responseType',
    ]);
    expect(fieldsOf('auth.example.com')).toEqual([{ path: 'oauth', message: 'must be of type object' }]);
  });
});
