/**
 * The local user pool and the browser. A developer's browser has other sites open; none of them may read the outbox
 * (every code sent) or call the pool (AdminGetUser needs no credentials here). Only loopback origins — and origins
 * the developer allows — get CORS answers, and a Host header that does not name the pool (DNS rebinding) gets 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../packages/local-pool/src/cli.js';
import { PASSWORD, addUser, harness, rawRequest, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await harness();
  await addUser(h, 'ann');
  await h.ok('SignUp', { ClientId: h.pool.clientId, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] });
});

afterAll(async () => {
  await h?.close();
});

function preflight(endpoint: string, origin: string, extra: Record<string, string> = {}) {
  return fetch(endpoint, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target', ...extra },
  });
}

function adminGetUser(endpoint: string, userPoolId: string, headers: Record<string, string> = {}) {
  return fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser', ...headers },
    body: JSON.stringify({ UserPoolId: userPoolId, Username: 'ann' }),
  });
}

function accessControlHeaders(response: Response | { headers: Record<string, unknown> }): string[] {
  const names: string[] = [];
  if (response.headers instanceof Headers) response.headers.forEach((_, name) => names.push(name));
  else names.push(...Object.keys(response.headers));
  return names.filter((name) => name.toLowerCase().startsWith('access-control-'));
}

const LOOPBACK_ORIGINS = [
  'http://localhost', 'http://localhost:5173', 'https://localhost:8443', 'http://127.0.0.1:3000', 'https://127.0.0.1',
  'http://[::1]:5173',
];
const FOREIGN_ORIGINS = [
  'https://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1.evil.example:5173', 'http://127.0.0.2:5173',
  'http://192.168.1.10:5173', 'null', 'file://', 'http://localhost:5173/path',
];

describe('CORS: loopback origins by default', () => {
  it.each(LOOPBACK_ORIGINS)('%s may call the pool: preflight and answer carry its origin', async (origin) => {
    const pre = await preflight(h.server.endpoint, origin);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-amz-target');
    expect(pre.headers.get('vary')).toBe('Origin');
    const answer = await adminGetUser(h.server.endpoint, h.pool.userPoolId, { origin });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    const outbox = await fetch(`${h.server.endpoint}/_local/messages`, { headers: { origin } });
    expect(outbox.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it.each(FOREIGN_ORIGINS)('%s gets no Access-Control-Allow-* header: preflight, outbox and AdminGetUser refused', async (origin) => {
    const pre = await preflight(h.server.endpoint, origin);
    expect(pre.status).toBe(403);
    expect(accessControlHeaders(pre)).toEqual([]);
    const outbox = await fetch(`${h.server.endpoint}/_local/messages`, { headers: { origin } });
    expect(outbox.status).toBe(403);
    expect(accessControlHeaders(outbox)).toEqual([]);
    expect(await outbox.text()).not.toContain('bob');
    const answer = await adminGetUser(h.server.endpoint, h.pool.userPoolId, { origin });
    expect(answer.status).toBe(403);
    expect(accessControlHeaders(answer)).toEqual([]);
    expect(((await answer.json()) as { __type: string }).__type).toBe('ForbiddenException');
  });

  it('callers without an Origin (SDKs, curl, tests) are served and get no CORS headers', async () => {
    const answer = await adminGetUser(h.server.endpoint, h.pool.userPoolId);
    expect(answer.status).toBe(200);
    expect(accessControlHeaders(answer)).toEqual([]);
  });

  it('every answer refuses MIME sniffing and embedding by other origins', async () => {
    const outbox = await fetch(`${h.server.endpoint}/_local/messages`);
    expect(outbox.headers.get('x-content-type-options')).toBe('nosniff');
    expect(outbox.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});

describe('CORS: configured origins', () => {
  it('allowedOrigins adds origins; a private-network preflight from one of them is allowed', async () => {
    const other = await harness({ server: { allowedOrigins: ['https://app.dev.example', 'http://192.168.1.10:5173/'] } });
    try {
      for (const origin of ['https://app.dev.example', 'http://192.168.1.10:5173', 'http://localhost:5173']) {
        const pre = await preflight(other.server.endpoint, origin, { 'access-control-request-private-network': 'true' });
        expect(pre.status, origin).toBe(204);
        expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
        expect(pre.headers.get('access-control-allow-private-network')).toBe('true');
      }
      expect((await preflight(other.server.endpoint, 'https://evil.example')).status).toBe(403);
    } finally {
      await other.close();
    }
  });

  it("'*' allows every origin (but never the opaque origin null)", async () => {
    const open = await harness({ server: { allowedOrigins: ['*'] } });
    try {
      expect((await preflight(open.server.endpoint, 'https://anything.example')).headers.get('access-control-allow-origin')).toBe('https://anything.example');
      expect((await preflight(open.server.endpoint, 'null')).status).toBe(403);
    } finally {
      await open.close();
    }
  });
});

describe('Host header: DNS rebinding is refused', () => {
  const port = () => new URL(h.server.endpoint).port;

  it.each(['localhost', '127.0.0.1', '[::1]', 'LOCALHOST', 'localhost.', '127.0.0.53'])('Host %s (any port) is served', async (name) => {
    for (const host of [name, `${name}:${port()}`, `${name}:80`]) {
      const answer = await rawRequest(h.server.endpoint, { path: '/_local/messages', headers: { host } });
      expect(answer.status, host).toBe(200);
    }
  });

  it.each(['evil.example', 'localhost.evil.example', '127.0.0.1.evil.example', 'attacker.test:9229', '10.0.0.5'])(
    'Host %s gets 403 for the outbox, operations and preflights, with no CORS headers',
    async (host) => {
      const outbox = await rawRequest(h.server.endpoint, { path: '/_local/messages', headers: { host } });
      expect(outbox.status).toBe(403);
      expect(outbox.text).not.toContain('bob');
      expect(JSON.parse(outbox.text).__type).toBe('ForbiddenException');
      const operation = await rawRequest(h.server.endpoint, {
        method: 'POST',
        headers: { host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser' },
        body: JSON.stringify({ UserPoolId: h.pool.userPoolId, Username: 'ann' }),
      });
      expect(operation.status).toBe(403);
      // The page of a rebinding attack is same-origin with its own name: it sends its own origin, or none.
      const pre = await rawRequest(h.server.endpoint, {
        method: 'OPTIONS',
        headers: { host, origin: `http://${host}`, 'access-control-request-method': 'POST' },
      });
      expect(pre.status).toBe(403);
      expect(accessControlHeaders(pre)).toEqual([]);
    },
  );

  it('allowedHosts adds names (any port, or one port); the address the server listens on is always served', async () => {
    const other = await harness({ server: { allowedHosts: ['pool.dev.test', 'fixed.test:8080'] } });
    try {
      const status = async (host: string) => (await rawRequest(other.server.endpoint, { path: '/_local/messages', headers: { host } })).status;
      expect(await status('pool.dev.test:1234')).toBe(200);
      expect(await status('fixed.test:8080')).toBe(200);
      expect(await status('fixed.test:8081')).toBe(403);
      expect(await status('evil.example')).toBe(403);
    } finally {
      await other.close();
    }
  });
});

describe('command line', () => {
  it('--allow-origin and --allow-host, repeated or comma-separated', async () => {
    const started = await main(
      ['--port', '0', '--allow-origin', 'https://a.example,https://b.example', '--allow-origin=https://c.example', '--allow-host', 'pool.test', '--allow-host=other.test,third.test'],
      () => {},
    );
    try {
      const endpoint = started!.endpoint;
      for (const origin of ['https://a.example', 'https://b.example', 'https://c.example', 'http://localhost:3000']) {
        expect((await preflight(endpoint, origin)).headers.get('access-control-allow-origin'), origin).toBe(origin);
      }
      expect((await preflight(endpoint, 'https://d.example')).status).toBe(403);
      for (const host of ['pool.test', 'other.test:9229', 'third.test']) {
        expect((await rawRequest(endpoint, { path: '/_local/messages', headers: { host } })).status, host).toBe(200);
      }
      expect((await rawRequest(endpoint, { path: '/_local/messages', headers: { host: 'fourth.test' } })).status).toBe(403);
    } finally {
      await started?.close();
    }
  });

  it('the default listens on loopback only', async () => {
    const started = await main(['--port', '0'], () => {});
    try {
      expect(new URL(started!.endpoint).hostname).toBe('127.0.0.1');
    } finally {
      await started?.close();
    }
  });
});
