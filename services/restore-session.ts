import { AuthError } from '../machines/auth-error.js';
import type { AuthTokens } from '../machines/auth-types.js';
import type { SignedInSession } from '../machines/service-contracts.js';
import type { SessionStore, StoredTokens } from './session-store.js';
import { decodeJwtClaims, userFromIdToken } from './token-claims.js';

export interface RestoreOptions {
  store: SessionStore;
  userPoolId: string;
  clientId: string;
  now: () => number;
  refresh(tokens: AuthTokens, username: string): Promise<SignedInSession>;
}

/** Throws when stored tokens were not issued to this pool and client, or are not the tokens they claim to be. */
function checkedTokens(stored: StoredTokens, userPoolId: string, clientId: string): AuthTokens {
  const id = decodeJwtClaims(stored.idToken);
  const access = decodeJwtClaims(stored.accessToken);
  const fromPool = (iss: unknown) => typeof iss === 'string' && iss.endsWith(`/${userPoolId}`);
  // Callers only learn that the tokens are unusable (they clear them), so one check with one message is enough.
  const usable =
    id.token_use === 'id' &&
    access.token_use === 'access' &&
    id.aud === clientId &&
    access.client_id === clientId &&
    fromPool(id.iss) &&
    fromPool(access.iss) &&
    id.sub === access.sub &&
    typeof access.exp === 'number' &&
    typeof access.iat === 'number';
  if (!usable) throw new AuthError('InvalidTokenError', 'Stored tokens are not for this user pool and app client');
  const issuedAt = (access.iat as number) * 1000;
  return {
    idToken: stored.idToken,
    accessToken: stored.accessToken,
    ...(stored.refreshToken ? { refreshToken: stored.refreshToken } : {}),
    expiresAt: (access.exp as number) * 1000,
    issuedAt,
    clockDrift: stored.clockDrift,
  };
}

/**
 * The session storage holds now, checked but not refreshed; null when there is none or it is unusable.
 * Other tabs' writes are read through this.
 */
export async function loadStoredSession(store: SessionStore, userPoolId: string, clientId: string): Promise<SignedInSession | null> {
  try {
    const stored = await store.load();
    if (!stored) return null;
    const tokens = checkedTokens(stored, userPoolId, clientId);
    return { user: userFromIdToken(tokens.idToken), tokens };
  } catch {
    return null;
  }
}

/**
 * The session kept in storage, if it is still one: tokens for this pool and client, refreshed first when
 * the access token has expired. Anything unusable is cleared; this never throws into the app.
 */
export async function restoreStoredSession(options: RestoreOptions): Promise<SignedInSession | null> {
  const { store, now } = options;
  let stored: StoredTokens | null;
  try {
    stored = await store.load();
  } catch {
    return null;
  }
  if (!stored) {
    await store.clear().catch(() => undefined);
    return null;
  }
  let session: SignedInSession;
  try {
    const tokens = checkedTokens(stored, options.userPoolId, options.clientId);
    session = { user: userFromIdToken(tokens.idToken), tokens };
  } catch {
    await store.clear().catch(() => undefined);
    return null;
  }
  if (session.tokens.expiresAt - session.tokens.clockDrift > now()) return session;
  try {
    return await options.refresh(session.tokens, session.user.username);
  } catch (error) {
    // Offline is not signed out: keep the session and let the signed-in state retry the refresh.
    if (error instanceof AuthError && error.retryable) return session;
    await store.clear().catch(() => undefined);
    return null;
  }
}

/**
 * The session a storage that answers at once holds, without waiting: `{ session }` when that settles it (a valid
 * session, or none), undefined when only the asynchronous restore can tell (an async storage, an expired access
 * token to refresh, a storage that failed).
 */
export function restoreStoredSessionNow(
  store: SessionStore,
  userPoolId: string,
  clientId: string,
  now: number,
): { session: SignedInSession | null } | undefined {
  const stored = store.loadNow();
  if (stored === undefined) return undefined;
  if (stored === null) {
    // A user marker without its tokens is left over from an interrupted write: clear it, as a restore does.
    void store.clear().catch(() => undefined);
    return { session: null };
  }
  let session: SignedInSession;
  try {
    const tokens = checkedTokens(stored, userPoolId, clientId);
    session = { user: userFromIdToken(tokens.idToken), tokens };
  } catch {
    // Tokens for another pool or client, or not tokens at all: nobody is signed in, and they go.
    void store.clear().catch(() => undefined);
    return { session: null };
  }
  return session.tokens.expiresAt - session.tokens.clockDrift > now ? { session } : undefined;
}
