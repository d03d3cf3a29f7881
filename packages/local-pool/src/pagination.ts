import { fail } from './local-cognito-error.js';

/**
 * One page of a listing sorted by `sortKey`. The token names the last item returned (opaque to clients, as
 * Cognito's are), so a page after changes to the listing neither repeats nor skips the items that stayed.
 */
export function page<T>(
  items: readonly T[],
  sortKey: (item: T) => string,
  limit: number,
  token: unknown,
): { items: T[]; next?: string } {
  const sorted = [...items].sort((a, b) => compare(sortKey(a), sortKey(b)));
  let start = 0;
  if (token !== undefined) {
    const after = decodeToken(token);
    start = sorted.findIndex((item) => compare(sortKey(item), after) > 0);
    if (start < 0) start = sorted.length;
  }
  const taken = sorted.slice(start, start + limit);
  const last = taken.at(-1);
  const more = start + limit < sorted.length;
  return { items: taken, ...(more && last !== undefined ? { next: encodeToken(sortKey(last)) } : {}) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const PREFIX = 'local-page:';

function encodeToken(key: string): string {
  return Buffer.from(`${PREFIX}${key}`, 'utf8').toString('base64url');
}

function decodeToken(token: unknown): string {
  const text = typeof token === 'string' ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (!text.startsWith(PREFIX) || encodeToken(text.slice(PREFIX.length)) !== token) {
    fail('InvalidParameterException', 'Invalid pagination token.');
  }
  return text.slice(PREFIX.length);
}
