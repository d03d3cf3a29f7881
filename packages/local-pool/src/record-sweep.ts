import { LOCKOUT_RESET_MS } from './password-lockout.js';
import type { ServiceState } from './service-state.js';
import { sweepOAuth } from './oauth-state.js';

/** How often, in the pool's clock time, a request triggers a sweep of expired records. */
export const SWEEP_INTERVAL_MS = 60_000;

/** How many records of each kind the service holds: what a long-running pool keeps in memory. */
export interface RecordCounts {
  sessions: number;
  accessTokens: number;
  refreshTokens: number;
  revokedOrigins: number;
  signOutMarks: number;
  attemptWindows: number;
  /** Sign-up, forgot-password and attribute-verification codes waiting on users. */
  pendingCodes: number;
  /** Users with wrong-password failures or a lockout on record. */
  lockouts: number;
  messages: number;
}

/** Sweeps when the clock has moved SWEEP_INTERVAL_MS since the last sweep (or moved back). Cheap otherwise. */
export function maybeSweep(state: ServiceState): void {
  const now = state.clock.now();
  if (now - state.lastSweepAt >= SWEEP_INTERVAL_MS || now < state.lastSweepAt) sweep(state, now);
}

/**
 * Drops every record whose life has ended at `now`. Lookups already refuse expired records and say why (an expired
 * session, token or code is answered as expired whether or not its record is still here), so this only frees memory.
 */
export function sweep(state: ServiceState, now: number = state.clock.now()): void {
  for (const [id, record] of state.sessions) if (now > record.expiresAt) state.sessions.delete(id);
  for (const [token, record] of state.accessTokens) if (now >= record.expiresAt) state.accessTokens.delete(token);
  for (const [token, record] of state.refreshTokens) if (now >= record.expiresAt) state.refreshTokens.delete(token);
  for (const [origin, until] of state.revokedOrigins) if (now >= until) state.revokedOrigins.delete(origin);
  for (const [sub, mark] of state.signedOut) if (now >= mark.expiresAt) state.signedOut.delete(sub);
  for (const [key, window] of state.attempts) if (now >= window.endsAt) state.attempts.delete(key);
  for (const pool of state.pools.values()) {
    for (const user of pool.users.values()) {
      if (user.signUpCode && now > user.signUpCode.expiresAt) delete user.signUpCode;
      if (user.forgotPasswordCode && now > user.forgotPasswordCode.expiresAt) delete user.forgotPasswordCode;
      for (const [attribute, code] of user.attributeCodes) if (now > code.expiresAt) user.attributeCodes.delete(attribute);
      if (user.lastFailedSignInAt !== undefined && now - user.lastFailedSignInAt > LOCKOUT_RESET_MS) {
        delete user.failedSignIns;
        delete user.lastFailedSignInAt;
        delete user.lockedUntil;
      }
    }
  }
  if (state.oauth) sweepOAuth(state.oauth, now);
  if (state.outbox.some((m) => now >= m.keepUntil)) state.outbox = state.outbox.filter((m) => now < m.keepUntil);
  state.lastSweepAt = now;
}

export function recordCounts(state: ServiceState): RecordCounts {
  let pendingCodes = 0;
  let lockouts = 0;
  for (const pool of state.pools.values()) {
    for (const user of pool.users.values()) {
      pendingCodes += (user.signUpCode ? 1 : 0) + (user.forgotPasswordCode ? 1 : 0) + user.attributeCodes.size;
      if (user.failedSignIns || user.lockedUntil !== undefined || user.lastFailedSignInAt !== undefined) lockouts += 1;
    }
  }
  return {
    sessions: state.sessions.size,
    accessTokens: state.accessTokens.size,
    refreshTokens: state.refreshTokens.size,
    revokedOrigins: state.revokedOrigins.size,
    signOutMarks: state.signedOut.size,
    attemptWindows: state.attempts.size,
    pendingCodes,
    lockouts,
    messages: state.outbox.length,
  };
}
