import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { startLocalCognito } from '../src/local-cognito-server.js';
import { createLocalUserPool } from '../src/local-user-pool.js';
import type { LocalTriggers } from '../src/triggers.js';
import { call, decodeJwt, expectError, type Out } from './helpers.js';
import { sdkClientFor } from './sdk-harness.js';

const PASSWORD = 'Passw0rd!';
const V2_CONFIG = { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: 'arn:aws:lambda:us-east-1:000000000000:function:tokens' } };

async function poolWith(triggers: LocalTriggers, pool: Record<string, unknown> = {}) {
  const local = await createLocalUserPool({ triggers, pool });
  await local.admin.createUser('pat', { attributes: [{ Name: 'email', Value: 'pat@example.com' }], suppress: true });
  await local.admin.setPassword('pat', PASSWORD, true);
  const send = call(local.cognito);
  const signIn = async () => {
    const out = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: local.clientId, AuthParameters: { USERNAME: 'pat', PASSWORD } });
    return out.AuthenticationResult as Out;
  };
  const refresh = async (RefreshToken: string, ClientMetadata?: Record<string, string>) =>
    ((await send('GetTokensFromRefreshToken', { ClientId: local.clientId, RefreshToken, ...(ClientMetadata ? { ClientMetadata } : {}) })) as Out)
      .AuthenticationResult as Out;
  return { local, send, signIn, refresh };
}

describe('PreTokenGeneration version 1', () => {
  it('edits the ID token, overrides groups, roles and preferred role, at sign-in and refresh', async () => {
    const events: Out[] = [];
    const { signIn, refresh } = await poolWith({
      PreTokenGeneration: async (event) => {
        events.push(structuredClone(event));
        event.response.claimsOverrideDetails = {
          claimsToAddOrOverride: { tenant: 'acme', email: 'masked@example.com', sub: 'forged', plan: 3 },
          claimsToSuppress: ['email_verified', 'plan', 'iss'],
          groupOverrideDetails: {
            groupsToOverride: ['admins', 'editors'],
            iamRolesToOverride: ['arn:aws:iam::000000000000:role/admin'],
            preferredRole: 'arn:aws:iam::000000000000:role/admin',
          },
        };
        return event;
      },
    });
    const tokens = await signIn();
    const id = decodeJwt(tokens.IdToken);
    const access = decodeJwt(tokens.AccessToken);
    expect(id).toMatchObject({ tenant: 'acme', email: 'masked@example.com', 'cognito:groups': ['admins', 'editors'] });
    expect(id['cognito:roles']).toEqual(['arn:aws:iam::000000000000:role/admin']);
    expect(id['cognito:preferred_role']).toBe('arn:aws:iam::000000000000:role/admin');
    expect(id.sub).not.toBe('forged');
    expect(id.iss).toMatch(/^http/);
    expect(id).not.toHaveProperty('email_verified');
    expect(id).not.toHaveProperty('plan');
    expect(access['cognito:groups']).toEqual(['admins', 'editors']);
    expect(access).not.toHaveProperty('tenant');
    expect(access.scope).toBe('aws.cognito.signin.user.admin');
    expect(events[0]).toMatchObject({
      version: '1',
      triggerSource: 'TokenGeneration_Authentication',
      request: { groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null }, clientMetadata: {} },
      response: {},
    });
    expect(events[0]!.request).not.toHaveProperty('scopes');

    const refreshed = await refresh(tokens.RefreshToken, { reason: 'refresh' });
    expect(decodeJwt(refreshed.IdToken)).toMatchObject({ tenant: 'acme', 'cognito:groups': ['admins', 'editors'] });
    expect(events[1]).toMatchObject({ triggerSource: 'TokenGeneration_RefreshTokens', request: { clientMetadata: { reason: 'refresh' } } });
  });

  it('an empty group override removes groups; a throw refuses the sign-in', async () => {
    let fail = false;
    const { signIn } = await poolWith({
      PreTokenGeneration: async (event) => {
        if (fail) throw new Error('Claims service down');
        event.response.claimsOverrideDetails = { groupOverrideDetails: { groupsToOverride: [] } };
        return event;
      },
    });
    const tokens = await signIn();
    expect(decodeJwt(tokens.IdToken)).not.toHaveProperty('cognito:groups');
    expect(decodeJwt(tokens.AccessToken)).not.toHaveProperty('cognito:groups');
    fail = true;
    await expectError(signIn(), 'UserLambdaValidationException', 'PreTokenGeneration failed with error Claims service down.');
  });
});

describe('PreTokenGeneration version 2', () => {
  it('edits both tokens and the access token scopes, at sign-in and refresh', async () => {
    const events: Out[] = [];
    const { local, send, signIn, refresh } = await poolWith(
      {
        PreTokenGeneration: async (event) => {
          events.push(structuredClone(event));
          event.response.claimsAndScopeOverrideDetails = {
            idTokenGeneration: { claimsToAddOrOverride: { profile: { tier: 'gold', seats: 5 } }, claimsToSuppress: ['email'] },
            accessTokenGeneration: {
              claimsToAddOrOverride: { tenant: 'acme', roles: ['reader', 'writer'], client_id: 'forged', jti: 'forged' },
              claimsToSuppress: ['username', 'event_id'],
              scopesToAdd: ['orders/read', 'orders/write'],
              scopesToSuppress: ['aws.cognito.signin.user.admin', 'orders/write'],
            },
            groupOverrideDetails: { groupsToOverride: ['staff'] },
          };
          return event;
        },
      },
      { LambdaConfig: V2_CONFIG },
    );
    const described = await send('DescribeUserPool', { UserPoolId: local.userPoolId });
    expect(described.UserPool.LambdaConfig).toMatchObject({ ...V2_CONFIG, PreTokenGeneration: V2_CONFIG.PreTokenGenerationConfig.LambdaArn });

    const tokens = await signIn();
    const id = decodeJwt(tokens.IdToken);
    const access = decodeJwt(tokens.AccessToken);
    expect(id.profile).toEqual({ tier: 'gold', seats: 5 });
    expect(id).not.toHaveProperty('email');
    expect(id['cognito:groups']).toEqual(['staff']);
    expect(access).toMatchObject({ tenant: 'acme', roles: ['reader', 'writer'], client_id: local.clientId, scope: 'orders/read', 'cognito:groups': ['staff'] });
    expect(access.jti).not.toBe('forged');
    expect(access.username).toBe('pat');
    expect(access).not.toHaveProperty('event_id');
    expect(events[0]).toMatchObject({
      version: '2',
      triggerSource: 'TokenGeneration_Authentication',
      request: {
        scopes: ['aws.cognito.signin.user.admin'],
        groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
        userAttributes: { email: 'pat@example.com' },
      },
    });

    const refreshed = await refresh(tokens.RefreshToken);
    expect(decodeJwt(refreshed.AccessToken)).toMatchObject({ tenant: 'acme', scope: 'orders/read' });
    expect(events[1]).toMatchObject({ version: '2', triggerSource: 'TokenGeneration_RefreshTokens' });
  });

  it('over HTTP, a V2 function behind the Lambda Invoke API shapes tokens the JWKS verifies', async () => {
    const lambda = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const event = JSON.parse(text) as Out;
        event.response = {
          claimsAndScopeOverrideDetails: {
            accessTokenGeneration: { claimsToAddOrOverride: { tenant: event.request.clientMetadata.tenant ?? 'none' }, scopesToAdd: ['api/read'] },
          },
        };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(event));
      });
    });
    await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
    const server = await startLocalCognito({ lambdaEndpoint: `http://127.0.0.1:${(lambda.address() as AddressInfo).port}` });
    const sdk = sdkClientFor(server.endpoint);
    try {
      const pool = await sdk.send(new CreateUserPoolCommand({ PoolName: 'v2', LambdaConfig: V2_CONFIG as never }));
      const UserPoolId = pool.UserPool!.Id!;
      const client = await sdk.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
      await sdk.send(new AdminCreateUserCommand({ UserPoolId, Username: 'pat', MessageAction: 'SUPPRESS' }));
      await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'pat', Password: PASSWORD, Permanent: true }));
      const out = await sdk.send(new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: client.UserPoolClient!.ClientId!, AuthParameters: { USERNAME: 'pat', PASSWORD },
      }));
      const jwks = createRemoteJWKSet(new URL(`${server.endpoint}/${UserPoolId}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(out.AuthenticationResult!.AccessToken!, jwks, { issuer: `${server.endpoint}/${UserPoolId}` });
      expect(payload).toMatchObject({ tenant: 'none', scope: 'aws.cognito.signin.user.admin api/read', token_use: 'access' });
    } finally {
      sdk.destroy();
      await server.close();
      await new Promise((resolve) => lambda.close(resolve));
    }
  });
});
