import type { PoolRecord, UserRecord } from './pool-records.js';
import type { ServiceState } from './service-state.js';
import { LOGIN_SESSION_MS, sign, signatureMatches } from './oauth-state.js';
import { cookie, cookiesOf, SESSION_COOKIE, type OAuthRequest } from './oauth-http.js';
import { findUserBySub } from './user-directory.js';

interface SessionClaims {
  /** Pool id, user sub, sign-in time (epoch seconds), expiry (ms). */
  p: string;
  s: string;
  t: number;
  e: number;
}

/**
 * The managed-login session: after a sign-in, later authorize requests of the same browser get a code without a
 * page, for an hour (https://docs.aws.amazon.com/cognito/latest/developerguide/limits.html). The cookie is signed;
 * `/logout` clears it. GlobalSignOut does not end it, as on Cognito.
 */
export function sessionCookieFor(state: ServiceState, pool: PoolRecord, user: UserRecord, authTime: number): string {
  const claims: SessionClaims = { p: pool.id, s: user.sub, t: authTime, e: state.clock.now() + LOGIN_SESSION_MS };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return cookie(state, pool, SESSION_COOKIE, `${payload}.${sign(state, `session|${payload}`)}`, LOGIN_SESSION_MS / 1000);
}

export function clearedSessionCookie(state: ServiceState, pool: PoolRecord): string {
  return cookie(state, pool, SESSION_COOKIE, '', 0);
}

/** The signed-in user of a live session cookie for this pool, if any. */
export function sessionUserOf(state: ServiceState, pool: PoolRecord, request: OAuthRequest): { user: UserRecord; authTime: number } | undefined {
  const value = cookiesOf(request.cookie).get(SESSION_COOKIE);
  const [payload, signature] = value?.split('.') ?? [];
  if (!payload || !signature || !signatureMatches(state, `session|${payload}`, signature)) return undefined;
  let claims: SessionClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
  } catch {
    return undefined;
  }
  if (claims.p !== pool.id || state.clock.now() >= claims.e) return undefined;
  const user = findUserBySub(pool, claims.s);
  if (!user || !user.enabled) return undefined;
  return { user, authTime: claims.t };
}
