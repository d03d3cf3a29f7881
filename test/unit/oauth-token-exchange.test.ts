import { afterEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../machines/auth-error.js';
import { codeChallengeOf, createCodeVerifier } from '../../services/pkce.js';
import { exchangeCode } from '../../services/token-exchange.js';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { startTokenEndpointStub, type TokenEndpointStub } from '../support/token-endpoint-stub.js';

const REDIRECT = 'http://localhost:3000/callback';
let stub: TokenEndpointStub | undefined;

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const issued = () => {
  const t = fakeTokens();
  return { access_token: t.AccessToken, id_token: t.IdToken, refresh_token: t.RefreshToken };
};

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('the code exchange at /oauth2/token', () => {
  it('posts the form Cognito takes and answers with the tokens', async () => {
    stub = await startTokenEndpointStub({ clientId: CLIENT_ID });
    const verifier = createCodeVerifier();
    const tokens = issued();
    const code = stub.issueCode({ redirectUri: REDIRECT, codeChallenge: await codeChallengeOf(verifier), tokens });
    const result = await exchangeCode(
      { domain: stub.domain, clientId: CLIENT_ID, code, redirectUri: REDIRECT, codeVerifier: verifier },
      new AbortController().signal,
    );
    expect(result).toEqual({ AccessToken: tokens.access_token, IdToken: tokens.id_token, RefreshToken: tokens.refresh_token, ExpiresIn: 3600, TokenType: 'Bearer' });
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toEqual({
      contentType: 'application/x-www-form-urlencoded',
      authorization: undefined,
      form: { grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: REDIRECT, code_verifier: verifier },
    });
  });

  it('authenticates a client with a secret by HTTP Basic', async () => {
    stub = await startTokenEndpointStub({ clientId: CLIENT_ID, clientSecret: 's3cr3t/with+chars' });
    const verifier = createCodeVerifier();
    const code = stub.issueCode({ redirectUri: REDIRECT, codeChallenge: await codeChallengeOf(verifier), tokens: issued() });
    const request = { domain: stub.domain, clientId: CLIENT_ID, code, redirectUri: REDIRECT, codeVerifier: verifier };
    await expect(exchangeCode({ ...request, clientSecret: 's3cr3t/with+chars' }, new AbortController().signal)).resolves.toMatchObject({
      AccessToken: expect.any(String),
    });
    expect(stub.requests[0]!.authorization).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:s3cr3t/with+chars`).toString('base64')}`);
  });

  it("names the error after Cognito's: a wrong verifier, a code used twice", async () => {
    stub = await startTokenEndpointStub({ clientId: CLIENT_ID });
    const verifier = createCodeVerifier();
    const code = stub.issueCode({ redirectUri: REDIRECT, codeChallenge: await codeChallengeOf(verifier), tokens: issued() });
    const request = { domain: stub.domain, clientId: CLIENT_ID, code, redirectUri: REDIRECT, codeVerifier: createCodeVerifier() };
    const wrong = await rejection(exchangeCode(request, new AbortController().signal));
    expect(wrong.name).toBe('invalid_grant');
    expect(wrong.retryable).toBe(false);
    // The code was spent by the failed try.
    const again = await rejection(exchangeCode({ ...request, codeVerifier: verifier }, new AbortController().signal));
    expect(again.name).toBe('invalid_grant');
  });

  it('passes on error_description as the message', async () => {
    stub = await startTokenEndpointStub({ clientId: CLIENT_ID });
    const verifier = createCodeVerifier();
    const code = stub.issueCode({ redirectUri: REDIRECT, codeChallenge: await codeChallengeOf(verifier), tokens: issued() });
    const error = await rejection(
      exchangeCode({ domain: stub.domain, clientId: CLIENT_ID, code, redirectUri: 'http://localhost:3000/other', codeVerifier: verifier }, new AbortController().signal),
    );
    expect(error.name).toBe('invalid_grant');
    expect(error.message).toBe('redirect_uri mismatch');
  });

  it('reports an answer that is no OAuth answer as OAuthTokenExchangeError, retryable when the server failed', async () => {
    stub = await startTokenEndpointStub({ clientId: CLIENT_ID });
    stub.failNext(502, '<html>Bad gateway</html>');
    const request = { domain: stub.domain, clientId: CLIENT_ID, code: 'x', redirectUri: REDIRECT, codeVerifier: createCodeVerifier() };
    const error = await rejection(exchangeCode(request, new AbortController().signal));
    expect(error.name).toBe('OAuthTokenExchangeError');
    expect(error.retryable).toBe(true);
  });

  it('reports a token endpoint that cannot be reached as a NetworkError', async () => {
    stub = await startTokenEndpointStub({ clientId: CLIENT_ID });
    const domain = stub.domain;
    await stub.close();
    stub = undefined;
    const error = await rejection(
      exchangeCode({ domain, clientId: CLIENT_ID, code: 'x', redirectUri: REDIRECT, codeVerifier: createCodeVerifier() }, new AbortController().signal),
    );
    expect(error.name).toBe('NetworkError');
    expect(error.retryable).toBe(true);
  });
});
