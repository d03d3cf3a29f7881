import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { launchChromium, type Browser } from './support/chromium.js';

/**
 * `npm start` as a person runs it: the script starts the local user pool and the Vite dev server, prints both
 * addresses, the page comes up in a browser within a minute, and Ctrl-C (SIGINT) stops both.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
let child: ChildProcess | undefined;
let browser: Browser | undefined;
/** A throwaway data folder, so the test neither reads nor changes a developer's .local-pool-data/. */
const dataDir = mkdtempSync(join(tmpdir(), 'demo-start-data-'));

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function waitForOutput(process: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    process.stdout?.on('data', onData);
    process.stderr?.on('data', onData);
    process.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

it('npm start serves the demo page and the local pool, prints the demo users, and stops both on Ctrl-C', async () => {
  const started = Date.now();
  child = spawn(process.execPath, ['--conditions=@cognito-auth-machine/source', '--import', 'tsx', 'examples/demo/start.ts'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', DEMO_POOL_PORT: '0', DEMO_PAGE_PORT: '0', DEMO_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = await waitForOutput(child, /Ctrl-C stops both/, 60_000);
  const page = /Demo page\s+(http:\/\/localhost:\d+\/demo\/)/.exec(output)?.[1];
  const pool = /Local user pool\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  expect(page).toBeDefined();
  expect(pool).toBeDefined();
  for (const user of ['sam.sms', 'tara.totp', 'quinn.quiz', 'nina.new', 'milo.choice', 'tess.setup', 'olive.otp', 'pat.passkey']) expect(output).toContain(user);
  expect(output).toMatch(/MFA required pool\s+\S+, client \S+: the page's \?pool=mfaRequired/);
  expect(output).toContain(`Data folder        ${dataDir}/ (new: users kept across restarts; start over with npm start -- --reset or by deleting it)`);
  expect(existsSync(join(dataDir, 'local-pool.json'))).toBe(true);

  browser = await launchChromium();
  const tab = await browser.context.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  await tab.goto(page ?? '');
  await expect
    .poll(() => tab.getAttribute('[data-testid=auth-card]', 'data-state'), { timeout: 60_000, interval: 250 })
    .toBe('signedOut');
  expect(await tab.getByTestId('totp-code').textContent()).toMatch(/^\d{3} \d{3}$/);
  expect(errors).toEqual([]);
  const readyMs = Date.now() - started;
  expect(readyMs).toBeLessThan(60_000);
  console.log(`npm start: page ready in a browser ${readyMs} ms after launch`);
  await browser.close();
  browser = undefined;

  const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(await refused(`${pool}/_local/messages`)).toBe(true);
  expect(await refused(page ?? '')).toBe(true);
}, 120_000);
