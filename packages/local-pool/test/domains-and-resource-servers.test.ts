import {
  CreateResourceServerCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolDomainCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolDomainCommand,
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

describe('user pool domains over HTTP', () => {
  it('creates, describes and deletes a prefix domain; one per pool, one pool per domain', async () => {
    const { userPoolId } = await h.pool();
    const other = await h.pool();
    const domain = `local-${Date.now()}`;
    const created = await h.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: domain }));
    expect(created.ManagedLoginVersion).toBe(1);
    const described = await h.sdk.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
    expect(described.DomainDescription).toMatchObject({ UserPoolId: userPoolId, Domain: domain, Status: 'ACTIVE' });
    expect((await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool!.Domain).toBe(domain);
    await expectError(
      h.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: other.userPoolId, Domain: domain })),
      'InvalidParameterException',
      'Domain already associated with another user pool.',
    );
    await expectError(h.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: `${domain}-b` })), 'InvalidParameterException', /already has a domain/);
    await expectError(h.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: other.userPoolId, Domain: 'Upper_Case' })), 'InvalidParameterException', /regular expression pattern/);
    await expectError(h.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: other.userPoolId, Domain: 'my-cognito-app' })), 'InvalidParameterException', /reserved word: cognito/);
    await expectError(h.sdk.send(new DeleteUserPoolDomainCommand({ UserPoolId: other.userPoolId, Domain: domain })), 'InvalidParameterException');
    await h.sdk.send(new DeleteUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: domain }));
    expect((await h.sdk.send(new DescribeUserPoolDomainCommand({ Domain: domain }))).DomainDescription).toEqual({});
    expect((await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool!.Domain).toBeUndefined();
    // Freed, the domain can go to another pool.
    await h.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: other.userPoolId, Domain: domain }));
  });

  it('records a custom domain with its certificate', async () => {
    const { userPoolId } = await h.pool();
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
    const created = await h.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: 'auth.example.com', CustomDomainConfig: { CertificateArn: certificateArn } }));
    await expectError(
      h.sdk.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId })),
      'InvalidParameterException',
      'User pool cannot be deleted. It has a domain configured that should be deleted first.',
    );
    expect(created.CloudFrontDomain).toMatch(/cloudfront\.net$/);
    const described = await h.sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'auth.example.com' }));
    expect(described.DomainDescription).toMatchObject({ UserPoolId: userPoolId, CustomDomainConfig: { CertificateArn: certificateArn } });
    expect((await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool!.CustomDomain).toBe('auth.example.com');
  });
});

describe('updating a user pool domain over HTTP', () => {
  it('changes the managed-login version and a custom domain certificate; refuses unknown domains', async () => {
    const { userPoolId } = await h.pool();
    const domain = `upd-${Date.now()}`;
    await h.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: domain }));
    const updated = await h.sdk.send(new UpdateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: domain, ManagedLoginVersion: 2 }));
    expect(updated.ManagedLoginVersion).toBe(2);
    expect(updated.CloudFrontDomain).toBeUndefined();
    expect((await h.sdk.send(new DescribeUserPoolDomainCommand({ Domain: domain }))).DomainDescription!.ManagedLoginVersion).toBe(2);
    await expectError(
      h.sdk.send(new UpdateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: domain, CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' } })),
      'InvalidParameterException',
    );
    await expectError(h.sdk.send(new UpdateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: 'not-this-one', ManagedLoginVersion: 1 })), 'ResourceNotFoundException');
    await expectError(h.sdk.send(new UpdateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: 'x'.repeat(64) })), 'InvalidParameterException', /domain/);

    const custom = await h.pool();
    await h.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: custom.userPoolId, Domain: 'login.example.org', CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/old' } }));
    const renewed = await h.sdk.send(new UpdateUserPoolDomainCommand({ UserPoolId: custom.userPoolId, Domain: 'login.example.org', CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/new' } }));
    expect(renewed.CloudFrontDomain).toMatch(/cloudfront\.net$/);
    expect((await h.sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'login.example.org' }))).DomainDescription!.CustomDomainConfig)
      .toEqual({ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/new' });
  });
});

describe('resource servers over HTTP', () => {
  it('updates a resource server, replacing its scopes, and deletes it', async () => {
    const { userPoolId } = await h.pool();
    await h.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }, { ScopeName: 'write', ScopeDescription: 'Write' }] }));
    const updated = await h.sdk.send(new UpdateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api', Name: 'renamed', Scopes: [{ ScopeName: 'admin', ScopeDescription: 'Admin' }] }));
    expect(updated.ResourceServer).toEqual({ UserPoolId: userPoolId, Identifier: 'api', Name: 'renamed', Scopes: [{ ScopeName: 'admin', ScopeDescription: 'Admin' }] });
    expect((await h.sdk.send(new DescribeResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api' }))).ResourceServer!.Scopes).toEqual([{ ScopeName: 'admin', ScopeDescription: 'Admin' }]);
    const cleared = await h.sdk.send(new UpdateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api', Name: 'renamed' }));
    expect(cleared.ResourceServer!.Scopes).toEqual([]);
    await expectError(
      h.sdk.send(new UpdateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api', Name: 'x', Scopes: [{ ScopeName: 'a', ScopeDescription: 'a' }, { ScopeName: 'a', ScopeDescription: 'b' }] })),
      'InvalidParameterException',
      /Duplicate scope name a/,
    );
    // A refused update changes nothing.
    expect((await h.sdk.send(new DescribeResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api' }))).ResourceServer!.Name).toBe('renamed');
    await expectError(h.sdk.send(new UpdateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'nope', Name: 'x' })), 'ResourceNotFoundException');
    await expectError(h.sdk.send(new UpdateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api' } as never)), 'InvalidParameterException', /name/);
    await h.sdk.send(new DeleteResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api' }));
    await expectError(h.sdk.send(new DescribeResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api' })), 'ResourceNotFoundException');
    await expectError(h.sdk.send(new DeleteResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api' })), 'ResourceNotFoundException');
    // The identifier is free again.
    await h.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api', Name: 'again' }));
  });

  it('creates, describes and lists resource servers with custom scopes', async () => {
    const { userPoolId } = await h.pool();
    const scopes = [{ ScopeName: 'read', ScopeDescription: 'Read' }, { ScopeName: 'write', ScopeDescription: 'Write' }];
    const created = await h.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'https://api.example.com', Name: 'api', Scopes: scopes }));
    expect(created.ResourceServer).toEqual({ UserPoolId: userPoolId, Identifier: 'https://api.example.com', Name: 'api', Scopes: scopes });
    await h.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'billing', Name: 'billing' }));
    const described = await h.sdk.send(new DescribeResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'https://api.example.com' }));
    expect(described.ResourceServer!.Scopes).toEqual(scopes);
    const first = await h.sdk.send(new ListResourceServersCommand({ UserPoolId: userPoolId, MaxResults: 1 }));
    expect(first.ResourceServers!.map((s) => s.Identifier)).toEqual(['billing']);
    const second = await h.sdk.send(new ListResourceServersCommand({ UserPoolId: userPoolId, MaxResults: 1, NextToken: first.NextToken }));
    expect(second.ResourceServers!.map((s) => s.Identifier)).toEqual(['https://api.example.com']);
    expect(second.NextToken).toBeUndefined();
  });

  it('refuses a taken identifier, duplicate or malformed scopes, unknown servers and bad limits', async () => {
    const { userPoolId } = await h.pool();
    await h.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api', Name: 'api' }));
    await expectError(h.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'api', Name: 'again' })), 'InvalidParameterException', /already exists/);
    await expectError(
      h.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'dup', Name: 'dup', Scopes: [{ ScopeName: 'a', ScopeDescription: 'a' }, { ScopeName: 'a', ScopeDescription: 'b' }] })),
      'InvalidParameterException',
      /Duplicate scope name a/,
    );
    await expectError(
      h.sdk.send(new CreateResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'slash', Name: 'slash', Scopes: [{ ScopeName: 'a/b', ScopeDescription: 'x' }] })),
      'InvalidParameterException',
      /scopes\.1\.member\.scopeName.*regular expression pattern/,
    );
    await expectError(h.sdk.send(new DescribeResourceServerCommand({ UserPoolId: userPoolId, Identifier: 'dup' })), 'ResourceNotFoundException');
    await expectError(h.sdk.send(new ListResourceServersCommand({ UserPoolId: userPoolId, MaxResults: 51 })), 'InvalidParameterException', /maxResults/);
  });
});
