import {
  AdminGetUserCommand,
  CreateGroupCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './helpers.js';
import { PASSWORD, startHarness, type Harness } from './sdk-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('user pool life cycle over HTTP', () => {
  it('UpdateUserPool replaces the updatable members; those left out return to their defaults', async () => {
    const { userPoolId } = await h.pool({
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    await h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: userPoolId, PoolName: 'renamed', DeletionProtection: 'ACTIVE' }));
    const pool = (await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool!;
    expect(pool).toMatchObject({
      Name: 'renamed',
      DeletionProtection: 'ACTIVE',
      AutoVerifiedAttributes: [],
      MfaConfiguration: 'OFF',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      // Fixed at creation: an update does not touch it.
      UsernameAttributes: ['email'],
    });
    expect(pool.Policies!.PasswordPolicy).toMatchObject({ MinimumLength: 8, RequireSymbols: true });
    await h.sdk.send(new UpdateUserPoolCommand({
      UserPoolId: userPoolId,
      Policies: { PasswordPolicy: { MinimumLength: 10 } },
      AutoVerifiedAttributes: ['email'],
    }));
    const again = (await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool!;
    expect(again).toMatchObject({ Name: 'renamed', DeletionProtection: 'INACTIVE', AutoVerifiedAttributes: ['email'] });
    expect(again.Policies!.PasswordPolicy!.MinimumLength).toBe(10);
    expect(again.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(again.CreationDate!.getTime());
  });

  it('UpdateUserPool refuses MFA ON with no factor and accepts it once TOTP is on', async () => {
    const { userPoolId } = await h.pool();
    await expectError(
      h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: userPoolId, MfaConfiguration: 'ON' })),
      'InvalidParameterException',
      /SMS configuration is required/,
    );
    await h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, SoftwareTokenMfaConfiguration: { Enabled: true }, MfaConfiguration: 'OPTIONAL' }));
    await h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: userPoolId, MfaConfiguration: 'ON' }));
    expect((await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool!.MfaConfiguration).toBe('ON');
    await expectError(
      h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: userPoolId, MfaConfiguration: 'SOMETIMES' as 'ON' })),
      'InvalidParameterException',
      /mfaConfiguration.*enum value set/,
    );
    await expectError(h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: 'us-east-1_nothere' })), 'ResourceNotFoundException');
  });

  it('DeleteUserPool takes its users, clients, groups and tokens with it', async () => {
    const { userPoolId, clientId } = await h.pool();
    const other = await h.pool();
    await h.user(userPoolId, 'ann');
    await h.user(other.userPoolId, 'ann');
    await h.sdk.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'admins' }));
    const signIn = (id: string) => h.sdk.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } }));
    const tokens = (await signIn(clientId)).AuthenticationResult!;
    await h.sdk.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId }));
    await expectError(h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })), 'ResourceNotFoundException');
    await expectError(h.sdk.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'ann' })), 'ResourceNotFoundException');
    await expectError(h.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId })), 'ResourceNotFoundException');
    await expectError(signIn(clientId), 'ResourceNotFoundException');
    await expectError(h.sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken! })), 'NotAuthorizedException');
    await expectError(h.sdk.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId })), 'ResourceNotFoundException');
    const pools = await h.sdk.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(pools.UserPools!.map((p) => p.Id)).not.toContain(userPoolId);
    // The other pool is untouched, and a pool made after the deletion signs with keys of its own.
    expect((await signIn(other.clientId)).AuthenticationResult?.AccessToken).toBeTypeOf('string');
    const later = await h.pool();
    const laterJwks = await (await fetch(`${h.server.endpoint}/${later.userPoolId}/.well-known/jwks.json`)).json() as { keys: Array<{ kid: string }> };
    const otherJwks = await (await fetch(`${h.server.endpoint}/${other.userPoolId}/.well-known/jwks.json`)).json() as { keys: Array<{ kid: string }> };
    expect(laterJwks.keys.map((k) => k.kid)).not.toEqual(otherJwks.keys.map((k) => k.kid));
  });

  it('DeleteUserPool is refused while deletion protection is active', async () => {
    const { userPoolId } = await h.pool({ DeletionProtection: 'ACTIVE' });
    await expectError(
      h.sdk.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId })),
      'InvalidParameterException',
      'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
    );
    await h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: userPoolId, DeletionProtection: 'INACTIVE' }));
    await h.sdk.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId }));
    await expectError(h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })), 'ResourceNotFoundException');
  });
});
