import { waitFor } from 'xstate';
import { AuthError } from '../machines/auth-error.js';
import type { AuthTokens } from '../machines/auth-types.js';
import { deviceExpiry } from '../machines/refresh-schedule.js';
import type { AuthActor } from './auth-actor.js';

export interface GetTokensOptions {
  /** Refresh even when the access token is still valid (e.g. after the user's groups changed). */
  forceRefresh?: boolean;
}

/** Tokens this close to expiry count as expired: Amplify v6's tolerance, time for a request to land. */
export const EXPIRY_TOLERANCE_MS = 5000;

type AuthSnapshot = ReturnType<AuthActor['getSnapshot']>;

function notSignedIn(snapshot: AuthSnapshot): AuthError {
  return snapshot.context.error ?? new AuthError('UserUnAuthenticatedException', 'No user is signed in');
}

/**
 * Valid tokens for the signed-in user, refreshed first when the access token has expired (or when asked).
 * The refresh is the machine's own (REFRESH, then wait for signedIn.idle): callers that arrive while one is
 * under way wait for it instead of starting another, so any number of concurrent callers cost one request.
 * Rejects with the AuthError when no one is signed in, when the refresh fails (a retryable failure keeps
 * the session) or when it ends the session.
 */
export async function getTokens(auth: AuthActor, options: GetTokensOptions = {}): Promise<AuthTokens> {
  // Restoring or signing out decides the answer: wait for either to finish.
  await waitFor(auth, (s) => !s.matches('initializing') && !s.matches('signingOut'));
  // The snapshot as it is now, not as waitFor saw it: another caller may have started a refresh since.
  const settled = auth.getSnapshot();
  if (!settled.matches('signedIn')) throw notSignedIn(settled);
  if (settled.matches({ signedIn: 'idle' })) {
    const tokens = settled.context.tokens;
    if (tokens && !options.forceRefresh && deviceExpiry(tokens) - Date.now() > EXPIRY_TOLERANCE_MS) return tokens;
    auth.send({ type: 'REFRESH' });
  }
  const after = await waitFor(auth, (s) => !s.matches({ signedIn: 'refreshing' }));
  if (!after.matches('signedIn')) throw notSignedIn(after);
  const { tokens, error, refreshFailures } = after.context;
  if (refreshFailures > 0 && error) throw error;
  if (!tokens) throw notSignedIn(after);
  return tokens;
}
