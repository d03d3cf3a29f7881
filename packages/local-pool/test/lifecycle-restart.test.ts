import {
  AddCustomAttributesCommand,
  CreateResourceServerCommand,
  CreateUserPoolDomainCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectError } from './helpers.js';
import { startHarness, type Harness } from './sdk-harness.js';

const dataDir = mkdtempSync(join(tmpdir(), 'local-pool-lifecycle-'));
const harnesses: Harness[] = [];

afterAll(async () => {
  for (const h of harnesses) await h.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<Harness> {
  const h = await startHarness({ dataDir });
  harnesses.push(h);
  return h;
}

describe('life-cycle changes in a data folder', () => {
  it('survive a restart: updated client, custom attributes, domain, resource servers, deleted pools', async () => {
    const first = await start();
    const { userPoolId, clientId } = await first.pool();
    const gone = await first.pool();
    await first.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId, ClientName: 'updated', AuthSessionValidity: 7 }));
    await first.sdk.send(new AddCustomAttributesCommand({ UserPoolId: userPoolId, CustomAttributes: [{ Name: 'team', AttributeDataType: 'String' }] }));
    await first.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: 'kept-domain' }));
    await first.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] }));
    await first.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'changed', Name: 'old', Scopes: [{ ScopeName: 'a', ScopeDescription: 'A' }] }));
    await first.sdk.send(new UpdateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'changed', Name: 'new', Scopes: [{ ScopeName: 'b', ScopeDescription: 'B' }] }));
    await first.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'dropped', Name: 'dropped' }));
    await first.sdk.send(new DeleteResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'dropped' }));
    await first.sdk.send(new UpdateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: 'kept-domain', ManagedLoginVersion: 2 }));
    await first.sdk.send(new DeleteUserPoolCommand({ UserPoolId: gone.userPoolId }));
    await first.close();
    harnesses.splice(harnesses.indexOf(first), 1);

    const second = await start();
    const client = await second.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
    expect(client.UserPoolClient).toMatchObject({ ClientName: 'updated', AuthSessionValidity: 7 });
    const pool = (await second.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool!;
    expect(pool.SchemaAttributes!.map((a) => a.Name)).toContain('custom:team');
    expect(pool.Domain).toBe('kept-domain');
    expect((await second.sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'kept-domain' }))).DomainDescription!.UserPoolId).toBe(userPoolId);
    expect((await second.sdk.send(new DescribeResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api' }))).ResourceServer!.Scopes)
      .toEqual([{ ScopeName: 'read', ScopeDescription: 'Read' }]);
    expect((await second.sdk.send(new DescribeResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'changed' }))).ResourceServer)
      .toMatchObject({ Name: 'new', Scopes: [{ ScopeName: 'b', ScopeDescription: 'B' }] });
    await expectError(second.sdk.send(new DescribeResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'dropped' })), 'ResourceNotFoundException');
    expect((await second.sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'kept-domain' }))).DomainDescription!.ManagedLoginVersion).toBe(2);
    await expectError(second.sdk.send(new DescribeUserPoolCommand({ UserPoolId: gone.userPoolId })), 'ResourceNotFoundException');
  });
});
