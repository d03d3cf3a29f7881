import { AuthError } from '../machines/auth-error.js';
import { fromBase64, fromUtf8, utf8 } from '../services/bytes.js';
import { toAuthError } from '../services/error-mapping.js';
import { timeoutOption, withDeadline } from './call-deadline.js';

/*
 * Optional, and never part of createAuth: the machine trusts the tokens it got from Cognito over TLS and does not
 * verify signatures (docs/session.md says why). An app that wants the stored ID token checked before it believes
 * its claims can call this; it costs a JWKS download and nothing in the bundle of an app that does not.
 * The checks are those of
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */

export interface VerifyIdTokenOptions {
  userPoolId: string;
  /** The app client the token must be for (its `aud`). */
  clientId: string;
  /**
   * The token's issuer: default `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` (region from the pool
   * id). The keys are read from `<issuer>/.well-known/jwks.json`. A local pool: `<endpoint>/<userPoolId>`.
   */
  issuer?: string;
  /** The `fetch` to read the keys with; default the global one. */
  fetch?: typeof fetch;
  /** No keys within this many ms is a retryable NetworkError. Default 10,000. */
  timeoutMs?: number;
  /** Now, in ms since the epoch, for the expiry check; default `Date.now()`. */
  now?: number;
}

interface RsaJwk {
  kid: string;
  kty: string;
  n: string;
  e: string;
  alg?: string;
  use?: string;
}

/** The keys of each issuer, as last read: a token signed with a key not among them reads them again, once. */
const keysByUrl = new Map<string, Promise<RsaJwk[]>>();

function invalid(message: string): AuthError {
  return new AuthError('InvalidTokenError', `The ID token cannot be trusted: ${message}`);
}

function jsonPart(part: string | undefined, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(fromUtf8(fromBase64(part ?? '')));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw invalid(`its ${what} is not base64url JSON`);
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

async function readKeys(url: string, options: VerifyIdTokenOptions): Promise<RsaJwk[]> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const timeoutMs = timeoutOption(options.timeoutMs, 10_000, 'verifyIdToken');
  try {
    const body = await withDeadline(timeoutMs, undefined, async (signal) => {
      const response = await fetchFn(url, { signal, headers: { Accept: 'application/json' } });
      if (!response.ok) throw new AuthError('NetworkError', `The pool's keys answered HTTP ${response.status}`, { retryable: true });
      return (await response.json()) as unknown;
    });
    const keys = (body as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys)) throw new AuthError('InvalidResponseError', `${url} holds no key set`);
    return keys.filter(
      (key): key is RsaJwk =>
        typeof key === 'object' && key !== null && typeof key.kid === 'string' && key.kty === 'RSA' && typeof key.n === 'string' && typeof key.e === 'string',
    );
  } catch (error) {
    throw toAuthError(error);
  }
}

async function keyFor(kid: string, url: string, options: VerifyIdTokenOptions): Promise<RsaJwk | undefined> {
  const cached = keysByUrl.get(url);
  if (cached) {
    const key = (await cached.catch(() => [])).find((k) => k.kid === kid);
    if (key) return key;
  }
  // First use, or the pool rotated its keys: read them (again).
  const fresh = readKeys(url, options);
  keysByUrl.set(url, fresh);
  fresh.catch(() => keysByUrl.delete(url));
  return (await fresh).find((k) => k.kid === kid);
}

/**
 * Verifies an ID token of this user pool and app client: its RS256 signature against the pool's published keys
 * (JWKS), its issuer, audience, `token_use` and expiry. Resolves with its claims; rejects with an
 * `InvalidTokenError` when any check fails, or a retryable `NetworkError` when the keys cannot be read.
 */
export async function verifyIdToken(idToken: string, options: VerifyIdTokenOptions): Promise<Record<string, unknown>> {
  const parts = typeof idToken === 'string' ? idToken.split('.') : [];
  if (parts.length !== 3) throw invalid('it is not a JWT');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = jsonPart(headerPart, 'header');
  const claims = jsonPart(payloadPart, 'payload');
  if (header.alg !== 'RS256') throw invalid('it is not signed with RS256');
  if (typeof header.kid !== 'string') throw invalid('its header names no key');

  const region = options.userPoolId.slice(0, options.userPoolId.indexOf('_'));
  const issuer = options.issuer ?? `https://cognito-idp.${region}.amazonaws.com/${options.userPoolId}`;
  if (claims.iss !== issuer) throw invalid(`it was not issued by ${issuer}`);
  if (claims.aud !== options.clientId) throw invalid('it is not for this app client');
  if (claims.token_use !== 'id') throw invalid('it is not an ID token');
  const now = options.now ?? Date.now();
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw invalid('it has expired');

  const jwk = await keyFor(header.kid, `${issuer}/.well-known/jwks.json`, options);
  if (!jwk) throw invalid('the pool has no key by the name its header gives');
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new AuthError('UnknownError', 'WebCrypto (crypto.subtle) is not available in this environment');
  let signature: Uint8Array;
  try {
    signature = fromBase64(signaturePart);
  } catch {
    throw invalid('its signature is not base64url');
  }
  const key = await subtle.importKey(
    'jwk',
    { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256', ext: true },
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const signed = await subtle.verify('RSASSA-PKCS1-v1_5', key, bufferOf(signature), bufferOf(utf8(`${headerPart}.${payloadPart}`)));
  if (!signed) throw invalid('its signature does not match');
  return claims;
}
