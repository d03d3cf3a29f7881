import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
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
}

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

/** Handles `/_local/export` and `/_local/import`; false for other paths. */
export async function handleDataRoute(ctx: LocalAdminContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname !== '/_local/export' && url.pathname !== '/_local/import') return false;
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
