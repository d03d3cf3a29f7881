import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from './clock.js';
import { LocalCognitoError } from './local-cognito-error.js';
import { createLocalCognito, type DeliveredMessage, type LocalCognito } from './local-cognito.js';
import type { LocalTriggers } from './triggers.js';

export interface LocalCognitoServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  triggers?: LocalTriggers;
  lambdaEndpoint?: string;
  /** Serve an existing service; its token issuer becomes this server's endpoint. */
  cognito?: LocalCognito;
  clock?: Clock;
}

export interface LocalCognitoServer {
  /** `http://host:port`, to give clients as their Cognito endpoint. */
  endpoint: string;
  cognito: LocalCognito;
  messages(): DeliveredMessage[];
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const MAX_BODY = 1024 * 1024;
/** Past this the connection is cut rather than drained. */
const HARD_LIMIT = 16 * MAX_BODY;

/** What browsers need to call the pool from another origin. */
const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
  'Access-Control-Allow-Headers':
    'content-type, x-amz-target, x-amz-user-agent, cache-control, amz-sdk-invocation-id, amz-sdk-request, authorization, x-amz-date, x-amz-security-token, x-amz-content-sha256',
  'Access-Control-Expose-Headers': 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date',
  'Access-Control-Max-Age': '600',
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': String(Buffer.byteLength(text)),
    'x-amzn-RequestId': randomUUID(),
    ...headers,
  });
  res.end(text);
}

/** Both the `__type` body member and the `x-amzn-ErrorType` header: each client family reads one of them (trap 4). */
function sendError(res: ServerResponse, name: string, message: string, status: number): void {
  send(res, status, { __type: name, message }, {
    'x-amzn-ErrorType': name,
    // Header values must be single-line latin1; the body keeps the full message.
    'x-amzn-ErrorMessage': message.replace(/[^\x20-\x7e]/g, '?').slice(0, 512),
  });
}

type Body = { ok: true; text: string } | { ok: false; tooLarge: boolean };

function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > HARD_LIMIT) {
        resolve({ ok: false, tooLarge: true });
        req.destroy();
        return;
      }
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? { ok: false, tooLarge: true } : { ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    // A client that goes away mid-body gets no answer; settle so nothing waits on it.
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false, tooLarge: false });
    });
    req.on('error', reject);
  });
}

async function handle(cognito: LocalCognito, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS);
    res.end();
    return;
  }
  if (req.method === 'GET') {
    if (url.pathname === '/_local/messages') return send(res, 200, cognito.messages(), { 'Content-Type': 'application/json' });
    const wellKnown = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(url.pathname);
    if (wellKnown) {
      const [, poolId = '', document] = wellKnown;
      try {
        if (document === 'jwks.json') return send(res, 200, await cognito.jwks(poolId), { 'Content-Type': 'application/json' });
        await cognito.jwks(poolId);
        const issuer = cognito.issuer(poolId);
        return send(res, 200, {
          issuer,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          id_token_signing_alg_values_supported: ['RS256'],
          subject_types_supported: ['public'],
          response_types_supported: ['code', 'token'],
        }, { 'Content-Type': 'application/json' });
      } catch (error) {
        if (error instanceof LocalCognitoError) return sendError(res, error.name, error.message, 404);
        throw error;
      }
    }
    return sendError(res, 'ResourceNotFoundException', `Nothing at ${url.pathname}`, 404);
  }
  if (req.method !== 'POST') {
    return sendError(res, 'UnknownOperationException', `Method ${req.method ?? ''} is not supported.`, 405);
  }
  const body = await readBody(req);
  if (!body.ok) {
    if (!body.tooLarge) return;
    return sendError(res, 'RequestEntityTooLargeException', `Request body must not exceed ${MAX_BODY} bytes.`, 413);
  }
  const target = String(req.headers['x-amz-target'] ?? '');
  if (!target.startsWith(TARGET_PREFIX)) {
    return sendError(res, 'UnknownOperationException', `Unknown target: ${target || '(none)'}`, 400);
  }
  const operation = target.slice(TARGET_PREFIX.length);
  let input: unknown;
  try {
    input = body.text.trim() === '' ? {} : JSON.parse(body.text);
  } catch {
    return sendError(res, 'InvalidParameterException', 'Request body is not valid JSON.', 400);
  }
  try {
    const output = await cognito.send(operation, input);
    // Operations without output still answer `{}`: Amplify parses every body (trap 4).
    send(res, 200, output ?? {});
  } catch (error) {
    if (error instanceof LocalCognitoError) return sendError(res, error.name, error.message, error.statusCode);
    sendError(res, 'InternalErrorException', error instanceof Error ? error.message : String(error), 500);
  }
}

/** Serves a LocalCognito over HTTP with Cognito's JSON 1.1 protocol; no SigV4 is required. */
export async function startLocalCognito(options: LocalCognitoServerOptions = {}): Promise<LocalCognitoServer> {
  const cognito =
    options.cognito ??
    createLocalCognito({
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.triggers ? { triggers: options.triggers } : {}),
      ...(options.lambdaEndpoint ? { lambdaEndpoint: options.lambdaEndpoint } : {}),
    });
  const server = createServer((req, res) => {
    handle(cognito, req, res).catch((error: unknown) => {
      sendError(res, 'InternalErrorException', error instanceof Error ? error.message : String(error), 500);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const endpoint = `http://${host}:${address.port}`;
  cognito.setIssuerBase(endpoint);
  return {
    endpoint,
    cognito,
    messages: () => cognito.messages(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
