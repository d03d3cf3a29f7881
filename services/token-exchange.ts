import { AuthError } from '../machines/auth-error.js';
import { toBase64, utf8 } from './bytes.js';
import type { AuthenticationResultType } from './cognito-api.js';
import { tokenEndpoint } from './oauth-urls.js';

/*
 * The authorization code grant at `/oauth2/token`:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 * A form-encoded POST; an app client with a secret authenticates with HTTP Basic (client_secret_basic). Errors are
 * HTTP 400 with `{"error": "invalid_grant"}` (some with `error_description`).
 */

export interface CodeExchange {
  domain: string;
  clientId: string;
  clientSecret?: string;
  code: string;
  redirectUri: string;
  codeVerifier: string;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

interface TokenAnswer {
  access_token?: unknown;
  id_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  token_type?: unknown;
  error?: unknown;
  error_description?: unknown;
  error_message?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** Tokens for the code, in Cognito's AuthenticationResult shape; an AuthError named after Cognito's `error` otherwise. */
export async function exchangeCode(request: CodeExchange, signal: AbortSignal, fetchImpl: FetchLike = globalThis.fetch): Promise<AuthenticationResultType> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: request.clientId,
    code: request.code,
    redirect_uri: request.redirectUri,
    code_verifier: request.codeVerifier,
  });
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (request.clientSecret) headers.Authorization = `Basic ${toBase64(utf8(`${request.clientId}:${request.clientSecret}`))}`;
  let response: Response;
  try {
    response = await fetchImpl(tokenEndpoint(request.domain), { method: 'POST', headers, body: body.toString(), signal });
  } catch (cause) {
    if (signal.aborted) throw new AuthError('AbortError', 'The request was cancelled', { cause });
    throw new AuthError('NetworkError', 'The token endpoint could not be reached', { retryable: true, cause });
  }
  let answer: TokenAnswer | undefined;
  try {
    const parsed: unknown = await response.json();
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) answer = parsed as TokenAnswer;
  } catch {
    answer = undefined;
  }
  const retryable = response.status >= 500;
  if (!response.ok || !answer || answer.error !== undefined) {
    const error = text(answer?.error);
    if (error) {
      const detail = text(answer?.error_description) ?? text(answer?.error_message);
      throw new AuthError(error, detail ?? `The token endpoint refused the code: ${error}`, { retryable });
    }
    throw new AuthError('OAuthTokenExchangeError', `The token endpoint answered HTTP ${response.status} without an OAuth error`, { retryable });
  }
  const accessToken = text(answer.access_token);
  const idToken = text(answer.id_token);
  if (!accessToken || !idToken) {
    throw new AuthError('OAuthTokenExchangeError', 'The token endpoint answered without an access token and an ID token (is the openid scope asked for?)');
  }
  const refreshToken = text(answer.refresh_token);
  return {
    AccessToken: accessToken,
    IdToken: idToken,
    ...(refreshToken ? { RefreshToken: refreshToken } : {}),
    ...(typeof answer.expires_in === 'number' ? { ExpiresIn: answer.expires_in } : {}),
    ...(text(answer.token_type) ? { TokenType: text(answer.token_type) } : {}),
  };
}
