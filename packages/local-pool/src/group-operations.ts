import { groupsOfUser } from './group-membership.js';
import { fail } from './local-cognito-error.js';
import { listedUser, pageLimit } from './list-users.js';
import { page } from './pagination.js';
import type { GroupRecord, PoolRecord, UserRecord } from './pool-records.js';
import { poolOf, type ServiceState } from './service-state.js';
import { findUser, findUserBySub } from './user-directory.js';

type Input = Record<string, unknown>;

/** Cognito's quotas (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html). */
const GROUPS_PER_POOL = 10_000;
const GROUPS_PER_USER = 100;

function groupOf(pool: PoolRecord, name: string): GroupRecord {
  const group = pool.groups.get(name);
  if (!group) fail('ResourceNotFoundException', 'Group not found.');
  return group;
}

function userOf(pool: PoolRecord, username: string): UserRecord {
  const user = findUser(pool, username);
  if (!user) fail('UserNotFoundException', 'User does not exist.');
  return user;
}

/** GroupType (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GroupType.html). */
function groupOutput(pool: PoolRecord, group: GroupRecord): Input {
  return {
    GroupName: group.name,
    UserPoolId: pool.id,
    ...(group.description !== undefined ? { Description: group.description } : {}),
    ...(group.roleArn !== undefined ? { RoleArn: group.roleArn } : {}),
    ...(group.precedence !== undefined ? { Precedence: group.precedence } : {}),
    LastModifiedDate: group.modifiedAt / 1000,
    CreationDate: group.createdAt / 1000,
  };
}

function applySettings(group: GroupRecord, input: Input): void {
  if (typeof input.Description === 'string') group.description = input.Description;
  if (typeof input.RoleArn === 'string') group.roleArn = input.RoleArn;
  if (typeof input.Precedence === 'number') group.precedence = input.Precedence;
}

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html */
export function createGroup(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const name = String(input.GroupName);
  if (pool.groups.has(name)) fail('GroupExistsException', 'A group with the name already exists.');
  if (pool.groups.size >= GROUPS_PER_POOL) fail('LimitExceededException', 'The user pool has reached its limit of groups.');
  const now = state.clock.now();
  const group: GroupRecord = { name, createdAt: now, modifiedAt: now, members: [] };
  applySettings(group, input);
  pool.groups.set(name, group);
  return { Group: groupOutput(pool, group) };
}

export function getGroup(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  return { Group: groupOutput(pool, groupOf(pool, String(input.GroupName))) };
}

/**
 * Changes the settings given and keeps the others
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateGroup.html); tokens show
 * the change from the next sign-in or refresh.
 */
export function updateGroup(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const group = groupOf(pool, String(input.GroupName));
  applySettings(group, input);
  group.modifiedAt = state.clock.now();
  return { Group: groupOutput(pool, group) };
}

/** Members lose the group in tokens minted afterwards (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteGroup.html). */
export function deleteGroup(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const group = groupOf(pool, String(input.GroupName));
  pool.groups.delete(group.name);
  return {};
}

export function listGroups(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const { items, next } = page([...pool.groups.values()], (group) => group.name, pageLimit(input.Limit), input.NextToken);
  return { Groups: items.map((group) => groupOutput(pool, group)), ...(next ? { NextToken: next } : {}) };
}

/** Adding a member twice is no error, as on Cognito (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminAddUserToGroup.html). */
export function adminAddUserToGroup(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  const group = groupOf(pool, String(input.GroupName));
  if (group.members.includes(user.sub)) return {};
  if (groupsOfUser(pool, user).length >= GROUPS_PER_USER) fail('LimitExceededException', 'A user can be a member of at most 100 groups.');
  group.members.push(user.sub);
  return {};
}

export function adminRemoveUserFromGroup(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  const group = groupOf(pool, String(input.GroupName));
  group.members = group.members.filter((sub) => sub !== user.sub);
  return {};
}

export function adminListGroupsForUser(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  const { items, next } = page(groupsOfUser(pool, user), (group) => group.name, pageLimit(input.Limit), input.NextToken);
  return { Groups: items.map((group) => groupOutput(pool, group)), ...(next ? { NextToken: next } : {}) };
}

export function listUsersInGroup(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const group = groupOf(pool, String(input.GroupName));
  const members = group.members.map((sub) => findUserBySub(pool, sub)).filter((user): user is UserRecord => user !== undefined);
  const { items, next } = page(members, (user) => user.username, pageLimit(input.Limit), input.NextToken);
  return { Users: items.map((user) => listedUser(user)), ...(next ? { NextToken: next } : {}) };
}
