import { groupsOfUser } from './group-membership.js';
import type { GroupRecord, PoolRecord, UserRecord } from './pool-records.js';

/**
 * What a user's groups put into tokens (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html):
 * `cognito:groups` in the ID and access tokens, `cognito:roles` and `cognito:preferred_role` in the ID token.
 * PreTokenGeneration receives the same three as `groupConfiguration` and may replace each.
 */
export interface GroupClaims {
  groupsToOverride: string[];
  iamRolesToOverride: string[];
  preferredRole: string | null;
}

/** Lower Precedence first; a group without one comes after every group with one. */
function byPrecedence(a: GroupRecord, b: GroupRecord): number {
  const pa = a.precedence ?? Number.POSITIVE_INFINITY;
  const pb = b.precedence ?? Number.POSITIVE_INFINITY;
  return pa === pb ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : pa - pb;
}

/**
 * The preferred role is the role of the group with the lowest Precedence among those with a role; when several
 * groups share that precedence with different roles, there is none
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html).
 */
function preferredRoleOf(withRoles: GroupRecord[]): string | null {
  const first = withRoles[0];
  if (!first) return null;
  const tied = withRoles.filter((group) => (group.precedence ?? null) === (first.precedence ?? null));
  const roles = new Set(tied.map((group) => group.roleArn));
  return roles.size === 1 ? (first.roleArn ?? null) : null;
}

export function groupClaimsOf(pool: PoolRecord, user: UserRecord): GroupClaims {
  const groups = groupsOfUser(pool, user).sort(byPrecedence);
  const withRoles = groups.filter((group) => group.roleArn !== undefined);
  return {
    groupsToOverride: groups.map((group) => group.name),
    iamRolesToOverride: [...new Set(withRoles.map((group) => group.roleArn as string))],
    preferredRole: preferredRoleOf(withRoles),
  };
}

export function idTokenGroupClaims(claims: GroupClaims): Record<string, unknown> {
  return {
    ...(claims.groupsToOverride.length > 0 ? { 'cognito:groups': claims.groupsToOverride } : {}),
    ...(claims.iamRolesToOverride.length > 0 ? { 'cognito:roles': claims.iamRolesToOverride } : {}),
    ...(claims.preferredRole ? { 'cognito:preferred_role': claims.preferredRole } : {}),
  };
}
