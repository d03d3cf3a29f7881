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
const RESET_AFTER_MS = 15 * 60_000;

export function checkNotLockedOut(user: UserRecord, clock: Clock): void {
  const now = clock.now();
  if (user.lastFailedSignInAt !== undefined && now - user.lastFailedSignInAt > RESET_AFTER_MS) {
    user.failedSignIns = 0;
    delete user.lockedUntil;
  }
  if (user.lockedUntil !== undefined && now < user.lockedUntil) fail('NotAuthorizedException', 'Password attempts exceeded');
}

/** Records a wrong password and throws Cognito's answer. */
export function wrongPassword(user: UserRecord, clock: Clock): never {
  const now = clock.now();
  user.failedSignIns = (user.failedSignIns ?? 0) + 1;
  user.lastFailedSignInAt = now;
  if (user.failedSignIns > FREE_FAILURES) {
    user.lockedUntil = now + Math.min(2 ** (user.failedSignIns - FREE_FAILURES) * 1000, MAX_LOCK_MS);
  }
  fail('NotAuthorizedException', 'Incorrect username or password.');
}

export function rightPassword(user: UserRecord): void {
  user.failedSignIns = 0;
  delete user.lockedUntil;
  delete user.lastFailedSignInAt;
}
