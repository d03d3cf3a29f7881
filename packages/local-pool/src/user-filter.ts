import { fail } from './local-cognito-error.js';
import type { UserRecord } from './pool-records.js';

/**
 * ListUsers' `Filter`: `attribute = "value"` (exact) or `attribute ^= "prefix"` (starts with), one attribute, an
 * embedded double quote written `\"`; the empty filter lists every user
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html).
 */
export interface UserFilter {
  attribute: SearchableAttribute;
  operator: '=' | '^=';
  value: string;
}

export const SEARCHABLE_ATTRIBUTES = [
  'username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username',
  'cognito:user_status', 'status', 'sub',
] as const;
export type SearchableAttribute = (typeof SEARCHABLE_ATTRIBUTES)[number];

/** `username`, `status` and `sub` are matched as written; the other attributes without regard to case. */
const CASE_SENSITIVE: ReadonlySet<SearchableAttribute> = new Set(['username', 'status', 'sub']);

const GRAMMAR = /^\s*([A-Za-z_:]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/s;

export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const match = GRAMMAR.exec(filter);
  if (!match) fail('InvalidParameterException', 'Error while parsing filter.');
  const [, attribute = '', operator, raw = ''] = match;
  if (!(SEARCHABLE_ATTRIBUTES as readonly string[]).includes(attribute)) {
    fail('InvalidParameterException', `Invalid search attribute: ${attribute}`);
  }
  return { attribute: attribute as SearchableAttribute, operator: operator === '^=' ? '^=' : '=', value: raw.replace(/\\(.)/gs, '$1') };
}

/** The value a user has for a searchable attribute, if any. */
export function searchValue(user: UserRecord, attribute: SearchableAttribute): string | undefined {
  if (attribute === 'username') return user.username;
  if (attribute === 'cognito:user_status') return user.status;
  if (attribute === 'status') return user.enabled ? 'Enabled' : 'Disabled';
  if (attribute === 'sub') return user.sub;
  return user.attributes.get(attribute);
}

export function matchesFilter(user: UserRecord, filter: UserFilter): boolean {
  let actual = searchValue(user, filter.attribute);
  if (actual === undefined) return false;
  let wanted = filter.value;
  if (!CASE_SENSITIVE.has(filter.attribute)) {
    actual = actual.toLowerCase();
    wanted = wanted.toLowerCase();
  }
  return filter.operator === '=' ? actual === wanted : actual.startsWith(wanted);
}
