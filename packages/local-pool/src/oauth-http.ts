import type { PoolRecord } from './pool-records.js';
import type { ServiceState } from './service-state.js';
import { newOpaqueId, sign, signatureMatches } from './oauth-state.js';

/** One request to a pool's domain endpoints, already read off the wire by the server. */
export interface OAuthRequest {
  method: string;
  /** The pool's domain: the first segment of the path. */
  domain: string;
  /** The rest of the path, e.g. `/oauth2/authorize`. */
  path: string;
  query: URLSearchParams;
  /** The form body of a POST (application/x-www-form-urlencoded). */
  form: URLSearchParams;
  contentType?: string;
  cookie?: string;
  authorization?: string;
  /** `scheme://host[:port]` as the browser addressed the pool (the Host header, already checked): pages and redirects stay on it, so its cookies do. */
  origin?: string;
}

export interface OAuthResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The pages: only their own styles and forms, nothing may frame them. Browsers hold a form's redirect to the
 * form-action list too, so a page whose form ends in a redirect back to the app names that one callback's origin.
 */
export function html(status: number, body: string, headers: Record<string, string> = {}, formTarget?: string): OAuthResponse {
  const target = formTarget ? sourceOf(formTarget) : undefined;
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${target ? ` ${target}` : ''}; frame-ancestors 'none'; base-uri 'none'`,
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
      ...headers,
    },
    body,
  };
}

/** A CSP source for a callback URL: its origin, or for an app's own scheme (`myapp://…`) the scheme. */
function sourceOf(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    return /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) ? url.protocol : undefined;
  } catch {
    return undefined;
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): OAuthResponse {
  return { status, headers: { 'Content-Type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(body) };
}

export function redirect(location: string, headers: Record<string, string> = {}): OAuthResponse {
  return { status: 302, headers: { Location: location, ...headers }, body: '' };
}

/** `<base>/<domain>`: where this pool's endpoints are served. */
export function domainBase(state: ServiceState, pool: PoolRecord, origin?: string): string {
  return `${(origin ?? state.issuerBase).replace(/\/$/, '')}/${encodeURIComponent(pool.domain?.domain ?? '')}`;
}

/** `uri` with `params` added to its query (or, for the implicit flow, its fragment). */
export function withParams(uri: string, params: Record<string, string | undefined>, where: 'query' | 'fragment' = 'query'): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  const text = new URLSearchParams(entries).toString();
  if (where === 'fragment') return `${uri.split('#')[0]}#${text}`;
  return `${uri}${uri.includes('?') ? '&' : '?'}${text}`;
}

export function cookiesOf(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return out;
}

export const SESSION_COOKIE = 'cognito-local-session';
const FORM_COOKIE = 'cognito-local-form';

/** HttpOnly, SameSite=Lax, and scoped to the pool's own path, so pools on one server never see each other's. */
export function cookie(state: ServiceState, pool: PoolRecord, name: string, value: string, maxAgeSeconds: number): string {
  const secure = state.issuerBase.startsWith('https:') ? '; Secure' : '';
  return `${name}=${value}; Path=/${encodeURIComponent(pool.domain?.domain ?? '')}/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

/**
 * A per-browser form token (double submit): the cookie holds a random value, the form its signature. A page of
 * another site can neither read the form nor send the SameSite cookie with a cross-site POST.
 */
export function formTokenFor(state: ServiceState, pool: PoolRecord, request: OAuthRequest): { token: string; setCookie?: string } {
  const existing = cookiesOf(request.cookie).get(FORM_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return { token: sign(state, `form|${pool.id}|${existing}`) };
  const value = newOpaqueId();
  return { token: sign(state, `form|${pool.id}|${value}`), setCookie: cookie(state, pool, FORM_COOKIE, value, 24 * 3600) };
}

export function formTokenValid(state: ServiceState, pool: PoolRecord, request: OAuthRequest): boolean {
  const value = cookiesOf(request.cookie).get(FORM_COOKIE);
  const token = request.form.get('_csrf');
  return !!value && !!token && signatureMatches(state, `form|${pool.id}|${value}`, token);
}
