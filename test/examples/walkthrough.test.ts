import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

it('npm run walkthrough: the walkthrough runs every flow against the local user pool and exits cleanly', async () => {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--conditions=@cognito-auth-machine/source', '--import', 'tsx', 'examples/walkthrough.ts'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  expect(stderr).toBe('');
  expect(stdout).toContain('Done.');
  // Each flow ends signed in before signing out again.
  expect(stdout.match(/state signedIn\.idle/g)?.length).toBe(5);
  expect(stdout).toContain('emitted confirmSignUp, signIn, autoSignIn');
  expect(stdout).toContain('error CodeMismatchException');
  expect(stdout).toContain('error ValidationError');
  // Nothing secret is printed: the demo password never appears.
  expect(stdout).not.toContain('Passw0rd!');
}, 90_000);
