import {
  AdminCreateUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  type AttributeType,
  type SchemaAttributeType,
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

const SCHEMA: SchemaAttributeType[] = [
  { Name: 'team', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '2', MaxLength: '5' } },
  { Name: 'level', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1', MaxValue: '10' } },
];

async function limitedPool() {
  const created = await h.sdk.send(new CreateUserPoolCommand({ PoolName: 'limits', Schema: SCHEMA }));
  const userPoolId = created.UserPool!.Id!;
  const client = await h.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
  return { userPoolId, clientId: client.UserPoolClient!.ClientId! };
}

/** Values that break the standard or custom limits, and the words of the refusal. */
const BROKEN: Array<[AttributeType, RegExp]> = [
  [{ Name: 'birthdate', Value: '1990-1-1' }, /birthdate: String length must be between 10 and 10/],
  [{ Name: 'birthdate', Value: '1990-01-011' }, /birthdate: String length must be between 10 and 10/],
  [{ Name: 'custom:team', Value: 'x' }, /custom:team: String length must be between 2 and 5/],
  [{ Name: 'custom:team', Value: 'toolong' }, /custom:team: String length must be between 2 and 5/],
  [{ Name: 'custom:level', Value: '0' }, /custom:level: Number must be at least 1 and at most 10/],
  [{ Name: 'custom:level', Value: '11' }, /custom:level: Number must be at least 1 and at most 10/],
  [{ Name: 'updated_at', Value: '-1' }, /updated_at: Number must be at least 0/],
];

describe('attribute values within their schema limits, over HTTP', () => {
  it('DescribeUserPool shows birthdate as exactly 10 characters', async () => {
    const { userPoolId } = await limitedPool();
    const schema = (await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool!.SchemaAttributes!;
    expect(schema.find((a) => a.Name === 'birthdate')).toMatchObject({ AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '10', MaxLength: '10' } });
  });

  it('SignUp and AdminCreateUser refuse values outside the limits and accept those inside', async () => {
    const { userPoolId, clientId } = await limitedPool();
    for (const [attribute, message] of BROKEN) {
      await expectError(h.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'sam', Password: PASSWORD, UserAttributes: [attribute] })), 'InvalidParameterException', message);
      await expectError(
        h.sdk.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: 'ana', MessageAction: 'SUPPRESS', UserAttributes: [attribute] })),
        'InvalidParameterException',
        message,
      );
    }
    const good = [
      { Name: 'birthdate', Value: '1990-01-01' }, { Name: 'custom:team', Value: 'ab' }, { Name: 'custom:level', Value: '10' }, { Name: 'updated_at', Value: '0' },
    ];
    await h.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'sam', Password: PASSWORD, UserAttributes: good }));
    await h.sdk.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: 'ana', MessageAction: 'SUPPRESS', UserAttributes: good }));
  });

  it('UpdateUserAttributes and AdminUpdateUserAttributes refuse them too', async () => {
    const { userPoolId, clientId } = await limitedPool();
    await h.user(userPoolId, 'kim');
    const signedIn = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'kim', PASSWORD } }));
    const AccessToken = signedIn.AuthenticationResult!.AccessToken!;
    for (const [attribute, message] of BROKEN) {
      await expectError(h.sdk.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [attribute] })), 'InvalidParameterException', message);
      await expectError(h.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username: 'kim', UserAttributes: [attribute] })), 'InvalidParameterException', message);
    }
    await h.sdk.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'custom:level', Value: '1' }] }));
    await h.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username: 'kim', UserAttributes: [{ Name: 'birthdate', Value: '2000-12-31' }] }));
  });
});

describe("a standard attribute's own limits in CreateUserPool's Schema", () => {
  const create = (Schema: SchemaAttributeType[]) => h.sdk.send(new CreateUserPoolCommand({ PoolName: 'schema', Schema }));

  it('refuses limits wider than the standard ones', async () => {
    await expectError(create([{ Name: 'birthdate', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '0', MaxLength: '10' } }]), 'InvalidParameterException', /user\.birthdate/);
    await expectError(create([{ Name: 'birthdate', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '20' } }]), 'InvalidParameterException', /user\.birthdate/);
    await expectError(create([{ Name: 'updated_at', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '-5' } }]), 'InvalidParameterException', /user\.updated_at/);
  });

  it('keeps limits within them', async () => {
    const created = await create([
      { Name: 'birthdate', AttributeDataType: 'String', Required: true, StringAttributeConstraints: { MinLength: '10', MaxLength: '10' } },
      { Name: 'name', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '1', MaxLength: '64' } },
    ]);
    const schema = created.UserPool!.SchemaAttributes!;
    expect(schema.find((a) => a.Name === 'birthdate')).toMatchObject({ Required: true, StringAttributeConstraints: { MinLength: '10', MaxLength: '10' } });
    expect(schema.find((a) => a.Name === 'name')).toMatchObject({ StringAttributeConstraints: { MinLength: '1', MaxLength: '64' } });
  });
});
