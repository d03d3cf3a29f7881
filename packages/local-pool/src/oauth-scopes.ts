import { fail } from './local-cognito-error.js';
import type { PoolRecord } from './pool-records.js';

/** The scopes Cognito defines itself (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html). */
export const STANDARD_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];

/** Does the pool define this scope: a standard one, or `<resource server identifier>/<scope name>`? */
function scopeExists(pool: PoolRecord, scope: string): boolean {
  if (STANDARD_SCOPES.includes(scope)) return true;
  // Scope names hold no `/`, identifiers may (`https://api.example.com/read`): the name is after the last one.
  const slash = scope.lastIndexOf('/');
  if (slash <= 0) return false;
  const servers = pool.resourceServers ?? {};
  const identifier = scope.slice(0, slash);
  if (!Object.prototype.hasOwnProperty.call(servers, identifier)) return false;
  const name = scope.slice(slash + 1);
  return servers[identifier]!.scopes.some((s) => s.ScopeName === name);
}

/**
 * An app client may allow only scopes the pool defines; CreateUserPoolClient and UpdateUserPoolClient refuse the
 * first one it does not with ScopeDoesNotExistException
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html).
 */
export function checkAllowedOAuthScopes(pool: PoolRecord, scopes: unknown): void {
  if (!Array.isArray(scopes)) return;
  const missing = (scopes as unknown[]).map(String).find((scope) => !scopeExists(pool, scope));
  if (missing !== undefined) fail('ScopeDoesNotExistException', `Invalid scope requested: ${missing}`);
}
