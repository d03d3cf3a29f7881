import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { DEMO_CONFIG_PATH, type DemoConfig } from '../../../examples/demo/src/demo-config.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const DEMO_VITE_CONFIG = join(root, 'examples/demo/vite.config.ts');
export const DEMO_DIST = join(root, 'test-output/demo-dist');

/** A production build of the example pages (the React demo and the vanilla example) into test-output/. */
export async function buildDemo(): Promise<string> {
  await build({ configFile: DEMO_VITE_CONFIG, logLevel: 'error', build: { outDir: DEMO_DIST, emptyOutDir: true } });
  return DEMO_DIST;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export interface DemoSite {
  url: string;
  close(): Promise<void>;
}

/** Serves a build on 127.0.0.1 (a free port) with the pool's coordinates at /demo-config.json. */
export async function serveDemo(dist: string, config: DemoConfig): Promise<DemoSite> {
  const body = JSON.stringify(config);
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === DEMO_CONFIG_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(body);
      return;
    }
    let file = normalize(join(dist, path));
    if (!file.startsWith(dist + sep) && file !== dist) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      await stat(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
