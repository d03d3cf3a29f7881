import {
  AddCustomAttributesCommand,
  AdminDeleteUserAttributesCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  DescribeUserPoolCommand,
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

const attributesOf = async (userPoolId: string, username: string) =>
  Object.fromEntries(((await h.sdk.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }))).UserAttributes ?? [])
    .map((a) => [a.Name, a.Value]));

describe('AddCustomAttributes over HTTP', () => {
  it('adds custom: attributes users can then hold', async () => {
    const { userPoolId } = await h.pool();
    await h.sdk.send(new AddCustomAttributesCommand({
      UserPoolId: userPoolId,
      CustomAttributes: [
        { Name: 'team', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '10' } },
        { Name: 'custom:level', AttributeDataType: 'Number' },
      ],
    }));
    const schema = (await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool!.SchemaAttributes!;
    expect(schema.find((a) => a.Name === 'custom:team')).toMatchObject({ AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MaxLength: '10' } });
    expect(schema.find((a) => a.Name === 'custom:level')).toMatchObject({ AttributeDataType: 'Number' });
    await h.user(userPoolId, 'ann', { 'custom:team': 'red', 'custom:level': '3' });
    expect(await attributesOf(userPoolId, 'ann')).toMatchObject({ 'custom:team': 'red', 'custom:level': '3' });
  });

  it('refuses names already in the schema, the 51st custom attribute, and empty or oversized requests', async () => {
    const { userPoolId } = await h.pool({ Schema: [{ Name: 'team', AttributeDataType: 'String' }] });
    const add = (names: string[]) => h.sdk.send(new AddCustomAttributesCommand({
      UserPoolId: userPoolId,
      CustomAttributes: names.map((Name) => ({ Name, AttributeDataType: 'String' })),
    }));
    await expectError(add(['team']), 'InvalidParameterException', 'Existing attribute already has name custom:team.');
    await expectError(add(['new1', 'custom:new1']), 'InvalidParameterException', 'Existing attribute already has name custom:new1.');
    // The refused request added nothing.
    await add(['new1']);
    await expectError(add([]), 'InvalidParameterException', /customAttributes.*length greater than or equal to 1/);
    await expectError(add(Array.from({ length: 26 }, (_, i) => `a${i}`)), 'InvalidParameterException', /customAttributes.*length less than or equal to 25/);
    await add(Array.from({ length: 25 }, (_, i) => `b${i}`));
    await add(Array.from({ length: 23 }, (_, i) => `c${i}`));
    await expectError(add(['last']), 'LimitExceededException');
    const schema = (await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool!.SchemaAttributes!;
    expect(schema.filter((a) => a.Name!.startsWith('custom:'))).toHaveLength(50);
    await expectError(h.sdk.send(new AddCustomAttributesCommand({ UserPoolId: 'us-east-1_nothere', CustomAttributes: [{ Name: 'x' }] })), 'ResourceNotFoundException');
  });
});

describe('AdminDeleteUserAttributes over HTTP', () => {
  it('removes attributes, with the verified flag of a removed email', async () => {
    const { userPoolId } = await h.pool({ Schema: [{ Name: 'team', AttributeDataType: 'String' }, { Name: 'badge', AttributeDataType: 'String', Mutable: false }] });
    await h.user(userPoolId, 'ann', { email: 'ann@example.com', given_name: 'Ann', 'custom:team': 'red', 'custom:badge': 'b1' });
    await h.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username: 'ann', UserAttributes: [{ Name: 'email_verified', Value: 'true' }] }));
    await h.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: userPoolId, Username: 'ann', UserAttributeNames: ['email', 'custom:team', 'family_name'] }));
    const attributes = await attributesOf(userPoolId, 'ann');
    expect(attributes).toMatchObject({ given_name: 'Ann', 'custom:badge': 'b1' });
    expect(attributes).not.toHaveProperty('email');
    expect(attributes).not.toHaveProperty('email_verified');
    expect(attributes).not.toHaveProperty('custom:team');
    await expectError(
      h.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: userPoolId, Username: 'ann', UserAttributeNames: ['custom:badge'] })),
      'InvalidParameterException',
      'Cannot modify the non-mutable attribute custom:badge',
    );
    await expectError(
      h.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: userPoolId, Username: 'ann', UserAttributeNames: ['sub'] })),
      'InvalidParameterException',
    );
    await expectError(
      h.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: userPoolId, Username: 'ann', UserAttributeNames: ['custom:nothing'] })),
      'InvalidParameterException',
      'Attribute does not exist in the schema: custom:nothing',
    );
    await expectError(
      h.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: userPoolId, Username: 'nobody', UserAttributeNames: ['given_name'] })),
      'UserNotFoundException',
    );
    expect((await attributesOf(userPoolId, 'ann'))['custom:badge']).toBe('b1');
  });

  it('refuses a required attribute', async () => {
    const { userPoolId } = await h.pool({ Schema: [{ Name: 'email', Required: true, Mutable: true }] });
    await h.user(userPoolId, 'bo', { email: 'bo@example.com' });
    await expectError(
      h.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: userPoolId, Username: 'bo', UserAttributeNames: ['email'] })),
      'InvalidParameterException',
      /required attribute email/,
    );
    expect((await attributesOf(userPoolId, 'bo')).email).toBe('bo@example.com');
  });
});
