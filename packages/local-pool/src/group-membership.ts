import type { GroupRecord, PoolRecord, UserRecord } from './pool-records.js';

/** The groups a user belongs to, in no particular order. */
export function groupsOfUser(pool: PoolRecord, user: UserRecord): GroupRecord[] {
  return [...pool.groups.values()].filter((group) => group.members.includes(user.sub));
}

/** A deleted user leaves every group, so a long-running pool keeps no members that no longer exist. */
export function leaveAllGroups(pool: PoolRecord, user: UserRecord): void {
  for (const group of pool.groups.values()) group.members = group.members.filter((sub) => sub !== user.sub);
}
