import { describe, expect, it } from 'vitest';
import { AuthError } from '../../machines/auth-error.js';
import { decodeJwtClaims, tokensFromResult, userFromIdToken } from '../../services/token-claims.js';
import { fakeTokens } from '../support/fake-tokens.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

/** A token whose payload is the given JSON text, exactly as written. */
function rawJwt(payloadJson: string): string {
  return `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(payloadJson).toString('base64url')}.c2ln`;
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('token decoding errors say what is wrong', () => {
  it.each(['justonepart', 'a..c', ''])('a token without a payload part (%j)', (token) => {
    const error = caught(() => decodeJwtClaims(token));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ name: 'InvalidTokenError', message: 'Not a JWT: it has no payload part' });
  });

  it.each([
    ['not base64', 'a.$$$$.c', TypeError],
    ['not JSON', rawJwt('not json'), SyntaxError],
    ['an array', rawJwt('[1,2]'), Error],
    ['null', rawJwt('null'), Error],
    ['a number', rawJwt('42'), Error],
    ['a string', rawJwt('"claims"'), Error],
  ])('a payload that is %s, with the reason as cause', (_what, token, causeType) => {
    const error = caught(() => decodeJwtClaims(token));
    expect(error).toMatchObject({ name: 'InvalidTokenError', message: 'Not a JWT: its payload is not base64url JSON' });
    expect((error as AuthError).cause).toBeInstanceOf(causeType);
  });

  it('names the cause of a payload that is JSON but no object', () => {
    const error = caught(() => decodeJwtClaims(rawJwt('[1,2]'))) as AuthError;
    expect((error.cause as Error).message).toBe('payload is not an object');
  });

  it('an ID token without cognito:username or sub', () => {
    const error = caught(() => userFromIdToken(rawJwt('{"sub":"s"}')));
    expect(error).toMatchObject({ name: 'InvalidTokenError', message: 'The ID token lacks cognito:username or sub' });
  });

  it('a result without an access or ID token', () => {
    const t = fakeTokens({ issuedAt: NOW });
    for (const result of [{ IdToken: t.IdToken }, { AccessToken: t.AccessToken }, { AccessToken: '', IdToken: t.IdToken }]) {
      expect(caught(() => tokensFromResult(result, NOW))).toMatchObject({
        name: 'InvalidTokenError',
        message: 'Cognito answered without an access or ID token',
      });
    }
  });

  it.each([
    ['iat', '{"exp":5}'],
    ['iat', '{"iat":"5","exp":6}'],
    ['exp', '{"iat":5,"exp":"6"}'],
    // JSON has no Infinity, but 1e999 parses to it.
    ['exp', '{"iat":5,"exp":1e999}'],
    ['iat', '{"iat":-1e999,"exp":6}'],
  ])('an access token without a finite numeric %s claim (%s)', (claim, payload) => {
    const t = fakeTokens({ issuedAt: NOW });
    expect(caught(() => tokensFromResult({ ...t, AccessToken: rawJwt(payload) }, NOW))).toMatchObject({
      name: 'InvalidTokenError',
      message: `The access token lacks a numeric ${claim} claim`,
    });
  });
});
