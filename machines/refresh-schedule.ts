import type { AuthTokens } from './auth-types.js';

/** Refresh this long before the access token expires, or a fifth of its life when that is shorter. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Cap on the wait between failed refreshes (network down, throttled). */
export const MAX_BACKOFF_MS = 5 * 60 * 1000;
/** The normal schedule moves earlier by up to this share of the margin, so tabs and devices do not refresh in step. */
export const REFRESH_JITTER_SHARE = 0.25;
const FIRST_BACKOFF_MS = 1000;

/**
 * When the access token stops being usable, on this device's clock. `expiresAt` is on the server's clock;
 * `clockDrift` (server minus device, measured from the token's iat when it arrived) converts it.
 */
export function deviceExpiry(tokens: AuthTokens): number {
  return tokens.expiresAt - tokens.clockDrift;
}

/**
 * Milliseconds from `now` (this device's clock) until the next refresh: a margin before expiry, earlier by a
 * random part of a quarter of that margin. After failures: exponential backoff with full jitter
 * (half the ceiling fixed, half random), but never later than the normal schedule.
 */
export function refreshDelay(tokens: AuthTokens, failures: number, now: number, random: () => number = Math.random): number {
  const lifetime = Math.max(0, tokens.expiresAt - tokens.issuedAt);
  const margin = Math.min(REFRESH_MARGIN_MS, lifetime / 5);
  const jitter = random() * margin * REFRESH_JITTER_SHARE;
  const due = Math.max(0, Math.round(deviceExpiry(tokens) - margin - jitter - now));
  if (failures <= 0) return due;
  const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failures - 1));
  return Math.min(due > 0 ? due : ceiling, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}
