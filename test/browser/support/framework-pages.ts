import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';
import { compileScript, parse } from 'vue/compiler-sfc';
import { DEMO_CONFIG_PATH, type DemoConfig } from '../../../examples/demo/src/demo-config.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sign-in</title></head>
<body><main id="app"></main><script type="module" src="/framework-page.js"></script></body></html>`;

/** Svelte components through Svelte's compiler, as @sveltejs/vite-plugin-svelte does in an app. */
const sveltePlugin: Plugin = {
  name: 'svelte',
  setup(b) {
    b.onLoad({ filter: /\.svelte$/ }, async ({ path }) => {
      const { js } = compile(await readFile(path, 'utf8'), { filename: path, generate: 'client' });
      return { contents: js.code, loader: 'js' };
    });
  },
};

/** Vue single-file components: script setup with its template inlined, as @vitejs/plugin-vue does for a build. */
const vuePlugin: Plugin = {
  name: 'vue',
  setup(b) {
    b.onLoad({ filter: /\.vue$/ }, async ({ path }) => {
      const { descriptor, errors } = parse(await readFile(path, 'utf8'), { filename: path });
      if (errors.length) throw errors[0];
      const script = compileScript(descriptor, { id: 'sign-in', inlineTemplate: true });
      return { contents: script.content, loader: script.lang === 'ts' ? 'ts' : 'js' };
    });
  },
};

export interface FrameworkPages {
  url(framework: string): string;
  close(): Promise<void>;
}

/** Bundles the React, Vue, Svelte and Angular examples with esbuild and serves them on 127.0.0.1, with the pool's config. */
export async function serveFrameworkPages(config: DemoConfig): Promise<FrameworkPages> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['test/browser/page/framework-page.ts'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    splitting: true,
    target: 'es2022',
    outdir: 'out',
    write: false,
    logLevel: 'silent',
    jsx: 'automatic',
    // The repository's packages as their TypeScript sources; `module` (dropped once conditions are given) keeps
    // packages on their ESM builds, so that vue, xstate and their bindings are each bundled once.
    conditions: ['@cognito-auth-machine/source', 'module'],
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    plugins: [sveltePlugin, vuePlugin],
  });
  const files = new Map(result.outputFiles.map((file) => [`/${file.path.split('/').pop()}`, file.text]));
  const body = JSON.stringify(config);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const script = files.get(path);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(HTML);
    } else if (path === DEMO_CONFIG_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body);
    } else if (script !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (framework) => `http://127.0.0.1:${port}/?framework=${framework}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
