import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { createLocalCognito } from '../src/local-cognito.js';
import { call, expectError } from './helpers.js';

describe('local pool command and Lambda invocation', () => {
  it('main() starts a seeded pool and prints endpoint, pool id and client id', async () => {
    const lines: string[] = [];
    const started = await main(['--port', '0'], (line) => lines.push(line));
    try {
      expect(started).toBeDefined();
      expect(lines[0]).toBe(`endpoint: ${started!.endpoint}`);
      expect(lines[1]).toBe(`userPoolId: ${started!.userPoolId}`);
      expect(lines[2]).toBe(`clientId: ${started!.clientId}`);
      const described = (await started!.cognito.send('DescribeUserPool', { UserPoolId: started!.userPoolId })) as Record<string, any>;
      expect(described.UserPool.AliasAttributes).toEqual(['email']);
      expect(described.UserPool.MfaConfiguration).toBe('OPTIONAL');
      expect(described.UserPool.SchemaAttributes.map((a: { Name: string }) => a.Name)).toContain('custom:favorite_flavor');
      const mfa = (await started!.cognito.send('GetUserPoolMfaConfig', { UserPoolId: started!.userPoolId })) as Record<string, any>;
      expect(mfa.SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
      const jwks = await fetch(`${started!.endpoint}/${started!.userPoolId}/.well-known/jwks.json`);
      expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(2);
    } finally {
      await started?.close();
    }
  });

  it('invokes triggers over the Lambda Invoke API when a lambdaEndpoint is given', async () => {
    const calls: Array<{ url: string; body: Record<string, any> }> = [];
    const lambda = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(text) as Record<string, any>;
        calls.push({ url: req.url ?? '', body });
        if (body.request.userAttributes.email === 'blocked@example.com') {
          res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
          res.end(JSON.stringify({ errorMessage: 'blocked domain', errorType: 'Error' }));
          return;
        }
        body.response.autoConfirmUser = true;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
    const { port } = lambda.address() as AddressInfo;
    try {
      const cognito = createLocalCognito({ lambdaEndpoint: `http://127.0.0.1:${port}` });
      const send = call(cognito);
      const arn = 'arn:aws:lambda:us-east-1:000000000000:function:pre-sign-up';
      const pool = await send('CreateUserPool', { PoolName: 'lambda', LambdaConfig: { PreSignUp: arn } });
      const client = await send('CreateUserPoolClient', { UserPoolId: pool.UserPool.Id, ClientName: 'c' });
      const out = await send('SignUp', {
        ClientId: client.UserPoolClient.ClientId, Username: 'lou', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'lou@example.com' }],
      });
      expect(out.UserConfirmed).toBe(true);
      expect(calls[0]!.url).toBe(`/2015-03-31/functions/${encodeURIComponent(arn)}/invocations`);
      expect(calls[0]!.body).toMatchObject({ triggerSource: 'PreSignUp_SignUp', userName: 'lou', userPoolId: pool.UserPool.Id });
      await expectError(
        send('SignUp', { ClientId: client.UserPoolClient.ClientId, Username: 'mo', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'blocked@example.com' }] }),
        'UserLambdaValidationException',
        'PreSignUp failed with error blocked domain.',
      );
    } finally {
      await new Promise((resolve) => lambda.close(resolve));
    }
  });
});
