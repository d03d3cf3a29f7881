import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, expectError } from './helpers.js';
import { PASSWORD, startHarness, type Harness } from './sdk-harness.js';

const ROLE = (name: string) => `arn:aws:iam::000000000000:role/${name}`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function tokens(clientId: string, username: string) {
  const out = await h.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));
  const result = out.AuthenticationResult!;
  return { id: decodeJwt(result.IdToken!), access: decodeJwt(result.AccessToken!), refresh: result.RefreshToken! };
}

describe('groups over HTTP', () => {
  it('CreateGroup, GetGroup, UpdateGroup, ListGroups and DeleteGroup with their errors', async () => {
    const { userPoolId } = await h.pool();
    const created = await h.sdk.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'admins', Description: 'Admins', Precedence: 1, RoleArn: ROLE('admin') }));
    expect(created.Group).toMatchObject({ GroupName: 'admins', UserPoolId: userPoolId, Description: 'Admins', Precedence: 1, RoleArn: ROLE('admin') });
    expect(created.Group!.CreationDate).toBeInstanceOf(Date);
    await expectError(h.sdk.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'admins' })), 'GroupExistsException');
    await expectError(h.sdk.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'has space' })), 'InvalidParameterException', /groupName/);
    await expectError(h.sdk.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'x', Precedence: -1 })), 'InvalidParameterException', /precedence/);
    await expectError(h.sdk.send(new GetGroupCommand({ UserPoolId: userPoolId, GroupName: 'nope' })), 'ResourceNotFoundException', 'Group not found.');
    await expectError(h.sdk.send(new GetGroupCommand({ UserPoolId: 'us-east-1_missing', GroupName: 'admins' })), 'ResourceNotFoundException');

    const updated = await h.sdk.send(new UpdateGroupCommand({ UserPoolId: userPoolId, GroupName: 'admins', Description: 'Administrators' }));
    expect(updated.Group).toMatchObject({ Description: 'Administrators', Precedence: 1, RoleArn: ROLE('admin') });
    expect((await h.sdk.send(new GetGroupCommand({ UserPoolId: userPoolId, GroupName: 'admins' }))).Group!.Description).toBe('Administrators');
    await expectError(h.sdk.send(new UpdateGroupCommand({ UserPoolId: userPoolId, GroupName: 'nope' })), 'ResourceNotFoundException');

    for (const name of ['b', 'c', 'd']) await h.sdk.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: name }));
    const first = await h.sdk.send(new ListGroupsCommand({ UserPoolId: userPoolId, Limit: 3 }));
    expect(first.Groups!.map((g) => g.GroupName)).toEqual(['admins', 'b', 'c']);
    const second = await h.sdk.send(new ListGroupsCommand({ UserPoolId: userPoolId, Limit: 3, NextToken: first.NextToken! }));
    expect(second.Groups!.map((g) => g.GroupName)).toEqual(['d']);
    expect(second.NextToken).toBeUndefined();

    await h.sdk.send(new DeleteGroupCommand({ UserPoolId: userPoolId, GroupName: 'b' }));
    await expectError(h.sdk.send(new GetGroupCommand({ UserPoolId: userPoolId, GroupName: 'b' })), 'ResourceNotFoundException');
    await expectError(h.sdk.send(new DeleteGroupCommand({ UserPoolId: userPoolId, GroupName: 'b' })), 'ResourceNotFoundException');
    expect((await h.sdk.send(new ListGroupsCommand({ UserPoolId: userPoolId }))).Groups!.map((g) => g.GroupName)).toEqual(['admins', 'c', 'd']);
  });

  it('memberships: add, list both ways, remove, and the errors for unknown users and groups', async () => {
    const { userPoolId } = await h.pool();
    await h.user(userPoolId, 'gus');
    await h.user(userPoolId, 'hal');
    await h.sdk.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'staff' }));
    await h.sdk.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'ops' }));
    const add = (Username: string, GroupName: string) => h.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username, GroupName }));
    await add('gus', 'staff');
    await add('gus', 'staff');
    await add('hal', 'staff');
    await add('gus', 'ops');
    await expectError(add('nobody', 'staff'), 'UserNotFoundException', 'User does not exist.');
    await expectError(add('gus', 'nope'), 'ResourceNotFoundException', 'Group not found.');

    const groupsOf = async (Username: string) =>
      (await h.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username }))).Groups!.map((g) => g.GroupName);
    expect(await groupsOf('gus')).toEqual(['ops', 'staff']);
    expect(await groupsOf('hal')).toEqual(['staff']);
    await expectError(h.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: 'nobody' })), 'UserNotFoundException');
    const firstPage = await h.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: 'gus', Limit: 1 }));
    expect(firstPage.Groups!.map((g) => g.GroupName)).toEqual(['ops']);
    expect((await h.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: 'gus', Limit: 1, NextToken: firstPage.NextToken! }))).Groups!.map((g) => g.GroupName)).toEqual(['staff']);

    const members = async (GroupName: string) =>
      (await h.sdk.send(new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName }))).Users!.map((u) => u.Username);
    expect(await members('staff')).toEqual(['gus', 'hal']);
    const page = await h.sdk.send(new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: 'staff', Limit: 1 }));
    expect(page.Users!.map((u) => u.Username)).toEqual(['gus']);
    expect(page.Users![0]).toMatchObject({ Enabled: true, UserStatus: 'CONFIRMED' });
    expect(page.NextToken).toBeTruthy();
    await expectError(h.sdk.send(new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: 'nope' })), 'ResourceNotFoundException');

    await h.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: 'gus', GroupName: 'staff' }));
    expect(await members('staff')).toEqual(['hal']);
    expect(await groupsOf('gus')).toEqual(['ops']);
    await expectError(h.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: 'nobody', GroupName: 'staff' })), 'UserNotFoundException');
    await expectError(h.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: 'gus', GroupName: 'nope' })), 'ResourceNotFoundException');

    await h.sdk.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: 'hal' }));
    expect(await members('staff')).toEqual([]);
  });

  it('tokens carry cognito:groups by precedence, and the ID token cognito:roles and cognito:preferred_role', async () => {
    const { userPoolId, clientId } = await h.pool();
    await h.user(userPoolId, 'ivy');
    const group = (GroupName: string, Precedence?: number, role?: string) =>
      h.sdk.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName, ...(Precedence !== undefined ? { Precedence } : {}), ...(role ? { RoleArn: ROLE(role) } : {}) }));
    await group('zeta', 5, 'zeta');
    await group('alpha', 10, 'alpha');
    await group('none');
    await group('first', 1);

    const before = await tokens(clientId, 'ivy');
    expect(before.id['cognito:groups']).toBeUndefined();
    expect(before.access['cognito:groups']).toBeUndefined();
    expect(before.id['cognito:preferred_role']).toBeUndefined();

    for (const name of ['none', 'alpha', 'zeta', 'first']) {
      await h.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: 'ivy', GroupName: name }));
    }
    const signedIn = await tokens(clientId, 'ivy');
    expect(signedIn.id['cognito:groups']).toEqual(['first', 'zeta', 'alpha', 'none']);
    expect(signedIn.access['cognito:groups']).toEqual(['first', 'zeta', 'alpha', 'none']);
    expect(signedIn.id['cognito:roles']).toEqual([ROLE('zeta'), ROLE('alpha')]);
    // The lowest precedence among the groups with a role.
    expect(signedIn.id['cognito:preferred_role']).toBe(ROLE('zeta'));
    expect(signedIn.access['cognito:preferred_role']).toBeUndefined();

    // A tie at the lowest precedence with different roles: no preferred role.
    await h.sdk.send(new UpdateGroupCommand({ UserPoolId: userPoolId, GroupName: 'alpha', Precedence: 5 }));
    const refreshed = await h.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: signedIn.refresh } }));
    const id = decodeJwt(refreshed.AuthenticationResult!.IdToken!);
    expect(id['cognito:groups']).toEqual(['first', 'alpha', 'zeta', 'none']);
    expect(id['cognito:preferred_role']).toBeUndefined();

    await h.sdk.send(new DeleteGroupCommand({ UserPoolId: userPoolId, GroupName: 'zeta' }));
    await h.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: 'ivy', GroupName: 'first' }));
    const after = await tokens(clientId, 'ivy');
    expect(after.id['cognito:groups']).toEqual(['alpha', 'none']);
    expect(after.id['cognito:preferred_role']).toBe(ROLE('alpha'));
  });

  it('PreTokenGeneration receives the groups as groupConfiguration and may replace them', async () => {
    const seen: unknown[] = [];
    const triggered = await startHarness({
      triggers: {
        PreTokenGeneration: async (event) => {
          seen.push(structuredClone(event.request.groupConfiguration));
          event.response.claimsOverrideDetails = {
            groupOverrideDetails: { groupsToOverride: ['from-trigger'], preferredRole: ROLE('trigger') },
          };
          return event;
        },
      },
    });
    try {
      const sdk = triggered.sdk;
      const { userPoolId, clientId } = await triggered.pool();
      await triggered.user(userPoolId, 'jon');
      await sdk.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'g', Precedence: 2, RoleArn: ROLE('g') }));
      await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: 'jon', GroupName: 'g' }));
      const out = await sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'jon', PASSWORD } }));
      expect(seen).toEqual([{ groupsToOverride: ['g'], iamRolesToOverride: [ROLE('g')], preferredRole: ROLE('g') }]);
      const id = decodeJwt(out.AuthenticationResult!.IdToken!);
      expect(id['cognito:groups']).toEqual(['from-trigger']);
      expect(id['cognito:roles']).toEqual([ROLE('g')]);
      expect(id['cognito:preferred_role']).toBe(ROLE('trigger'));
      expect(decodeJwt(out.AuthenticationResult!.AccessToken!)['cognito:groups']).toEqual(['from-trigger']);
    } finally {
      await triggered.close();
    }
  });
});
