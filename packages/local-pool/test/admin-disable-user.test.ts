import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
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

describe('AdminDisableUser and AdminEnableUser over HTTP', () => {
  it('a disabled user cannot sign in or refresh, its tokens are revoked, and enabling lets it sign in again', async () => {
    const { userPoolId, clientId } = await h.pool();
    await h.user(userPoolId, 'dora', { email: 'dora@example.com', email_verified: 'true' });
    const signIn = () =>
      h.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dora', PASSWORD } }));
    const before = (await signIn()).AuthenticationResult!;
    expect((await h.sdk.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'dora' }))).Enabled).toBe(true);

    await h.sdk.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: 'dora' }));
    expect((await h.sdk.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'dora' }))).Enabled).toBe(false);
    await expectError(signIn(), 'NotAuthorizedException', 'User is disabled.');
    await expectError(
      h.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: before.RefreshToken! } })),
      'NotAuthorizedException',
    );
    await expectError(
      h.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: before.RefreshToken! })),
      'NotAuthorizedException',
    );
    await expectError(h.sdk.send(new GetUserCommand({ AccessToken: before.AccessToken! })), 'NotAuthorizedException', 'Access Token has been revoked');
    await expectError(
      h.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: userPoolId, Username: 'dora' })),
      'NotAuthorizedException',
      'User is disabled.',
    );

    await h.sdk.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: 'dora' }));
    expect((await h.sdk.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'dora' }))).Enabled).toBe(true);
    const after = (await signIn()).AuthenticationResult!;
    expect((await h.sdk.send(new GetUserCommand({ AccessToken: after.AccessToken! }))).Username).toBe('dora');
    // Tokens revoked by the disabling stay revoked.
    await expectError(h.sdk.send(new GetUserCommand({ AccessToken: before.AccessToken! })), 'NotAuthorizedException', 'Access Token has been revoked');
  });

  it('ForgotPassword refuses a disabled user and sends nothing; with PreventUserExistenceErrors it pretends to send', async () => {
    const { userPoolId, clientId } = await h.pool();
    await h.user(userPoolId, 'fern', { email: 'fern@example.com', email_verified: 'true' });
    await h.sdk.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: 'fern' }));
    const sentBefore = h.server.messages().length;
    await expectError(h.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'fern' })), 'NotAuthorizedException', 'User is disabled.');
    expect(h.server.messages()).toHaveLength(sentBefore);
    // No code was stored for it either.
    await expectError(
      h.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fern', ConfirmationCode: '123456', Password: 'N3w-passw0rd!' })),
      'ExpiredCodeException',
    );

    const hidden = await h.pool({}, { PreventUserExistenceErrors: 'ENABLED' });
    await h.user(hidden.userPoolId, 'gus', { email: 'gus@example.com', email_verified: 'true' });
    await h.sdk.send(new AdminDisableUserCommand({ UserPoolId: hidden.userPoolId, Username: 'gus' }));
    const pretended = await h.sdk.send(new ForgotPasswordCommand({ ClientId: hidden.clientId, Username: 'gus' }));
    expect(pretended.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    expect(h.server.messages()).toHaveLength(sentBefore);

    // Enabled again, the user can reset the password.
    await h.sdk.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: 'fern' }));
    const sent = await h.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'fern' }));
    expect(sent.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', Destination: 'f***@e***' });
    expect(h.server.messages().at(-1)).toMatchObject({ username: 'fern', purpose: 'ForgotPassword' });
  });

  it('an unknown user is UserNotFoundException', async () => {
    const { userPoolId } = await h.pool();
    await expectError(h.sdk.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: 'nobody' })), 'UserNotFoundException', 'User does not exist.');
    await expectError(h.sdk.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: 'nobody' })), 'UserNotFoundException', 'User does not exist.');
  });
});
