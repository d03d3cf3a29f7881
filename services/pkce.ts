import { toBase64, utf8 } from './bytes.js';
import { randomBytes, sha256 } from './web-crypto.js';

/*
 * Proof Key for Code Exchange (RFC 7636), as Cognito's authorize endpoint takes it: only the S256 method.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 */

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters of [A-Za-z0-9], each equally likely (bytes past the last whole multiple of 62 are drawn again). */
export function randomAlphanumeric(length: number): string {
  const limit = 256 - (256 % ALPHANUMERIC.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length - out.length)) {
      if (byte < limit) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
    }
  }
  return out;
}

/** A code verifier: 128 characters of [A-Za-z0-9], the longest RFC 7636 allows (Amplify sends the same shape). */
export function createCodeVerifier(): string {
  return randomAlphanumeric(128);
}

/** BASE64URL(SHA-256(verifier)) without padding: the S256 code challenge. */
export async function codeChallengeOf(verifier: string): Promise<string> {
  return toBase64(await sha256(utf8(verifier))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
