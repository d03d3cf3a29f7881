import type { Clock } from './clock.js';
import { fail } from './local-cognito-error.js';
import type { UserRecord } from './pool-records.js';

/**
 * Cognito's wrong-password lockout (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior):
 * after 5 failures each further failure locks sign-in for 2^(n−5) seconds, at most 15 minutes; the count resets
 * after 15 minutes without attempts or on success.
 */
const FREE_FAILURES = 5;
const MAX_LOCK_MS = 15 * 60_000;
export const LOCKOUT_RESET_MS = 15 * 60_000;

export function checkNotLockedOut(user: UserRecord, clock: Clock): void {
  const now = clock.now();
  if (user.lastFailedSignInAt !== undefined && now - user.lastFailedSignInAt > LOCKOUT_RESET_MS) {
    delete user.failedSignIns;
    delete user.lastFailedSignInAt;
    delete user.lockedUntil;
  }
  if (user.lockedUntil !== undefined && now < user.lockedUntil) fail('NotAuthorizedException', 'Password attempts exceeded');
}

/** Counts one failure (and locks when the count passes the free ones), without throwing. */
function countFailure(user: UserRecord, clock: Clock): void {
  const now = clock.now();
  user.failedSignIns = (user.failedSignIns ?? 0) + 1;
  user.lastFailedSignInAt = now;
  if (user.failedSignIns > FREE_FAILURES) {
    user.lockedUntil = now + Math.min(2 ** (user.failedSignIns - FREE_FAILURES) * 1000, MAX_LOCK_MS);
  }
}

/** Records a wrong password and throws Cognito's answer. */
export function wrongPassword(user: UserRecord, clock: Clock): never {
  countFailure(user, clock);
  fail('NotAuthorizedException', 'Incorrect username or password.');
}

export function rightPassword(user: UserRecord): void {
  delete user.failedSignIns;
  delete user.lockedUntil;
  delete user.lastFailedSignInAt;
}

/**
 * For a proof checked asynchronously (SRP): checks the lockout and counts the attempt as a failure before the
 * check starts, in one synchronous step. Concurrent proofs therefore meet the lockout exactly as one-by-one proofs
 * would; a proof that turns out right clears the count with `rightPassword`, a wrong one is already counted.
 */
export function reservePasswordAttempt(user: UserRecord, clock: Clock): void {
  checkNotLockedOut(user, clock);
  countFailure(user, clock);
}

/** The failure answer for a proof whose attempt was reserved. */
export function reservedAttemptFailed(): never {
  fail('NotAuthorizedException', 'Incorrect username or password.');
}
