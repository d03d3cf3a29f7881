import type { AuthTokens } from './auth-types.js';

/** Refresh this long before the access token expires, or a fifth of its life when that is shorter. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Cap on the wait between failed refreshes (network down, throttled). */
export const MAX_BACKOFF_MS = 5 * 60 * 1000;
const FIRST_BACKOFF_MS = 1000;

/**
 * Milliseconds from `now` (this device's clock) until the next refresh. Expiry is on the server's clock,
 * so the measured drift is taken off first. After failures: exponential backoff with full jitter, but
 * never later than the normal schedule.
 */
export function refreshDelay(tokens: AuthTokens, failures: number, now: number, random: () => number = Math.random): number {
  const lifetime = Math.max(0, tokens.expiresAt - tokens.issuedAt);
  const margin = Math.min(REFRESH_MARGIN_MS, lifetime / 5);
  const due = Math.max(0, tokens.expiresAt - tokens.clockDrift - margin - now);
  if (failures <= 0) return due;
  const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failures - 1));
  return Math.min(due > 0 ? due : ceiling, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}
