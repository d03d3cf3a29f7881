#!/usr/bin/env node
/**
 * The README's commands, as a new user runs them, on a fresh clone of this checkout's HEAD. The commands are read
 * from the README's "Two commands" block and run in its order:
 * - `npm install` prints no warning and leaves `git status` clean;
 * - `npm start` serves the demo page and the local pool, and Ctrl-C stops both;
 * - `npm run walkthrough` finishes;
 * - `npm test` passes.
 * Then `npx cognito-auth-machine-local`, the local pool's command (docs/local-user-pool.md), serves a pool, and the
 * browser tests (`npm run test:browser`) pass.
 *
 * Usage: node scripts/fresh-clone.mjs [--keep] [--no-tests]
 *   --keep       leave the clone in place and print where it is
 *   --no-tests   stop after the commands that are quick to run
 * Prints each step with its duration; exits non-zero at the first step that fails.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = new Set(process.argv.slice(2));
const source = fileURLToPath(new URL('..', import.meta.url));
const clone = await mkdtemp(join(tmpdir(), 'cognito-auth-machine-clone-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const quiet = { ...process.env, NO_COLOR: '1', CI: 'true' };

/** Runs a command to its end in the clone; resolves with its output, rejects when it fails. */
function run(command, commandArgs, { cwd = clone, env = quiet, echo = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk) => {
      output += chunk;
      if (echo) process.stdout.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${commandArgs.join(' ')} exited with ${code}\n${echo ? '' : output}`)),
    );
  });
}

/** Starts a long-running command, waits for `ready` in its output, checks it, then stops it as Ctrl-C would. */
async function serve(command, commandArgs, ready, check, env = quiet) {
  const child = spawn(command, commandArgs, { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${ready} within 90 s:\n${output}`)), 90_000);
      const take = (chunk) => {
        output += chunk;
        if (ready.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      exited.then((code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
    });
    await check(output);
  } finally {
    // npm and npx run the command in a child of their own: the whole group gets the interrupt.
    process.kill(-child.pid, 'SIGINT');
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 15_000))]);
    if (code === 'timeout') process.kill(-child.pid, 'SIGKILL');
  }
  return output;
}

async function answers(url, what) {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${what} answered ${response.status} at ${url}`);
  return response.text();
}

/**
 * The commands of the README's "Two commands" block, in order. Each must be one this check knows how to run as a
 * new user would, so that a command added to the README without a check here fails instead of going untried.
 */
async function readmeCommands() {
  const readme = await readFile(join(source, 'README.md'), 'utf8');
  const block = /## Two commands\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no "Two commands" block');
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean)
    .flatMap((line) => line.split('&&').map((command) => command.trim()));
}

const runners = {
  'npm install': [
    'npm install: no warning, and a clean tree',
    async () => {
      const output = await run(npm, ['install', '--no-audit', '--no-fund']);
      const warnings = output.split('\n').filter((line) => /\bwarn\b|EBADENGINE|deprecated/i.test(line));
      if (warnings.length) throw new Error(`npm install printed warnings:\n${warnings.join('\n')}`);
      const status = await run('git', ['status', '--porcelain']);
      if (status.trim()) throw new Error(`npm install left the tree dirty:\n${status}`);
    },
  ],
  'npm start': [
    'npm start: the demo page and the local pool',
    () =>
      serve(npm, ['start'], /Ctrl-C stops both/, async (output) => {
        // The page is given as localhost, the host passkeys need; the pool as 127.0.0.1.
        const page = /Demo page\s+(http:\/\/(?:localhost|127\.0\.0\.1):\d+\/demo\/)/.exec(output)?.[1];
        const pool = /Local user pool\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
        if (!page || !pool) throw new Error(`npm start printed no addresses:\n${output}`);
        if (!(await answers(page, 'the demo page')).includes('<div id="root">')) throw new Error('the demo page has no root');
        await answers(`${pool}/_local/messages`, 'the local pool');
      }, { ...quiet, DEMO_POOL_PORT: '0', DEMO_PAGE_PORT: '0' }),
  ],
  'npm run walkthrough': ['npm run walkthrough', () => run(npm, ['run', 'walkthrough'])],
  'npm test': ['npm test', () => run(npm, ['test'], { echo: true })],
};
const slow = new Set(['npm test']);

const commands = await readmeCommands();
const unknown = commands.filter((command) => !(command in runners));
if (unknown.length) {
  console.log(`FAIL  the README shows commands this check cannot run: ${unknown.join(', ')}`);
  await rm(clone, { recursive: true, force: true });
  process.exit(1);
}

const steps = [
  ['git clone', () => run('git', ['clone', '--quiet', '--no-hardlinks', source, clone], { cwd: source })],
  ...commands.filter((command) => !(args.has('--no-tests') && slow.has(command))).map((command) => runners[command]),
  [
    'npx cognito-auth-machine-local: the local pool command',
    () =>
      serve(npx, ['cognito-auth-machine-local', '--port', '0'], /messages: http/, async (output) => {
        const messages = /messages: (http:\/\/127\.0\.0\.1:\d+\/_local\/messages)/.exec(output)?.[1];
        if (!messages) throw new Error(`the pool printed no address:\n${output}`);
        await answers(messages, 'the local pool');
      }),
  ],
  ...(args.has('--no-tests') ? [] : [['npm run test:browser', () => run(npm, ['run', 'test:browser'], { echo: true })]]),
];

let failed = false;
for (const [name, step] of steps) {
  const started = Date.now();
  try {
    await step();
    console.log(`ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.log(`FAIL  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n${error instanceof Error ? error.message : error}`);
    failed = true;
    break;
  }
}
if (args.has('--keep')) console.log(`the clone is at ${clone}`);
else await rm(clone, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
