import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Clock } from './clock.js';
import { LocalCognitoError } from './local-cognito-error.js';
import { createLocalCognito, type DeliveredMessage, type LocalCognito } from './local-cognito.js';
import { handleLocalAdminRoute, newFormToken, type LocalAdminContext } from './local-admin-routes.js';
import { createHttpGuards, type HttpGuardOptions, type HttpGuards } from './http-guards.js';
import { localTls, type HttpsOption } from './local-tls.js';
import type { LocalTriggers } from './triggers.js';

export interface LocalCognitoServerOptions extends HttpGuardOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  triggers?: LocalTriggers;
  lambdaEndpoint?: string;
  /** Serve an existing service; its token issuer becomes this server's endpoint. */
  cognito?: LocalCognito;
  clock?: Clock;
  /** Largest request body in bytes; larger ones are answered 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Serve the same API and JWKS over HTTPS: `true` with a self-signed certificate made at start, or a given cert and key. */
  https?: HttpsOption;
  /** Keep the service's records in this folder across restarts (see `LocalCognitoOptions.dataDir`). */
  dataDir?: string;
}

export interface LocalCognitoServer {
  /** `http://host:port` (or `https://`), to give clients as their Cognito endpoint. */
  endpoint: string;
  /** With `https`: the PEM certificate clients must trust. */
  certificate?: string;
  /** With `https: true`: the file holding that certificate, e.g. for NODE_EXTRA_CA_CERTS. */
  certificatePath?: string;
  cognito: LocalCognito;
  messages(): DeliveredMessage[];
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const DEFAULT_MAX_BODY = 1024 * 1024;
/**
 * An oversized body is answered 413 at once and the rest of it read and dropped, so the client, still sending,
 * gets the answer instead of a reset connection. Past this much time the connection is cut instead.
 */
const DRAIN_LIMIT_MS = 30_000;
/** The pool's records are swept this often while the server is idle (requests also sweep as they come). */
const IDLE_SWEEP_MS = 60_000;

/** What browsers of an allowed origin need to call the pool (see http-guards.ts for who is allowed). */
const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
  'Access-Control-Allow-Headers':
    'content-type, x-amz-target, x-amz-user-agent, cache-control, amz-sdk-invocation-id, amz-sdk-request, authorization, x-amz-date, x-amz-security-token, x-amz-content-sha256',
  'Access-Control-Expose-Headers': 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date',
  'Access-Control-Max-Age': '600',
};

/** On every answer: no MIME sniffing, and no embedding by other origins' <script>/<img> (CORS requests are unaffected). */
const SAFETY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function corsHeaders(req: IncomingMessage, allowed: boolean): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !allowed) return {};
  return { ...CORS_HEADERS, 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SAFETY_HEADERS,
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': String(Buffer.byteLength(text)),
    'x-amzn-RequestId': randomUUID(),
    ...headers,
  });
  res.end(text);
}

/** Both the `__type` body member and the `x-amzn-ErrorType` header: each client family reads one of them (trap 4). */
function sendError(res: ServerResponse, name: string, message: string, status: number, headers: Record<string, string> = {}): void {
  send(res, status, { __type: name, message }, {
    ...headers,
    'x-amzn-ErrorType': name,
    // Header values must be single-line latin1; the body keeps the full message.
    'x-amzn-ErrorMessage': message.replace(/[^\x20-\x7e]/g, '?').slice(0, 512),
  });
}

type Body = { ok: true; text: string } | { ok: false; tooLarge: boolean };

function declaredLength(req: IncomingMessage): number | undefined {
  const value = req.headers['content-length'];
  if (value === undefined || !/^[0-9]+$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Reads the body up to `max` bytes. Past it (declared or counted, chunked or not) it settles at once as too large
 * and keeps reading, dropping what comes, until the client has sent everything (or DRAIN_LIMIT_MS passes, then the
 * connection is cut): answering while the client still sends and then closing would reset the connection.
 */
function readBody(req: IncomingMessage, max: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: Body) => {
      if (settled) return;
      settled = true;
      resolve(body);
    };
    const tooLarge = () => {
      chunks.length = 0;
      settle({ ok: false, tooLarge: true });
      const timer = setTimeout(() => req.socket.destroy(), DRAIN_LIMIT_MS);
      timer.unref();
      req.once('end', () => clearTimeout(timer));
      req.once('close', () => clearTimeout(timer));
    };
    const declared = declaredLength(req);
    if (declared !== undefined && declared > max) tooLarge();
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > max) tooLarge();
      else chunks.push(chunk);
    });
    req.on('end', () => settle({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    // A client that goes away mid-body gets no answer; settle so nothing waits on it.
    req.on('close', () => {
      if (!req.complete) settle({ ok: false, tooLarge: false });
    });
    req.on('error', () => settle({ ok: false, tooLarge: false }));
  });
}

interface Context {
  cognito: LocalCognito;
  guards: HttpGuards;
  maxBody: number;
  admin: LocalAdminContext;
  scheme: 'http' | 'https';
}

/** The guards of http-guards.ts; true when the request may go on. */
function admitted(ctx: Context, req: IncomingMessage, res: ServerResponse): { cors: Record<string, string> } | undefined {
  const hostProblem = ctx.guards.hostProblem(req.headers.host);
  if (hostProblem) {
    req.resume();
    sendError(res, 'ForbiddenException', hostProblem, 403);
    return undefined;
  }
  const origin = req.headers.origin;
  const allowed = origin === undefined || ctx.guards.isAllowedOrigin(origin);
  if (!allowed) {
    req.resume();
    sendError(
      res,
      'ForbiddenException',
      `The origin ${JSON.stringify(origin)} is not allowed to call the local user pool. Allow it with --allow-origin ${origin ?? ''} (allowedOrigins in code).`,
      403,
    );
    return undefined;
  }
  return { cors: corsHeaders(req, allowed) };
}

async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { cognito } = ctx;
  const admission = admitted(ctx, req, res);
  if (!admission) return;
  const { cors } = admission;
  const url = new URL(req.url ?? '/', 'http://local');
  if (await handleLocalAdminRoute(ctx.admin, req, res, url)) return;
  if (req.method !== 'OPTIONS' && (await handleDomainRoute(ctx, req, res, url, cors))) return;
  if (req.method === 'OPTIONS') {
    const headers: Record<string, string> = { ...SAFETY_HEADERS, ...cors, Allow: 'POST, GET, OPTIONS' };
    // Chrome's Private Network Access preflight: a configured non-loopback origin calling a loopback pool.
    if (cors['Access-Control-Allow-Origin'] && req.headers['access-control-request-private-network'] === 'true') {
      headers['Access-Control-Allow-Private-Network'] = 'true';
    }
    req.resume();
    res.writeHead(204, headers);
    res.end();
    return;
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    req.resume();
    if (url.pathname === '/_local/messages') return send(res, 200, cognito.messages(), { ...cors, 'Content-Type': 'application/json' });
    const wellKnown = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(url.pathname);
    if (wellKnown) {
      const [, poolId = '', document] = wellKnown;
      try {
        if (document === 'jwks.json') return send(res, 200, await cognito.jwks(poolId), { ...cors, 'Content-Type': 'application/json' });
        await cognito.jwks(poolId);
        return send(res, 200, cognito.openIdConfiguration(poolId), { ...cors, 'Content-Type': 'application/json' });
      } catch (error) {
        if (error instanceof LocalCognitoError) return sendError(res, error.name, error.message, 404, cors);
        throw error;
      }
    }
    return sendError(res, 'ResourceNotFoundException', `Nothing at ${url.pathname}`, 404, cors);
  }
  if (req.method !== 'POST') {
    req.resume();
    return sendError(res, 'UnknownOperationException', `Method ${req.method ?? ''} is not supported.`, 405, cors);
  }
  const body = await readBody(req, ctx.maxBody);
  if (!body.ok) {
    if (!body.tooLarge) return;
    return sendError(res, 'RequestEntityTooLargeException', `Request body must not exceed ${ctx.maxBody} bytes.`, 413, cors);
  }
  const target = String(req.headers['x-amz-target'] ?? '');
  if (!target.startsWith(TARGET_PREFIX)) {
    return sendError(res, 'UnknownOperationException', `Unknown target: ${target || '(none)'}`, 400, cors);
  }
  const operation = target.slice(TARGET_PREFIX.length);
  let input: unknown;
  try {
    input = body.text.trim() === '' ? {} : JSON.parse(body.text);
  } catch {
    return sendError(res, 'InvalidParameterException', 'Request body is not valid JSON.', 400, cors);
  }
  try {
    const output = await cognito.send(operation, input);
    // Operations without output still answer `{}`: Amplify parses every body (trap 4).
    send(res, 200, output ?? {}, cors);
  } catch (error) {
    if (error instanceof LocalCognitoError) return sendError(res, error.name, error.message, error.statusCode, cors);
    sendError(res, 'InternalErrorException', error instanceof Error ? error.message : String(error), 500, cors);
  }
}

/** A pool's domain endpoints live under `/<domain>/` (see oauth-endpoints.ts). */
const DOMAIN_ROUTE = /^\/([a-z0-9][a-z0-9.-]*)(\/oauth2\/(?:authorize|token|userInfo|revoke)|\/login|\/logout|\/error|\/test-provider)$/;
const MAX_FORM_BYTES = 64 * 1024;

async function handleDomainRoute(ctx: Context, req: IncomingMessage, res: ServerResponse, url: URL, cors: Record<string, string>): Promise<boolean> {
  const match = DOMAIN_ROUTE.exec(url.pathname);
  if (!match?.[1] || !match[2]) return false;
  let form = new URLSearchParams();
  if (req.method === 'POST') {
    const body = await readBody(req, MAX_FORM_BYTES);
    if (!body.ok) {
      if (body.tooLarge) sendError(res, 'RequestEntityTooLargeException', `Request body must not exceed ${MAX_FORM_BYTES} bytes.`, 413, cors);
      return true;
    }
    form = new URLSearchParams(body.text);
  } else {
    req.resume();
  }
  const response = await ctx.cognito.oauth({
    method: req.method ?? 'GET',
    domain: match[1],
    path: match[2],
    query: url.searchParams,
    form,
    ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
    ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}),
    ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    ...(req.headers.host ? { origin: `${ctx.scheme}://${req.headers.host}` } : {}),
  });
  if (!response) return false;
  if (res.headersSent || res.destroyed) return true;
  res.writeHead(response.status, {
    ...SAFETY_HEADERS,
    ...cors,
    'Content-Length': String(Buffer.byteLength(response.body)),
    ...response.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : response.body);
  return true;
}

/**
 * Serves a LocalCognito over HTTP with Cognito's JSON 1.1 protocol; no SigV4 is required. It listens on 127.0.0.1
 * unless told otherwise, answers only Host headers that name it (see http-guards.ts), and lets only loopback
 * origins (and configured ones) call it from a browser.
 */
export async function startLocalCognito(options: LocalCognitoServerOptions = {}): Promise<LocalCognitoServer> {
  if (options.cognito && options.dataDir !== undefined) {
    throw new TypeError('Give dataDir to createLocalCognito when passing a service to startLocalCognito.');
  }
  const cognito =
    options.cognito ??
    createLocalCognito({
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.triggers ? { triggers: options.triggers } : {}),
      ...(options.lambdaEndpoint ? { lambdaEndpoint: options.lambdaEndpoint } : {}),
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    });
  const guards = createHttpGuards(options);
  const listenHost = options.host ?? '127.0.0.1';
  guards.allowListenHost(listenHost);
  const admin: LocalAdminContext = {
    cognito,
    readBody,
    sendJson: (res, status, body) => send(res, status, body, { 'Content-Type': 'application/json' }),
    sendError: (res, name, message, status) => sendError(res, name, message, status),
    safetyHeaders: SAFETY_HEADERS,
    formToken: newFormToken(),
    notices: new Map(),
  };
  const ctx: Context = { cognito, guards, maxBody: options.maxBodyBytes ?? DEFAULT_MAX_BODY, admin, scheme: options.https ? 'https' : 'http' };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(ctx, req, res).catch((error: unknown) => {
      sendError(res, 'InternalErrorException', error instanceof Error ? error.message : String(error), 500);
    });
  };
  const tls = options.https ? localTls(options.https, listenHost) : undefined;
  const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest) : createServer(onRequest);
  // `Expect: 100-continue` (curl does it for large bodies): refuse a declared oversized body before it is sent.
  server.on('checkContinue', (req, res) => {
    const declared = declaredLength(req);
    if (declared !== undefined && declared > ctx.maxBody && !guards.hostProblem(req.headers.host)) {
      sendError(res, 'RequestEntityTooLargeException', `Request body must not exceed ${ctx.maxBody} bytes.`, 413, {
        ...corsHeaders(req, req.headers.origin !== undefined && guards.isAllowedOrigin(req.headers.origin)),
        Connection: 'close',
      });
      return;
    }
    res.writeContinue();
    onRequest(req, res);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      tls?.dispose();
      reject(error);
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, listenHost, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const sweeper = setInterval(() => cognito.sweep(), IDLE_SWEEP_MS);
  sweeper.unref();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const endpoint = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
  cognito.setIssuerBase(endpoint);
  return {
    endpoint,
    ...(tls ? { certificate: tls.cert } : {}),
    ...(tls?.certificatePath ? { certificatePath: tls.certificatePath } : {}),
    cognito,
    messages: () => cognito.messages(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(sweeper);
        server.close((error) => {
          tls?.dispose();
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
