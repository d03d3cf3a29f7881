import { TOTP } from 'otpauth';

/**
 * RFC 6238 as Cognito uses it (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa-totp.html): SHA-1, 6 digits, 30 s steps,
 * one step either side accepted.
 */
export function totpMatches(secret: string, code: string, now: number): boolean {
  const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
  return totp.validate({ token: code, timestamp: now, window: 1 }) !== null;
}

/** The code an authenticator app would show at `now` (ms); for tests and demos. */
export function totpCode(secret: string, now: number = Date.now()): string {
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: now });
}
