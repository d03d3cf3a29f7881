/**
 * `npm start`: the local user pool over HTTP with the demo pool, and the demo pages served by Vite.
 * Prints both addresses and the demo users; Ctrl-C stops both.
 * DEMO_POOL_PORT and DEMO_PAGE_PORT choose the ports (0 for any free one).
 * The pool keeps its users in .local-pool-data/ (git-ignored) across restarts; DEMO_DATA_DIR chooses another
 * folder, and `npm start -- --reset` (or DEMO_RESET=1) empties it first.
 */
import { rmSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { DEMO_PASSWORD } from '../demo-pool.js';
import { startDemoBackend } from './demo-backend.js';
import { demoConfigPlugin } from './demo-config-plugin.js';

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = (text: string) => paint(1, text);
const dim = (text: string) => paint(2, text);
const cyan = (text: string) => paint(36, text);

/** DEMO_POOL_PORT / DEMO_PAGE_PORT pick the ports (0: any free one); by default 9229 and 5173, or the next free. */
function portFrom(name: string): { port?: number } {
  const value = process.env[name];
  if (value === undefined || value === '') return {};
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number, not ${value}`);
  return { port };
}

/** The data folder: DEMO_DATA_DIR, or .local-pool-data/ at the top of the repository. */
function dataFolder(): string {
  const chosen = process.env.DEMO_DATA_DIR;
  return chosen !== undefined && chosen !== '' ? chosen : fileURLToPath(new URL('../../.local-pool-data', import.meta.url));
}

/** The same address with `localhost` for a loopback IP. */
function onLocalhost(url: URL): URL {
  const named = new URL(url);
  if (named.hostname === '127.0.0.1' || named.hostname === '[::1]') named.hostname = 'localhost';
  return named;
}

async function main(): Promise<void> {
  // The SDK warns once that its 2027 releases will need Node 22; that says nothing about the demo.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = Date.now();
  const dataDir = dataFolder();
  const reset = process.argv.includes('--reset') || process.env.DEMO_RESET === '1';
  if (reset) rmSync(dataDir, { recursive: true, force: true });
  const backend = await startDemoBackend({ ...portFrom('DEMO_POOL_PORT'), dataDir });
  const pagePort = portFrom('DEMO_PAGE_PORT').port;
  const vite = await createServer({
    configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)),
    plugins: [demoConfigPlugin(backend.config)],
    ...(pagePort !== undefined ? { server: { port: pagePort, strictPort: true } } : {}),
  });
  await vite.listen();
  const address = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${vite.config.server.port}/`;
  // The page is given as localhost: browsers take no IP address as a passkey's relying party, and the demo pool's
  // passkeys belong to localhost (examples/demo-passwordless.ts). Vite still listens on 127.0.0.1 only.
  const page = onLocalhost(new URL('demo/', address)).href;
  // Managed login sends the browser back only to addresses the app client lists, compared exactly.
  const pages = (vite.resolvedUrls?.local ?? [address]).map((url) => new URL('demo/', url));
  await backend.allowPages([...pages, ...pages.map(onLocalhost)].map((url) => url.href));

  console.log(`\n${bold('cognito-auth-machine demo')} ${dim(`ready in ${Date.now() - started} ms`)}\n`);
  console.log(`  Demo page          ${cyan(page)}`);
  console.log(`  Vanilla example    ${cyan(new URL('vanilla/', address).href)}`);
  console.log(`  Local user pool    ${cyan(backend.server.endpoint)}  ${dim(`(${backend.config.userPoolId}, client ${backend.config.userPoolClientId})`)}`);
  for (const [key, pool] of Object.entries(backend.config.pools ?? {})) {
    console.log(`  ${`${pool.label} pool`.padEnd(19)}${dim(`${pool.userPoolId}, client ${pool.userPoolClientId}: the page's ?pool=${key}`)}`);
  }
  console.log(`  Outbox             ${cyan(`${backend.server.endpoint}/_local/messages`)}`);
  console.log(`  Admin page         ${cyan(`${backend.server.endpoint}/_local/`)}`);
  const fromHere = relative(process.cwd(), dataDir);
  const shownDir = fromHere === '' ? '.' : fromHere.startsWith('..') ? dataDir : fromHere;
  console.log(
    `  Data folder        ${shownDir}/ ${dim(backend.reopened ? '(users kept from the last run' : '(new: users kept across restarts')}${dim(`; start over with npm start -- --reset or by deleting it)`)}\n`,
  );
  console.log(bold('  Demo users') + dim(`  (password ${DEMO_PASSWORD} unless noted)`));
  for (const user of backend.config.users) {
    const password = user.authFlow?.startsWith('CUSTOM_WITHOUT') ? 'no password' : user.password;
    const note = [password && password !== DEMO_PASSWORD ? password : '', user.pool ? `in the ${backend.config.pools?.[user.pool]?.label ?? user.pool} pool` : '']
      .filter(Boolean)
      .join(', ');
    console.log(`    ${user.username.padEnd(12)} ${user.flow}${note ? dim(`  (${note})`) : ''}`);
  }
  console.log(`    ${dim('or create an account on the page: codes arrive in the outbox panel.')}\n`);
  console.log(dim('  Ctrl-C stops both servers.\n'));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled([vite.close(), backend.server.close()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
