import { toBase64, utf8 } from './bytes.js';
import { hmacSha256 } from './web-crypto.js';

/**
 * Cognito's SECRET_HASH for app clients with a secret: base64(HMAC-SHA256(secret, username + clientId)),
 * where username is the one sent in the same request.
 */
export async function secretHash(clientSecret: string, username: string, clientId: string): Promise<string> {
  return toBase64(await hmacSha256(utf8(clientSecret), utf8(username + clientId)));
}
