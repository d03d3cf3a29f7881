import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>amplify</title></head>
<body><script type="module" src="/amplify-redirect-page.js"></script></body></html>`;

export interface AmplifyPageConfig {
  userPoolId: string;
  userPoolClientId: string;
  userPoolEndpoint: string;
  /** As Amplify takes it: a host, and here a path, that it puts after `https://`. */
  domain: string;
}

export interface AmplifyPage {
  /** The page's address, also its callback and sign-out URL. */
  url: string;
  close(): Promise<void>;
}

/**
 * The aws-amplify v6 page bundled with esbuild, as an app's bundler would, and served on 127.0.0.1 (a free port)
 * with its pool settings at /config.json. Amplify's own browser build is used (`browser` condition).
 */
export async function startAmplifyPage(): Promise<AmplifyPage & { configure(config: AmplifyPageConfig): void }> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['test/browser/page/amplify-redirect-page.ts'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    outdir: 'out',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const files = new Map(result.outputFiles.map((file) => [`/${file.path.split('/').pop()}`, file.text]));
  let body = '{}';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const script = files.get(path);
    if (path === '/') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(HTML);
    else if (path === '/config.json') res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body);
    else if (script !== undefined) res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    configure(config) {
      body = JSON.stringify(config);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
