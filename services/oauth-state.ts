import { bytesToHex, fromUtf8, hexToBytes, utf8 } from './bytes.js';
import { randomAlphanumeric } from './pkce.js';

/*
 * The OAuth `state` of a redirect sign-in: random, so that a return the app did not start is refused, and
 * carrying the app's custom state back. Cognito echoes it unchanged and asks that it not be URL-encoded JSON:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 * With a custom state it reads `<random>-<hex of the custom state's UTF-8 bytes>`, which round-trips any text.
 */

const RANDOM_LENGTH = 32;

export function createOAuthState(customState?: string): string {
  const random = randomAlphanumeric(RANDOM_LENGTH);
  return customState === undefined ? random : `${random}-${bytesToHex(utf8(customState))}`;
}

/** The custom state a `state` carries, or undefined when it carries none (or not in our encoding). */
export function customStateOf(state: string): string | undefined {
  const dash = state.indexOf('-');
  if (dash < 0) return undefined;
  try {
    return fromUtf8(hexToBytes(state.slice(dash + 1)));
  } catch {
    return undefined;
  }
}
