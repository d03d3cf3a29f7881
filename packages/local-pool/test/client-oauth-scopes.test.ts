import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  DeleteResourceServerCommand,
  DescribeUserPoolClientCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './helpers.js';
import { startHarness, type Harness } from './sdk-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const STANDARD = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];

describe("an app client's AllowedOAuthScopes over HTTP", () => {
  it('accepts the standard scopes and the custom scopes of the pool’s resource servers', async () => {
    const { userPoolId, clientId } = await h.pool();
    await h.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'https://api.example.com', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] }));
    const created = await h.sdk.send(new CreateUserPoolClientCommand({
      UserPoolId: userPoolId, ClientName: 'web', AllowedOAuthScopes: [...STANDARD, 'https://api.example.com/read'],
    }));
    expect(created.UserPoolClient!.ClientId).toBeTruthy();
    await h.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId, AllowedOAuthScopes: ['openid', 'https://api.example.com/read'] }));
  });

  it('refuses scopes the pool does not define with ScopeDoesNotExistException, and changes nothing', async () => {
    const { userPoolId, clientId } = await h.pool();
    await h.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] }));
    for (const scope of ['Cognito', 'api/write', 'other/read', 'api', '/read', 'api/read/']) {
      await expectError(
        h.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'refused', AllowedOAuthScopes: ['openid', scope] })),
        'ScopeDoesNotExistException',
        `Invalid scope requested: ${scope}`,
      );
    }
    await expectError(
      h.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId, ClientName: 'renamed', AllowedOAuthScopes: ['api/write'] })),
      'ScopeDoesNotExistException',
      'Invalid scope requested: api/write',
    );
    const client = await h.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
    expect(client.UserPoolClient!.ClientName).not.toBe('renamed');
  });

  it('follows the resource servers: a scope removed or deleted can no longer be allowed, and clients that list it stay', async () => {
    const { userPoolId } = await h.pool();
    await h.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] }));
    const created = await h.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'web', AllowedOAuthScopes: ['api/read'] }));
    const clientId = created.UserPoolClient!.ClientId!;
    await h.sdk.send(new UpdateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'write', ScopeDescription: 'Write' }] }));
    await expectError(
      h.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId, AllowedOAuthScopes: ['api/read'] })),
      'ScopeDoesNotExistException',
    );
    await h.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId, ClientName: 'web', AllowedOAuthScopes: ['api/write'] }));
    await h.sdk.send(new DeleteResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api' }));
    expect((await h.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }))).UserPoolClient!.ClientName).toBe('web');
    await expectError(
      h.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'late', AllowedOAuthScopes: ['api/write'] })),
      'ScopeDoesNotExistException',
    );
  });
});
