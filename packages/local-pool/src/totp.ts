import { TOTP } from 'otpauth';

const PERIOD_MS = 30_000;

function totpOf(secret: string): TOTP {
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
}

/**
 * RFC 6238 as Cognito uses it (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa-totp.html): SHA-1, 6 digits, 30 s steps,
 * one step either side accepted. Returns the time step the code belongs to, or undefined when it matches none.
 */
export function totpStep(secret: string, code: string, now: number): number | undefined {
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? undefined : Math.floor(now / PERIOD_MS) + delta;
}

export function totpMatches(secret: string, code: string, now: number): boolean {
  return totpStep(secret, code, now) !== undefined;
}

/** The code an authenticator app would show at `now` (ms); for tests and demos. */
export function totpCode(secret: string, now: number = Date.now()): string {
  return totpOf(secret).generate({ timestamp: now });
}

/**
 * One-time use (RFC 6238 §5.2; Cognito answers "Your software token has already been used once."): records `step`
 * as spent, or returns false when it already was. Only steps still inside the ±1 window are remembered.
 */
export function spendTotpStep(used: number[] | undefined, step: number, now: number): { ok: boolean; used: number[] } {
  const current = Math.floor(now / PERIOD_MS);
  const live = (used ?? []).filter((s) => s >= current - 1);
  if (live.includes(step)) return { ok: false, used: live };
  return { ok: true, used: [...live, step] };
}
