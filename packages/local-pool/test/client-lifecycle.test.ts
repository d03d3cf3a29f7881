import {
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  UpdateUserPoolClientCommand,
  CreateUserPoolClientCommand,
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

describe('app client life cycle over HTTP', () => {
  it('ListUserPoolClients pages oldest first with MaxResults and NextToken', async () => {
    const { userPoolId, clientId } = await h.pool();
    const more: string[] = [];
    for (const name of ['b', 'c']) {
      const made = await h.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: name }));
      more.push(made.UserPoolClient!.ClientId!);
    }
    const first = await h.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 2 }));
    expect(first.UserPoolClients).toEqual([
      { ClientId: clientId, UserPoolId: userPoolId, ClientName: 'app' },
      { ClientId: more[0], UserPoolId: userPoolId, ClientName: 'b' },
    ]);
    expect(first.NextToken).toBeTypeOf('string');
    const second = await h.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.UserPoolClients!.map((c) => c.ClientName)).toEqual(['c']);
    expect(second.NextToken).toBeUndefined();
    await expectError(h.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 61 })), 'InvalidParameterException', /maxResults.*less than or equal to 60/);
    await expectError(h.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, NextToken: 'bogus' })), 'InvalidParameterException');
    await expectError(h.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: 'us-east-1_nothere' })), 'ResourceNotFoundException');
  });

  it('UpdateUserPoolClient replaces the settings: members left out return to their defaults', async () => {
    const { userPoolId, clientId } = await h.pool({}, {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 2,
      ReadAttributes: ['email'],
    });
    await h.user(userPoolId, 'ann');
    const signIn = () => h.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } }));
    expect((await signIn()).AuthenticationResult?.AccessToken).toBeTypeOf('string');
    const updated = await h.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId, AuthSessionValidity: 5 }));
    expect(updated.UserPoolClient).toMatchObject({
      ClientId: clientId,
      ClientName: 'app',
      AuthSessionValidity: 5,
      PreventUserExistenceErrors: 'LEGACY',
      AccessTokenValidity: 60,
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'],
    });
    expect(updated.UserPoolClient!.ReadAttributes).toBeUndefined();
    const described = await h.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
    expect(described.UserPoolClient).toMatchObject({ AuthSessionValidity: 5, PreventUserExistenceErrors: 'LEGACY' });
    // USER_PASSWORD_AUTH was not restated, so the client no longer allows it.
    await expectError(signIn(), 'InvalidParameterException', /USER_PASSWORD_AUTH flow not enabled for this client/);
    const renamed = await h.sdk.send(new UpdateUserPoolClientCommand({
      UserPoolId: userPoolId, ClientId: clientId, ClientName: 'renamed', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
    }));
    expect(renamed.UserPoolClient).toMatchObject({ ClientName: 'renamed', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
    expect((await signIn()).AuthenticationResult?.AccessToken).toBeTypeOf('string');
    await expectError(
      h.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId, AuthSessionValidity: 20 })),
      'InvalidParameterException',
      /authSessionValidity.*less than or equal to 15/,
    );
    await expectError(h.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: 'nothere' })), 'ResourceNotFoundException');
  });

  it('DeleteUserPoolClient removes the client; signing in through it then fails', async () => {
    const { userPoolId, clientId } = await h.pool();
    await h.user(userPoolId, 'ann');
    const tokens = await h.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } }));
    await h.sdk.send(new DeleteUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
    await expectError(h.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId })), 'ResourceNotFoundException');
    await expectError(
      h.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.AuthenticationResult!.RefreshToken! } })),
      'ResourceNotFoundException',
    );
    expect((await h.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId }))).UserPoolClients).toEqual([]);
    await expectError(h.sdk.send(new DeleteUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId })), 'ResourceNotFoundException');
  });
});
