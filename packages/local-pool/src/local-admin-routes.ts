import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { ADMIN_ACTIONS, isAdminAction, renderAdminPage } from './admin-page.js';
import { LocalCognitoError } from './local-cognito-error.js';
import type { LocalCognito } from './local-cognito.js';
import { SnapshotError } from './pool-snapshot.js';

/**
 * The pool's own administration over HTTP: `/_local/export` and `/_local/import` (and the admin page, see
 * admin-page.ts). They hand out and take in passwords and signing keys, so besides the Host and Origin guards every
 * endpoint answers only connections from this machine, and changes come only from no browser at all or from the
 * pool's own pages: a page of another origin, even a localhost one, can neither read nor post.
 */
export interface LocalAdminContext {
  cognito: LocalCognito;
  readBody(req: IncomingMessage, max: number): Promise<{ ok: true; text: string } | { ok: false; tooLarge: boolean }>;
  sendJson(res: ServerResponse, status: number, body: unknown): void;
  sendError(res: ServerResponse, name: string, message: string, status: number): void;
  /** Headers every answer of the server carries. */
  safetyHeaders: Record<string, string>;
  /** Proves a form was rendered by this server: a page of another origin cannot read it. */
  formToken: string;
  /** Outcomes of the last actions, shown once by the page they redirect to. */
  notices: Map<string, { ok: boolean; text: string }>;
}

export function newFormToken(): string {
  return randomBytes(24).toString('base64url');
}

const ADMIN_PATHS = new Set(['/_local', '/_local/', '/_local/actions', '/_local/export', '/_local/import']);
const MAX_NOTICES = 20;
const MAX_FORM_BYTES = 16 * 1024;

/** Only the pool's own styles and forms; nothing may frame the page. */
const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  // Not no-referrer: with it, browsers send `Origin: null` on the page's own forms, which the origin check refuses.
  'Referrer-Policy': 'same-origin',
};

/** Snapshots of a developer's pools are larger than any Cognito request; this still bounds them. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/** A request from the pool's own page, or from no browser (curl, an SDK, a test). */
export function isSameOriginOrNoBrowser(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://${req.headers.host ?? ''}`;
}

/** Handles the admin page, its actions, `/_local/export` and `/_local/import`; false for other paths. */
export async function handleLocalAdminRoute(ctx: LocalAdminContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (!ADMIN_PATHS.has(url.pathname)) return false;
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    req.resume();
    ctx.sendError(res, 'ForbiddenException', `${url.pathname} answers only connections from this machine.`, 403);
    return true;
  }
  if (!isSameOriginOrNoBrowser(req)) {
    req.resume();
    ctx.sendError(res, 'ForbiddenException', `${url.pathname} does not answer pages of other origins.`, 403);
    return true;
  }
  if (url.pathname === '/_local' || url.pathname === '/_local/') {
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(ctx, res, 'GET'), true;
    const noticeId = url.searchParams.get('notice');
    const notice = noticeId !== null ? ctx.notices.get(noticeId) : undefined;
    const html = renderAdminPage({ snapshot: await ctx.cognito.exportData(), formToken: ctx.formToken, ...(notice ? { notice } : {}) });
    res.writeHead(200, { ...ctx.safetyHeaders, ...PAGE_HEADERS, 'Content-Length': String(Buffer.byteLength(html)) });
    res.end(req.method === 'HEAD' ? undefined : html);
    return true;
  }
  if (url.pathname === '/_local/actions') {
    if (req.method !== 'POST') {
      req.resume();
      return methodNotAllowed(ctx, res, 'POST'), true;
    }
    const body = await ctx.readBody(req, MAX_FORM_BYTES);
    if (!body.ok) {
      if (body.tooLarge) ctx.sendError(res, 'RequestEntityTooLargeException', 'The form is too large.', 413);
      return true;
    }
    const form = new URLSearchParams(body.text);
    if (!sameToken(form.get('token') ?? '', ctx.formToken)) {
      ctx.sendError(res, 'ForbiddenException', 'The form was not sent by this pool\'s admin page; reload /_local/ and try again.', 403);
      return true;
    }
    const action = form.get('action') ?? '';
    const userPoolId = form.get('userPoolId') ?? '';
    const username = form.get('username') ?? '';
    const notice = isAdminAction(action)
      ? await runAction(ctx, action, userPoolId, username)
      : { ok: false, text: `Unknown action ${JSON.stringify(action)}.` };
    const id = randomBytes(9).toString('base64url');
    ctx.notices.set(id, notice);
    for (const old of ctx.notices.keys()) if (ctx.notices.size > MAX_NOTICES) ctx.notices.delete(old);
    res.writeHead(303, { ...ctx.safetyHeaders, Location: `/_local/?notice=${id}`, 'Content-Length': '0' });
    res.end();
    return true;
  }
  if (url.pathname === '/_local/export') {
    req.resume();
    if (req.method !== 'GET') return methodNotAllowed(ctx, res, 'GET'), true;
    const userPoolId = url.searchParams.get('userPoolId') ?? undefined;
    try {
      ctx.sendJson(res, 200, await ctx.cognito.exportData(userPoolId !== undefined ? { userPoolId } : {}));
    } catch (error) {
      if (error instanceof LocalCognitoError) ctx.sendError(res, error.name, error.message, 404);
      else throw error;
    }
    return true;
  }
  if (req.method !== 'POST') {
    req.resume();
    return methodNotAllowed(ctx, res, 'POST'), true;
  }
  const body = await ctx.readBody(req, MAX_IMPORT_BYTES);
  if (!body.ok) {
    if (body.tooLarge) ctx.sendError(res, 'RequestEntityTooLargeException', `An import must not exceed ${MAX_IMPORT_BYTES} bytes.`, 413);
    return true;
  }
  try {
    await ctx.cognito.importData(JSON.parse(body.text));
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof SnapshotError) {
      ctx.sendError(res, 'InvalidParameterException', error.message, 400);
      return true;
    }
    throw error;
  }
  ctx.sendJson(res, 200, {});
  return true;
}

function methodNotAllowed(ctx: LocalAdminContext, res: ServerResponse, method: string): void {
  ctx.sendError(res, 'UnknownOperationException', `Use ${method} here.`, 405);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function runAction(ctx: LocalAdminContext, action: keyof typeof ADMIN_ACTIONS, userPoolId: string, username: string): Promise<{ ok: boolean; text: string }> {
  const { label, operation } = ADMIN_ACTIONS[action];
  try {
    await ctx.cognito.send(operation, { UserPoolId: userPoolId, Username: username });
    return { ok: true, text: `${label}: done for ${username} (${operation}).` };
  } catch (error) {
    const reason = error instanceof LocalCognitoError ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, text: `${label} for ${username} failed: ${reason}` };
  }
}
