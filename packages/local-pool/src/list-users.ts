import { userOutput } from './admin-operations.js';
import { fail } from './local-cognito-error.js';
import { page } from './pagination.js';
import type { PoolRecord, UserRecord } from './pool-records.js';
import { poolOf, type ServiceState } from './service-state.js';
import { matchesFilter, parseUserFilter, searchValue } from './user-filter.js';

type Input = Record<string, unknown>;

/** Without a Limit a page holds at most 60 users, the most Cognito allows. */
export const MAX_PAGE = 60;

export function pageLimit(value: unknown): number {
  return typeof value === 'number' && value > 0 ? value : MAX_PAGE;
}

/** UserType, with only the attributes asked for when `AttributesToGet` names some. */
export function listedUser(user: UserRecord, attributesToGet?: readonly string[]): Input {
  const out = userOutput(user);
  if (attributesToGet && attributesToGet.length > 0) {
    out.Attributes = (out.Attributes as Array<{ Name: string; Value: string }>).filter((a) => attributesToGet.includes(a.Name));
  }
  return out;
}

function checkAttributesToGet(pool: PoolRecord, names: readonly string[]): void {
  for (const name of names) {
    if (!pool.schema.some((a) => a.Name === name)) fail('InvalidParameterException', `Attribute does not exist in the schema: ${name}`);
  }
}

/**
 * Users of a pool, optionally filtered, sorted by the filtered attribute (by username without a filter) and paged
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html).
 */
export function listUsers(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const filter = parseUserFilter(input.Filter as string | undefined);
  const attributesToGet = (input.AttributesToGet as string[] | undefined) ?? [];
  checkAttributesToGet(pool, attributesToGet);
  const users = [...pool.users.values()].filter((user) => !filter || matchesFilter(user, filter));
  const sortKey = (user: UserRecord) => (filter ? `${searchValue(user, filter.attribute) ?? ''}\u0000${user.username}` : user.username);
  const { items, next } = page(users, sortKey, pageLimit(input.Limit), input.PaginationToken);
  return {
    Users: items.map((user) => listedUser(user, attributesToGet)),
    ...(next ? { PaginationToken: next } : {}),
  };
}
