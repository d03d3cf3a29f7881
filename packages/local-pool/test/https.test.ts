import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Agent } from 'node:https';
import { promisify } from 'node:util';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { SimpleFetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { startLocalCognito } from '../src/local-cognito-server.js';
import { createLocalUserPool } from '../src/local-user-pool.js';
import { createSelfSignedCertificate } from '../src/self-signed-certificate.js';

const PASSWORD = 'Passw0rd!';

describe('self-signed certificate', () => {
  it('is a CA certificate for the given names and addresses, signed by its own key', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const { cert, key } = createSelfSignedCertificate({ hosts: ['localhost', '127.0.0.1', '::1', 'pool.test'], now, days: 30 });
    const x509 = new X509Certificate(cert);
    expect(x509.ca).toBe(true);
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkHost('pool.test')).toBe('pool.test');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('::1')).toBe('::1');
    expect(x509.checkHost('example.com')).toBeUndefined();
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(new Date(x509.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(x509.validTo).getTime()).toBe(now.getTime() + 30 * 24 * 3600_000);
  });
});

describe('the local pool over HTTPS', () => {
  it('serves the API and JWKS over TLS; aws-jwt-verify verifies its tokens trusting the generated certificate', async () => {
    const server = await startLocalCognito({ https: true });
    const sdk = new CognitoIdentityProviderClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: { httpsAgent: new Agent({ ca: server.certificate }) },
    });
    try {
      expect(server.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(server.certificatePath && existsSync(server.certificatePath)).toBe(true);
      const pool = await createLocalUserPool({ cognito: server.cognito });
      await pool.admin.createUser('pat', { suppress: true });
      await pool.admin.setPassword('pat', PASSWORD, true);
      const out = await sdk.send(new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'pat', PASSWORD },
      }));
      const issuer = `${server.endpoint}/${pool.userPoolId}`;
      const verifierFor = (tokenUse: 'id' | 'access') =>
        JwtVerifier.create(
          {
            issuer,
            jwksUri: `${issuer}/.well-known/jwks.json`,
            audience: null,
            // Cognito's own field rules (token_use, client id), as CognitoJwtVerifier applies them.
            customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId: pool.clientId }),
          },
          { jwksCache: new SimpleJwksCache({ fetcher: new SimpleFetcher({ defaultRequestOptions: { ca: server.certificate } }) }) },
        );
      const access = await verifierFor('access').verify(out.AuthenticationResult!.AccessToken!);
      expect(access).toMatchObject({ iss: issuer, token_use: 'access', client_id: pool.clientId, username: 'pat' });
      const id = await verifierFor('id').verify(out.AuthenticationResult!.IdToken!);
      expect(id).toMatchObject({ iss: issuer, token_use: 'id', aud: pool.clientId, 'cognito:username': 'pat' });
      await expect(verifierFor('id').verify(out.AuthenticationResult!.AccessToken!)).rejects.toThrow(/token use/i);

      // Without the certificate, TLS refuses the self-signed server.
      const plain = JwtVerifier.create({ issuer, jwksUri: `${issuer}/.well-known/jwks.json`, audience: null });
      await expect(plain.verify(out.AuthenticationResult!.AccessToken!)).rejects.toThrow(/self-signed|certificate/i);
    } finally {
      sdk.destroy();
      await server.close();
    }
    expect(existsSync(server.certificatePath!)).toBe(false);
  });

  it('--https prints the certificate path; a Node process started with NODE_EXTRA_CA_CERTS trusts the pool', async () => {
    const lines: string[] = [];
    const started = await main(['--port', '0', '--https'], (line) => lines.push(line));
    try {
      expect(started!.endpoint).toMatch(/^https:/);
      const path = started!.certificatePath!;
      expect(lines).toContain(`certificate: ${path}`);
      expect(lines.some((l) => l.includes(`NODE_EXTRA_CA_CERTS=${path}`))).toBe(true);
      const jwksUrl = `${started!.endpoint}/${started!.userPoolId}/.well-known/jwks.json`;
      const script = `fetch(process.argv[1]).then((r) => r.json()).then((j) => console.log(j.keys.length), (e) => { console.error(String(e.cause ?? e)); process.exit(1); })`;
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, jwksUrl], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: path },
      });
      expect(stdout.trim()).toBe('2');
      await expect(promisify(execFile)(process.execPath, ['-e', script, jwksUrl], { env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } }))
        .rejects.toThrow(/self-signed|certificate/i);
    } finally {
      await started?.close();
    }
  });
});
