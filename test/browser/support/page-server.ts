import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>session</title></head>
<body><script type="module" src="/session-page.js"></script></body></html>`;

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/** Bundles the test page for the browser with esbuild and serves it on 127.0.0.1 (a secure context: Web Locks work). */
export async function startPageServer(): Promise<PageServer> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['test/browser/page/session-page.ts'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    splitting: true,
    target: 'es2022',
    outdir: 'out',
    write: false,
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((file) => [`/${file.path.split('/').pop()}`, file.text]));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const script = files.get(path);
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(HTML);
    } else if (script !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
