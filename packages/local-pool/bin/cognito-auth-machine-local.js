#!/usr/bin/env node
/**
 * The `cognito-auth-machine-local` command. An installed package runs its build; a clone of the repository has no
 * build until `npm run build`, so there the command runs the sources, and `npx cognito-auth-machine-local` works
 * right after `npm install`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/bin.js', import.meta.url);

if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const source = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@cognito-auth-machine/source', '--import', 'tsx', source, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  // Ctrl-C and a stop from a process manager reach the pool, which closes its server before it exits.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
