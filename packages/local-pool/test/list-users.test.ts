import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './helpers.js';
import { startHarness, type Harness } from './sdk-harness.js';

let h: Harness;
let userPoolId: string;

beforeAll(async () => {
  h = await startHarness();
  ({ userPoolId } = await h.pool({ Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }] }));
  await h.user(userPoolId, 'amy', { email: 'amy@example.com', given_name: 'Amy', family_name: 'Reddy', 'custom:team': 'red' });
  await h.user(userPoolId, 'bob', { email: 'bob@Example.org', given_name: 'Bob', family_name: 'Reddington' });
  await h.user(userPoolId, 'cid', { email: 'cid@example.com', given_name: 'Cid', family_name: 'Stone', phone_number: '+15555550100' });
  await h.user(userPoolId, 'quo"te', { family_name: 'Say "hi"' });
  await h.sdk.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: 'cid' }));
});
afterAll(async () => {
  await h?.close();
});

const names = (users: UserType[] | undefined) => (users ?? []).map((u) => u.Username);
const list = (input: Omit<ConstructorParameters<typeof ListUsersCommand>[0], 'UserPoolId'>) =>
  h.sdk.send(new ListUsersCommand({ UserPoolId: userPoolId, ...input }));

describe('ListUsers over HTTP', () => {
  it('lists every user with UserType fields when there is no filter', async () => {
    const all = await list({});
    expect(names(all.Users)).toEqual(['amy', 'bob', 'cid', 'quo"te']);
    expect(all.PaginationToken).toBeUndefined();
    const cid = all.Users!.find((u) => u.Username === 'cid')!;
    expect(cid).toMatchObject({ Enabled: false, UserStatus: 'CONFIRMED' });
    expect(cid.UserCreateDate).toBeInstanceOf(Date);
    expect(cid.Attributes).toContainEqual({ Name: 'phone_number', Value: '+15555550100' });
    expect(names((await list({ Filter: '' })).Users)).toHaveLength(4);
  });

  it('filters with = and ^= on the attributes Cognito allows', async () => {
    expect(names((await list({ Filter: 'family_name = "Reddy"' })).Users)).toEqual(['amy']);
    // Sorted by family_name: Reddington before Reddy.
    expect(names((await list({ Filter: 'family_name ^= "Redd"' })).Users)).toEqual(['bob', 'amy']);
    expect(names((await list({ Filter: 'email^="BOB@example"' })).Users)).toEqual(['bob']);
    expect(names((await list({ Filter: 'username = "amy"' })).Users)).toEqual(['amy']);
    expect(names((await list({ Filter: 'username = "AMY"' })).Users)).toEqual([]);
    expect(names((await list({ Filter: 'status = "Disabled"' })).Users)).toEqual(['cid']);
    expect(names((await list({ Filter: 'status = "Enabled"' })).Users)).toEqual(['amy', 'bob', 'quo"te']);
    expect(names((await list({ Filter: 'cognito:user_status = "confirmed"' })).Users)).toHaveLength(4);
    expect(names((await list({ Filter: 'phone_number ^= "+1555"' })).Users)).toEqual(['cid']);
    expect(names((await list({ Filter: 'family_name = "Say \\"hi\\""' })).Users)).toEqual(['quo"te']);
    const amy = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'amy' }));
    const sub = amy.UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
    expect(names((await list({ Filter: `sub = "${sub}"` })).Users)).toEqual(['amy']);
  });

  it('sorts filtered results by the filtered attribute', async () => {
    expect(names((await list({ Filter: 'given_name ^= ""' })).Users)).toEqual(['amy', 'bob', 'cid']);
    expect(names((await list({ Filter: 'email ^= ""' })).Users)).toEqual(['amy', 'bob', 'cid']);
  });

  it('refuses a filter it cannot parse or on an attribute Cognito does not search', async () => {
    await expectError(list({ Filter: 'family_name = Reddy' }), 'InvalidParameterException', 'Error while parsing filter.');
    await expectError(list({ Filter: 'family_name ~ "Reddy"' }), 'InvalidParameterException', 'Error while parsing filter.');
    await expectError(list({ Filter: 'custom:team = "red"' }), 'InvalidParameterException', /custom:team/);
    await expectError(list({ Filter: 'x'.repeat(257) }), 'InvalidParameterException', /length less than or equal to 256/);
  });

  it('returns only the attributes in AttributesToGet', async () => {
    const users = (await list({ AttributesToGet: ['email'], Filter: 'username = "amy"' })).Users!;
    expect(users[0]!.Attributes).toEqual([{ Name: 'email', Value: 'amy@example.com' }]);
    await expectError(list({ AttributesToGet: ['shoe_size'] }), 'InvalidParameterException');
  });

  it('pages with Limit and PaginationToken and checks the Limit range', async () => {
    const first = await list({ Limit: 3 });
    expect(names(first.Users)).toEqual(['amy', 'bob', 'cid']);
    expect(first.PaginationToken).toBeTruthy();
    const second = await list({ Limit: 3, PaginationToken: first.PaginationToken! });
    expect(names(second.Users)).toEqual(['quo"te']);
    expect(second.PaginationToken).toBeUndefined();
    await expectError(list({ Limit: 61 }), 'InvalidParameterException', /less than or equal to 60/);
    await expectError(list({ PaginationToken: 'not-a-token' }), 'InvalidParameterException');
  });

  it('an unknown pool is ResourceNotFoundException', async () => {
    await expectError(h.sdk.send(new ListUsersCommand({ UserPoolId: 'us-east-1_missing' })), 'ResourceNotFoundException');
  });
});

describe('ListUserPools over HTTP', () => {
  it('pages through the pools, oldest first, and requires MaxResults in 1–60', async () => {
    const more = [await h.pool({ PoolName: 'second' }), await h.pool({ PoolName: 'third' })].map((p) => p.userPoolId);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const out = await h.sdk.send(new ListUserPoolsCommand({ MaxResults: 2, ...(token ? { NextToken: token } : {}) }));
      expect(out.UserPools!.length).toBeLessThanOrEqual(2);
      for (const pool of out.UserPools!) {
        expect(pool.CreationDate).toBeInstanceOf(Date);
        seen.push(pool.Id!);
      }
      token = out.NextToken;
    } while (token);
    expect(seen).toEqual([userPoolId, ...more]);
    const first = await h.sdk.send(new ListUserPoolsCommand({ MaxResults: 1 }));
    expect(first.UserPools).toEqual([expect.objectContaining({ Id: userPoolId, Name: 'ops', LambdaConfig: {} })]);
    await expectError(h.sdk.send(new ListUserPoolsCommand({ MaxResults: 0 })), 'InvalidParameterException', /greater than or equal to 1/);
    await expectError(h.sdk.send(new ListUserPoolsCommand({ MaxResults: 61 })), 'InvalidParameterException', /less than or equal to 60/);
    await expectError(h.sdk.send(new ListUserPoolsCommand({} as never)), 'InvalidParameterException', /maxResults/);
  });
});
