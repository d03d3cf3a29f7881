import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('SRP in a browser bundle', () => {
  it('bundles the client and server for the browser without resolving node:crypto', async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['services/srp/srp-client.ts', 'packages/local-pool/src/srp-server.ts'],
      bundle: true,
      platform: 'browser',
      // The server side lives in the local pool package, which imports the client's SRP maths by package name.
      conditions: ['@cognito-auth-machine/source'],
      format: 'esm',
      splitting: true,
      outdir: 'dist-browser-check',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles.map((file) => file.text).join('\n');
    expect(code).toContain('startSrp');
    // The only mention of node:crypto is the runtime string handed to a dynamic import.
    expect(code).not.toMatch(/from\s*["']node:crypto["']/);
    expect(code).not.toMatch(/require\(\s*["']node:crypto["']\s*\)/);
  });
});
