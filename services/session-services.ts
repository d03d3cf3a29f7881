import { AuthError } from '../machines/auth-error.js';
import type { AuthTokens } from '../machines/auth-types.js';
import type { SignedInSession, SignOutRequest } from '../machines/service-contracts.js';
import { storedDevice } from './device-sign-in.js';
import { toAuthError } from './error-mapping.js';
import { loadStoredSession, restoreStoredSession } from './restore-session.js';
import type { ServiceKit } from './service-kit.js';

export type { RefreshLock } from './service-kit.js';

/**
 * How long a refresh that waited for the lock looks for the holder's tokens. Browsers carry a write to
 * localStorage over to other tabs asynchronously, so the holder's finished write may not be visible yet.
 */
const ADOPT_WAIT_MS = 1000;
const ADOPT_POLL_MS = 50;

/** Stored tokens this close to expiry are not worth taking over from another tab. */
const ADOPT_MIN_VALIDITY_MS = 5000;

async function refreshWith(kit: ServiceKit, tokens: AuthTokens, username: string, signal: AbortSignal): Promise<SignedInSession> {
  const lock = kit.options.refreshLock;
  if (!lock) return refreshNow(kit, tokens, username, signal);
  return lock(async (waited) => {
    kit.ensureCurrent(signal);
    // Whoever held the lock before may have refreshed this very session: take its tokens, send nothing.
    const deadline = kit.now() + (waited ? ADOPT_WAIT_MS : 0);
    for (;;) {
      const current = await loadStoredSession(kit.store, kit.userPoolId, kit.clientId);
      if (
        current &&
        current.user.username === username &&
        current.tokens.accessToken !== tokens.accessToken &&
        current.tokens.expiresAt - current.tokens.clockDrift - kit.now() > ADOPT_MIN_VALIDITY_MS
      ) {
        return current;
      }
      if (kit.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, ADOPT_POLL_MS));
      kit.ensureCurrent(signal);
    }
    return refreshNow(kit, tokens, username, signal);
  });
}

async function refreshNow(kit: ServiceKit, tokens: AuthTokens, username: string, signal: AbortSignal): Promise<SignedInSession> {
  if (!tokens.refreshToken) {
    await kit.store.clear();
    throw new AuthError('NotAuthorizedException', 'The session has no refresh token: sign in again');
  }
  try {
    // Tokens from a sign-in on a tracked device refresh only with that device's key.
    const device = await storedDevice(kit, username);
    const output = await kit.call(
      'InitiateAuth',
      {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: kit.clientId,
        // With a client secret, Cognito hashes the refresh over the internal username, see
        // https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
        AuthParameters: {
          REFRESH_TOKEN: tokens.refreshToken,
          ...(device ? { DEVICE_KEY: device.deviceKey } : {}),
          ...(await kit.hashParam(username)),
        },
      },
      signal,
    );
    if (!output.AuthenticationResult) throw new AuthError('InvalidResponseError', 'Cognito answered a refresh without tokens');
    return await kit.persist(output.AuthenticationResult, signal, tokens.refreshToken);
  } catch (error) {
    const authError = toAuthError(error);
    if (!authError.retryable && !signal.aborted) await kit.store.clear();
    throw authError;
  }
}

/** The session services: restoring the stored session, refreshing its tokens and signing out. */
export async function restoreSession(kit: ServiceKit, _input: void, signal: AbortSignal): Promise<SignedInSession | null> {
  return restoreStoredSession({
    store: kit.store,
    userPoolId: kit.userPoolId,
    clientId: kit.clientId,
    now: () => kit.now(),
    refresh: (tokens, username) => refreshWith(kit, tokens, username, signal),
  });
}

export async function refreshTokens(kit: ServiceKit, input: SignedInSession, signal: AbortSignal): Promise<SignedInSession> {
  return refreshWith(kit, input.tokens, input.user.username, signal);
}

export async function signOut(kit: ServiceKit, input: SignOutRequest, signal: AbortSignal): Promise<void> {
  const { tokens } = input;
  if (input.global) {
    try {
      await kit.call('GlobalSignOut', { AccessToken: tokens.accessToken }, signal);
    } catch (error) {
      const authError = toAuthError(error);
      // Not retryable means Cognito has already ended this session (revoked, expired): end it here too.
      if (!authError.retryable) await kit.store.clear();
      throw authError;
    }
    await kit.store.clear();
    return;
  }
  // Clear first: a sign-out on this device must hold even when Cognito cannot be reached.
  await kit.store.clear();
  // Revoke whenever there is a refresh token. Cognito can only revoke tokens that carry origin_jti and
  // answers UnsupportedTokenTypeException for older ones; that costs one ignored call, and emulators that
  // leave origin_jti out still get their refresh token revoked.
  if (tokens.refreshToken) {
    await kit.call(
      'RevokeToken',
      { Token: tokens.refreshToken, ClientId: kit.clientId, ...(kit.clientSecret ? { ClientSecret: kit.clientSecret } : {}) },
      signal,
    ).catch(() => undefined);
  }
}
