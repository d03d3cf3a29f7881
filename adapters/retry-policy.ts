import type { CognitoOperation, InputOf } from '../services/cognito-api.js';

/**
 * Which calls a transport may send again after a retryable failure (throttling, 5xx, no answer).
 *
 * A failure without an answer does not tell whether Cognito applied the call, so only calls that change nothing,
 * or whose second application changes nothing, are repeated:
 *
 * - `GetUser`: a read.
 * - `GetTokensFromRefreshToken`, `InitiateAuth` with `REFRESH_TOKEN_AUTH`/`REFRESH_TOKEN`: a refresh token stays
 *   valid for repeated use (with rotation, Cognito accepts the previous one again within its grace period, which
 *   exists for exactly this).
 * - `InitiateAuth` with `USER_SRP_AUTH`: the first SRP step only makes the server pick B and open a session; the
 *   password is not checked yet, nothing is sent to the user, and an unused session simply expires.
 * - `SetUserMFAPreference`: sets the same values again.
 * - `RevokeToken`, `GlobalSignOut`: revoking what is revoked leaves it revoked (a repeat after a lost success
 *   answers `NotAuthorizedException`, which still means "signed out").
 *
 * Never repeated, because Cognito would apply them twice or they consume single-use state:
 *
 * - `SignUp`: creates the user and sends a code; a repeat answers `UsernameExistsException` and may send again.
 * - `ConfirmSignUp`, `ConfirmForgotPassword`: consume a one-time code.
 * - `ResendConfirmationCode`, `ForgotPassword`: send a message each time (counted against the user's hourly
 *   quota; a new code replaces the previous one).
 * - `RespondToAuthChallenge`, `VerifySoftwareToken`, `AssociateSoftwareToken`: consume the challenge session (single
 *   use) or a one-time code; wrong answers count towards the lockout.
 * - `InitiateAuth` with `USER_PASSWORD_AUTH` (a wrong password counts towards the lockout, a right one may send an
 *   SMS MFA code), `CUSTOM_AUTH` (runs the app's challenge triggers, which may send codes), `USER_AUTH` and any
 *   flow not listed above.
 */
const ALWAYS_SAFE: ReadonlySet<CognitoOperation> = new Set<CognitoOperation>([
  'GetUser',
  'GetTokensFromRefreshToken',
  'SetUserMFAPreference',
  'RevokeToken',
  'GlobalSignOut',
]);

const SAFE_INITIATE_AUTH_FLOWS: ReadonlySet<string> = new Set(['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN']);

export function isSafeToRetry<Op extends CognitoOperation>(op: Op, input: InputOf<Op>): boolean {
  if (ALWAYS_SAFE.has(op)) return true;
  if (op !== 'InitiateAuth') return false;
  const flow = (input as InputOf<'InitiateAuth'>).AuthFlow;
  return SAFE_INITIATE_AUTH_FLOWS.has(flow);
}

export interface BackoffOptions {
  /** Delay cap before the first retry; doubles per retry. */
  baseDelayMs: number;
  /** No wait exceeds this. */
  maxDelayMs: number;
}

/**
 * "Full jitter": a uniform wait between zero and the exponential cap, so that clients throttled together do not
 * come back together. `retry` counts from 1.
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}
