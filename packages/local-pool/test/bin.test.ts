import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** The command from source, as the repository runs it: tsx, with the client resolved to its sources. */
const BIN = ['--conditions=@cognito-auth-machine/source', '--import', 'tsx', 'packages/local-pool/src/bin.ts'];

it('`cognito-auth-machine-local` serves a seeded pool, prints its ids, and stops on SIGINT', async () => {
  const child = spawn(process.execPath, [...BIN, '--port', '0'], { cwd: root });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const deadline = Date.now() + 30_000;
  while (!/clientId: \S+/.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  const endpoint = /endpoint: (\S+)/.exec(out)?.[1];
  const userPoolId = /userPoolId: (\S+)/.exec(out)?.[1];
  expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const described = await fetch(endpoint!, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.DescribeUserPool',
    },
    body: JSON.stringify({ UserPoolId: userPoolId }),
  });
  expect(described.status).toBe(200);
  expect(((await described.json()) as { UserPool: { AliasAttributes: string[] } }).UserPool.AliasAttributes).toEqual(['email']);
  const messages = await fetch(`${endpoint}/_local/messages`);
  expect(await messages.json()).toEqual([]);
  child.kill('SIGINT');
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
}, 60_000);

it('`cognito-auth-machine-local --help` prints its usage and starts nothing', async () => {
  const child = spawn(process.execPath, [...BIN, '--help'], { cwd: root });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
  expect(out).toMatch(/^Usage: cognito-auth-machine-local \[--host 127\.0\.0\.1\] \[--port 9229\]/);
}, 60_000);
