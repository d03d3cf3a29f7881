import {
  AddCustomAttributesCommand,
  AdminGetUserCommand,
  DeleteUserAttributesCommand,
  InitiateAuthCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, startHarness, type Harness } from './sdk-harness.js';
import { expectError } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function signedIn() {
  const { userPoolId, clientId } = await h.pool();
  await h.sdk.send(new AddCustomAttributesCommand({ UserPoolId: userPoolId, CustomAttributes: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }] }));
  await h.user(userPoolId, 'alice', { email: 'alice@example.com', email_verified: 'true', nickname: 'al', 'custom:team': 'blue' });
  const auth = await h.sdk.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
  );
  return { userPoolId, clientId, accessToken: auth.AuthenticationResult!.AccessToken! };
}

async function attributeNames(userPoolId: string) {
  const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'alice' }));
  return (user.UserAttributes ?? []).map((a) => a.Name).sort();
}

describe('DeleteUserAttributes (over HTTP, with the AWS SDK)', () => {
  it('removes the named attributes of the signed-in user; an email takes its verified flag with it', async () => {
    const { userPoolId, accessToken } = await signedIn();
    const output = await h.sdk.send(new DeleteUserAttributesCommand({ AccessToken: accessToken, UserAttributeNames: ['nickname', 'custom:team', 'email'] }));
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(await attributeNames(userPoolId)).toEqual(['sub']);
  });

  it('an attribute outside the schema is refused, and nothing is removed', async () => {
    const { userPoolId, accessToken } = await signedIn();
    await expectError(
      h.sdk.send(new DeleteUserAttributesCommand({ AccessToken: accessToken, UserAttributeNames: ['nickname', 'custom:nope'] })),
      'InvalidParameterException',
      'Attribute does not exist in the schema: custom:nope',
    );
    expect(await attributeNames(userPoolId)).toContain('nickname');
  });

  it('an attribute the app client may not write is refused with NotAuthorizedException', async () => {
    const { userPoolId, clientId, accessToken } = await signedIn();
    await h.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId, WriteAttributes: ['email'] }));
    await expectError(
      h.sdk.send(new DeleteUserAttributesCommand({ AccessToken: accessToken, UserAttributeNames: ['nickname'] })),
      'NotAuthorizedException',
      'A client attempted to write unauthorized attribute nickname',
    );
    expect(await attributeNames(userPoolId)).toContain('nickname');
  });

  it("a token that is not the pool's is refused", async () => {
    await signedIn();
    await expectError(h.sdk.send(new DeleteUserAttributesCommand({ AccessToken: 'not-a-token', UserAttributeNames: ['nickname'] })), 'NotAuthorizedException');
  });
});
