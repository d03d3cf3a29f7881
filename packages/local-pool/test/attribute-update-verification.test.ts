import {
  AdminGetUserCommand,
  GetUserCommand,
  InitiateAuthCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, startHarness, type Harness } from './sdk-harness.js';
import { expectError } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function signedIn(held: ('email' | 'phone_number')[]) {
  const { userPoolId, clientId } = await h.pool({
    UsernameAttributes: ['email'],
    AutoVerifiedAttributes: ['email'],
    ...(held.length ? { UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: held } } : {}),
  });
  await h.user(userPoolId, 'old@example.com', { email: 'old@example.com', email_verified: 'true' });
  const signIn = (username: string) =>
    h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD } }));
  const auth = await signIn('old@example.com');
  return { userPoolId, signIn, accessToken: auth.AuthenticationResult!.AccessToken! };
}

const attributesOf = (list: { Name?: string; Value?: string }[] | undefined) => Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));
const lastCodeTo = (destination: string) => [...h.server.messages()].reverse().find((m) => m.destination === destination)?.code;

describe('AttributesRequireVerificationBeforeUpdate (over HTTP, with the AWS SDK)', () => {
  it('keeps the old email, verified and signing in, until the code sent to the new one is confirmed', async () => {
    const { accessToken, signIn } = await signedIn(['email']);
    const update = await h.sdk.send(
      new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'email', Value: 'new@example.com' }] }),
    );
    expect(update.CodeDeliveryDetailsList).toEqual([{ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'n***@e***' }]);

    const before = attributesOf((await h.sdk.send(new GetUserCommand({ AccessToken: accessToken }))).UserAttributes);
    expect(before).toMatchObject({ email: 'old@example.com', email_verified: 'true' });
    await expect(signIn('old@example.com')).resolves.toHaveProperty('AuthenticationResult');
    await expectError(signIn('new@example.com'), 'UserNotFoundException');

    const code = lastCodeTo('new@example.com');
    expect(code).toMatch(/^\d{6}$/);
    await h.sdk.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: 'email', Code: code! }));
    const after = attributesOf((await h.sdk.send(new GetUserCommand({ AccessToken: accessToken }))).UserAttributes);
    expect(after).toMatchObject({ email: 'new@example.com', email_verified: 'true' });
    await expect(signIn('new@example.com')).resolves.toHaveProperty('AuthenticationResult');
    await expectError(signIn('old@example.com'), 'UserNotFoundException');
    // Spent: the same code does not confirm again.
    await expectError(
      h.sdk.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: 'email', Code: code! })),
      'ExpiredCodeException',
    );
  });

  it('replaces a waiting value with a newer one, whose code is the one that counts', async () => {
    const { accessToken, userPoolId } = await signedIn(['email']);
    await h.sdk.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'email', Value: 'first@example.com' }] }));
    const first = lastCodeTo('first@example.com');
    await h.sdk.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'email', Value: 'second@example.com' }] }));
    const second = lastCodeTo('second@example.com');
    expect(second).not.toBe(first);
    await expectError(
      h.sdk.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: 'email', Code: first! })),
      'CodeMismatchException',
    );
    await h.sdk.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: 'email', Code: second! }));
    const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'second@example.com' }));
    expect(attributesOf(user.UserAttributes)).toMatchObject({ email: 'second@example.com', email_verified: 'true' });
  });

  it('without the setting, the new value applies at once and waits unverified', async () => {
    const { accessToken } = await signedIn([]);
    await h.sdk.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'email', Value: 'new@example.com' }] }));
    const user = attributesOf((await h.sdk.send(new GetUserCommand({ AccessToken: accessToken }))).UserAttributes);
    expect(user).toMatchObject({ email: 'new@example.com', email_verified: 'false' });
  });
});
