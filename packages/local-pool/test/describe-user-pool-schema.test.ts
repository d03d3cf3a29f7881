import { CreateUserPoolCommand, DescribeUserPoolCommand, UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './sdk-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const describePool = async (UserPoolId: string) => (await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool!;

describe('DescribeUserPool answers in Cognito shapes', () => {
  it('lists every standard attribute with the limits of its type', async () => {
    const { userPoolId } = await h.pool();
    const schema = (await describePool(userPoolId)).SchemaAttributes!;
    const byName = (name: string) => schema.find((a) => a.Name === name);
    expect(byName('email')).toEqual({
      Name: 'email', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
      StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' },
    });
    expect(byName('sub')).toMatchObject({ Mutable: false, Required: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' } });
    expect(byName('updated_at')).toEqual({
      Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
      NumberAttributeConstraints: { MinValue: '0' },
    });
    expect(byName('email_verified')).toEqual({ Name: 'email_verified', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false });
    expect(byName('phone_number_verified')).not.toHaveProperty('StringAttributeConstraints');
  });

  it('names a developer-only attribute dev:custom:<name>, while users still hold it as custom:<name>', async () => {
    const { userPoolId } = await h.pool({ Schema: [{ Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true }] });
    const schema = (await describePool(userPoolId)).SchemaAttributes!;
    expect(schema.find((a) => a.Name === 'dev:custom:secret')).toMatchObject({ DeveloperOnlyAttribute: true, AttributeDataType: 'String' });
    expect(schema.find((a) => a.Name === 'custom:secret')).toBeUndefined();
    await h.user(userPoolId, 'ann', { 'custom:secret': 'x' });
  });

  it('echoes VerificationMessageTemplate, defaulting to confirmation by code', async () => {
    const created = await h.sdk.send(new CreateUserPoolCommand({
      PoolName: 'templates',
      VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_LINK', EmailSubjectByLink: 'Confirm' },
    }));
    const id = created.UserPool!.Id!;
    expect((await describePool(id)).VerificationMessageTemplate).toMatchObject({ DefaultEmailOption: 'CONFIRM_WITH_LINK', EmailSubjectByLink: 'Confirm' });
    const { userPoolId } = await h.pool();
    expect((await describePool(userPoolId)).VerificationMessageTemplate).toEqual({ DefaultEmailOption: 'CONFIRM_WITH_CODE' });
    await h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: userPoolId, VerificationMessageTemplate: { EmailSubject: 'Your code' } }));
    expect((await describePool(userPoolId)).VerificationMessageTemplate).toMatchObject({ EmailSubject: 'Your code' });
  });
});
