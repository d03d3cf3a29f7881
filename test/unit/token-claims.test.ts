import { describe, expect, it } from 'vitest';
import { AuthError } from '../../machines/auth-error.js';
import { decodeJwtClaims, tokensFromResult, userFromIdToken } from '../../services/token-claims.js';
import { CLIENT_ID, ISSUER, fakeTokens } from '../support/fake-tokens.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function jwt(payload: unknown): string {
  return `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
}

function thrownBy(fn: () => unknown): AuthError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('decodeJwtClaims', () => {
  it('reads the payload of a Cognito token, unicode included', () => {
    const t = fakeTokens({ issuedAt: NOW, attributes: { name: 'Zoë Ñandú 東京' } });
    const claims = decodeJwtClaims(t.IdToken);
    expect(claims).toMatchObject({ token_use: 'id', aud: CLIENT_ID, iss: ISSUER, iat: NOW / 1000, exp: NOW / 1000 + 3600, name: 'Zoë Ñandú 東京' });
    expect(decodeJwtClaims(t.AccessToken)).toMatchObject({ token_use: 'access', client_id: CLIENT_ID, username: 'alice' });
  });

  it('reads padded base64 as well as base64url', () => {
    const payload = Buffer.from(JSON.stringify({ a: '??>' })).toString('base64');
    expect(decodeJwtClaims(`h.${payload}.s`)).toEqual({ a: '??>' });
  });

  it.each([
    ['no payload part', 'justonepart'],
    ['an empty payload', 'a..c'],
    ['a payload that is not JSON', `a.${Buffer.from('not json').toString('base64url')}.c`],
    ['a payload that is an array', `a.${Buffer.from('[1,2]').toString('base64url')}.c`],
    ['a payload that is null', `a.${Buffer.from('null').toString('base64url')}.c`],
  ])('throws InvalidTokenError for %s', (_what, token) => {
    expect(thrownBy(() => decodeJwtClaims(token)).name).toBe('InvalidTokenError');
  });
});

describe('userFromIdToken', () => {
  it('takes username and sub, and keeps user attributes (custom ones too) but no token claims', () => {
    const t = fakeTokens({
      username: 'b6c9-internal',
      sub: 'sub-42',
      attributes: {
        email: 'alice@example.com',
        email_verified: true,
        updated_at: 1700000000,
        'custom:plan': 'pro',
        'cognito:groups': ['admins'],
        address: { formatted: 'x' },
      },
    });
    expect(userFromIdToken(t.IdToken)).toEqual({
      username: 'b6c9-internal',
      userSub: 'sub-42',
      attributes: { sub: 'sub-42', email: 'alice@example.com', email_verified: true, updated_at: 1700000000, 'custom:plan': 'pro' },
    });
  });

  it('throws InvalidTokenError without cognito:username or sub', () => {
    expect(thrownBy(() => userFromIdToken(jwt({ sub: 's' }))).name).toBe('InvalidTokenError');
    expect(thrownBy(() => userFromIdToken(jwt({ 'cognito:username': 'u' }))).name).toBe('InvalidTokenError');
    // An access token has `username`, not `cognito:username`.
    expect(thrownBy(() => userFromIdToken(fakeTokens().AccessToken)).name).toBe('InvalidTokenError');
  });
});

describe('tokensFromResult', () => {
  it('takes expiry and issue time from the access token and measures the clock drift', () => {
    const t = fakeTokens({ issuedAt: NOW, lifetimeSeconds: 3600 });
    // This device is 4 s behind the server.
    expect(tokensFromResult(t, NOW - 4000)).toEqual({
      idToken: t.IdToken,
      accessToken: t.AccessToken,
      refreshToken: t.RefreshToken,
      issuedAt: NOW,
      expiresAt: NOW + 3600 * 1000,
      clockDrift: 4000,
    });
  });

  it('keeps the previous refresh token when the result has none, and prefers a new one', () => {
    const { RefreshToken: _none, ...refreshed } = fakeTokens({ issuedAt: NOW });
    expect(tokensFromResult(refreshed, NOW, 'previous').refreshToken).toBe('previous');
    expect(tokensFromResult({ ...refreshed, RefreshToken: 'rotated' }, NOW, 'previous').refreshToken).toBe('rotated');
    expect(tokensFromResult(refreshed, NOW)).not.toHaveProperty('refreshToken');
  });

  it('throws InvalidTokenError without tokens or without numeric iat/exp', () => {
    const t = fakeTokens({ issuedAt: NOW });
    expect(thrownBy(() => tokensFromResult({ IdToken: t.IdToken }, NOW)).name).toBe('InvalidTokenError');
    expect(thrownBy(() => tokensFromResult({ AccessToken: t.AccessToken }, NOW)).name).toBe('InvalidTokenError');
    expect(thrownBy(() => tokensFromResult({ ...t, AccessToken: jwt({ exp: 5 }) }, NOW)).name).toBe('InvalidTokenError');
    expect(thrownBy(() => tokensFromResult({ ...t, AccessToken: jwt({ iat: 5, exp: '6' }) }, NOW)).name).toBe('InvalidTokenError');
  });
});
