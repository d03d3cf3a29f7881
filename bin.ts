#!/usr/bin/env node
/**
 * `npx cognito-auth-machine local [--host 127.0.0.1] [--port 9229]`: the local user pool over HTTP, with a
 * user pool and app client created at start, for any app's development.
 */
import { main as runLocalPool } from './adapters/local-pool/cli.js';

const [command, ...rest] = process.argv.slice(2);

if (command === 'local') {
  runLocalPool(rest).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
} else {
  console.log('Usage: cognito-auth-machine local [--host 127.0.0.1] [--port 9229]');
  process.exit(command === undefined || command === '--help' || command === '-h' ? 0 : 1);
}
