import {
  AddCustomAttributesCommand,
  CreateUserPoolCommand,
  type SchemaAttributeType,
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

const create = (Schema: SchemaAttributeType[]) => h.sdk.send(new CreateUserPoolCommand({ PoolName: 'schema', Schema }));
const schemaOf = async (Schema: SchemaAttributeType[]) => (await create(Schema)).UserPool!.SchemaAttributes!;

describe('CreateUserPool checks its Schema as Cognito does', () => {
  it('refuses a standard attribute given another data type, or made developer-only', async () => {
    await expectError(create([{ Name: 'email', AttributeDataType: 'Number' }]), 'InvalidParameterException',
      'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email');
    await expectError(create([{ Name: 'email_verified', AttributeDataType: 'String' }]), 'InvalidParameterException',
      /standard schema attribute email_verified$/);
    await expectError(create([{ Name: 'name', AttributeDataType: 'String', DeveloperOnlyAttribute: true }]), 'InvalidParameterException',
      /standard schema attribute name$/);
  });

  it('lets a standard attribute be required, immutable and narrower', async () => {
    const schema = await schemaOf([
      { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: false, StringAttributeConstraints: { MinLength: '5', MaxLength: '100' } },
      { Name: 'updated_at', AttributeDataType: 'Number', NumberAttributeConstraints: { MaxValue: '99999999999' } },
    ]);
    expect(schema.find((a) => a.Name === 'email')).toMatchObject({
      AttributeDataType: 'String', Required: true, Mutable: false, StringAttributeConstraints: { MinLength: '5', MaxLength: '100' },
    });
    expect(schema.find((a) => a.Name === 'updated_at')).toMatchObject({ NumberAttributeConstraints: { MinValue: '0', MaxValue: '99999999999' } });
  });

  it('refuses string limits that are not whole numbers, above 2048 or crossed', async () => {
    await expectError(create([{ Name: 'flavor', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: 'ten' } }]),
      'InvalidParameterException', 'Invalid StringAttributeConstraints for schema attribute custom:flavor');
    await expectError(create([{ Name: 'flavor', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '-1' } }]),
      'InvalidParameterException', 'Invalid StringAttributeConstraints for schema attribute custom:flavor');
    await expectError(create([{ Name: 'flavor', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '2049' } }]),
      'InvalidParameterException', 'user.custom:flavor: String attributes cannot have a length of more than 2048');
    await expectError(create([{ Name: 'flavor', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '10', MaxLength: '5' } }]),
      'InvalidParameterException', 'user.custom:flavor: Max length cannot be less than min length.');
    await expectError(create([{ Name: 'email', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '4096' } }]),
      'InvalidParameterException', 'user.email: String attributes cannot have a length of more than 2048');
  });

  it('refuses number limits that are not whole numbers or crossed', async () => {
    await expectError(create([{ Name: 'level', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1.5' } }]),
      'InvalidParameterException', 'Invalid NumberAttributeConstraints for schema attribute custom:level');
    await expectError(create([{ Name: 'level', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '10', MaxValue: '1' } }]),
      'InvalidParameterException', 'user.custom:level: Max value cannot be less than min value.');
  });

  it('accepts consistent limits and keeps them', async () => {
    const schema = await schemaOf([
      { Name: 'flavor', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' } },
      { Name: 'level', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1', MaxValue: '10' } },
      { Name: 'joined', AttributeDataType: 'DateTime' },
      { Name: 'vip', AttributeDataType: 'Boolean' },
    ]);
    expect(schema.find((a) => a.Name === 'custom:flavor')).toMatchObject({ StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' } });
    expect(schema.find((a) => a.Name === 'custom:level')).toMatchObject({ NumberAttributeConstraints: { MinValue: '1', MaxValue: '10' } });
    expect(schema.find((a) => a.Name === 'custom:joined')).toMatchObject({ AttributeDataType: 'DateTime' });
    expect(schema.find((a) => a.Name === 'custom:vip')).toMatchObject({ AttributeDataType: 'Boolean' });
  });

  it('checks AddCustomAttributes the same way', async () => {
    const { userPoolId } = await h.pool();
    await expectError(h.sdk.send(new AddCustomAttributesCommand({
      UserPoolId: userPoolId,
      CustomAttributes: [{ Name: 'team', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '3', MaxLength: '2' } }],
    })), 'InvalidParameterException', 'user.custom:team: Max length cannot be less than min length.');
  });
});
