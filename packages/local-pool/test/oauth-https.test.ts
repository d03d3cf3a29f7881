import { Agent, request } from 'node:https';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeJwt } from './helpers.js';
import { PASSWORD } from './sdk-harness.js';
import { startLocalCognito, type LocalCognitoServer } from '../src/local-cognito-server.js';
import { CALLBACK, formField, pkce } from './oauth-helpers.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request trusting the pool's own certificate, as a browser that was told to trust it would. */
function call(url: string, ca: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', ca, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('local pool: OAuth over HTTPS with an Amplify-style domain', () => {
  let server: LocalCognitoServer;
  afterEach(async () => {
    await server.close();
  });

  it('answers at https://${domain}/oauth2/... where domain is "127.0.0.1:<port>/<domain prefix>"', async () => {
    server = await startLocalCognito({ https: true, host: '127.0.0.1', port: 0 });
    const ca = server.certificate!;
    const sdk = new CognitoIdentityProviderClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: { httpsAgent: new Agent({ ca }) },
    });
    const pool = await sdk.send(new CreateUserPoolCommand({ PoolName: 'tls' }));
    const userPoolId = pool.UserPool!.Id!;
    const client = await sdk.send(new CreateUserPoolClientCommand({
      UserPoolId: userPoolId, ClientName: 'spa', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'aws.cognito.signin.user.admin'], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ['COGNITO'],
    }));
    const clientId = client.UserPoolClient!.ClientId!;
    await sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: 'tls-app' }));
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: 'ana', MessageAction: 'SUPPRESS' }));
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: 'ana', Password: PASSWORD, Permanent: true }));
    sdk.destroy();

    // What an app configures as `oauth.domain`, and the URL Amplify v6 builds from it.
    const domain = `${new URL(server.endpoint).host}/tls-app`;
    const { verifier, challenge } = pkce();
    const query = new URLSearchParams({
      redirect_uri: CALLBACK, response_type: 'code', client_id: clientId, identity_provider: 'COGNITO', scope: 'openid aws.cognito.signin.user.admin',
      state: 'amplifyState', code_challenge: challenge, code_challenge_method: 'S256',
    });
    const start = await call(`https://${domain}/oauth2/authorize?${query.toString()}`, ca);
    expect(start.status).toBe(302);
    const loginUrl = String(start.headers.location);
    expect(loginUrl.startsWith(`https://${domain}/login?`)).toBe(true);
    const page = await call(loginUrl, ca);
    const formCookie = String((page.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    const back = await call(loginUrl, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: formCookie },
      body: new URLSearchParams({ _csrf: formField(page.body, '_csrf'), username: 'ana', password: PASSWORD }).toString(),
    });
    expect(back.status).toBe(302);
    // Over HTTPS the session cookie is Secure.
    expect((back.headers['set-cookie'] as string[]).join('\n')).toMatch(/cognito-local-session=[^;]+;.*Secure/);
    const code = new URL(String(back.headers.location)).searchParams.get('code')!;
    const tokens = await call(`https://${domain}/oauth2/token`, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: clientId, redirect_uri: CALLBACK, code_verifier: verifier }).toString(),
    });
    expect(tokens.status).toBe(200);
    const body = JSON.parse(tokens.body) as { access_token: string };
    expect(decodeJwt(body.access_token)).toMatchObject({ username: 'ana', iss: `${server.endpoint}/${userPoolId}` });
  });
});
