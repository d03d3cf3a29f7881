#!/usr/bin/env node
/**
 * `npx @cognito-auth-machine/local-pool [--host 127.0.0.1] [--port 9229]` (the command `cognito-auth-machine-local`):
 * the local user pool over HTTP, with a user pool and app client created at start, for any app's development.
 */
import { main } from './cli.js';

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
