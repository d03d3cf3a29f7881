/**
 * Who may talk to the local pool over HTTP. Two checks, both before any request is read:
 *
 * - The Host header must name a loopback address (`localhost`, `127.0.0.0/8`, `[::1]`), the address the server
 *   listens on, or a host allowed by configuration. A DNS-rebinding page (a site whose name is made to resolve to
 *   127.0.0.1) sends its own name as Host, so it is refused.
 * - A request with an Origin header (every cross-origin request a browser makes, and every POST) must come from an
 *   allowed origin: a loopback one (`http(s)://localhost`, `127.0.0.1` or `[::1]`, any port) or one allowed by
 *   configuration. Only allowed origins get Access-Control-Allow-* headers, so only their pages can read answers.
 */

export interface HttpGuardOptions {
  /** Origins (`scheme://host[:port]`) whose pages may call the pool, besides the loopback ones; `*` allows any. */
  allowedOrigins?: readonly string[];
  /** Host names (`name` for any port, or `name:port`) accepted in the Host header, besides loopback ones; `*` accepts any. */
  allowedHosts?: readonly string[];
}

export interface HttpGuards {
  /** Undefined when the Host header is acceptable, else why it is not. */
  hostProblem(host: string | undefined): string | undefined;
  isAllowedOrigin(origin: string): boolean;
  /** Adds the address the server listens on (so its own endpoint works, e.g. with `--host 0.0.0.0`). */
  allowListenHost(host: string): void;
}

const LOOPBACK_ORIGIN_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `host[:port]` → lower-case name (IPv6 in brackets, a trailing dot dropped) and port. */
export function parseHostHeader(value: string): { name: string; port?: string } | undefined {
  const host = value.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::([0-9]{1,5}))?$/.exec(host);
  if (!match?.[1]) return undefined;
  const name = match[1].endsWith('.') && !match[1].startsWith('[') ? match[1].slice(0, -1) : match[1];
  return match[2] === undefined ? { name } : { name, port: match[2] };
}

function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name === '[::1]') return true;
  return /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(name) && name.split('.').every((part) => Number(part) <= 255);
}

/** An origin as browsers send it, or undefined for anything else (`null`, paths, user info). */
function normalOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

export function isLoopbackOrigin(origin: string): boolean {
  const normal = normalOrigin(origin);
  if (normal === undefined || normal !== origin) return false;
  return LOOPBACK_ORIGIN_HOSTS.has(new URL(origin).hostname);
}

export function createHttpGuards(options: HttpGuardOptions = {}): HttpGuards {
  const anyOrigin = options.allowedOrigins?.includes('*') ?? false;
  const origins = new Set<string>();
  for (const entry of options.allowedOrigins ?? []) {
    if (entry === '*') continue;
    const normal = normalOrigin(entry);
    if (normal === undefined) throw new Error(`Not an origin (scheme://host[:port]): ${entry}`);
    origins.add(normal);
  }
  const anyHost = options.allowedHosts?.includes('*') ?? false;
  const hosts = new Set<string>();
  const addHost = (entry: string) => {
    const parsed = parseHostHeader(entry);
    if (!parsed) throw new Error(`Not a host name: ${entry}`);
    hosts.add(parsed.port === undefined ? parsed.name : `${parsed.name}:${parsed.port}`);
  };
  for (const entry of options.allowedHosts ?? []) if (entry !== '*') addHost(entry);

  return {
    hostProblem(value) {
      if (anyHost) return undefined;
      if (!value) return 'The request has no Host header.';
      const parsed = parseHostHeader(value);
      if (!parsed) return `The Host header ${JSON.stringify(value)} is not a host name.`;
      if (isLoopbackName(parsed.name) || hosts.has(parsed.name)) return undefined;
      if (parsed.port !== undefined && hosts.has(`${parsed.name}:${parsed.port}`)) return undefined;
      return (
        `The Host ${JSON.stringify(parsed.name)} is not allowed: the local user pool answers loopback names only, ` +
        `so that other sites cannot reach it through DNS rebinding. Allow it with --allow-host ${parsed.name} ` +
        `(allowedHosts in code).`
      );
    },
    isAllowedOrigin(origin) {
      if (isLoopbackOrigin(origin)) return true;
      const normal = normalOrigin(origin);
      if (normal === undefined || normal !== origin) return false;
      return anyOrigin || origins.has(normal);
    },
    allowListenHost(host) {
      const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
      addHost(name);
    },
  };
}
