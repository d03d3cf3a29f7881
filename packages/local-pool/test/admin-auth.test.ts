import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminUserGlobalSignOutCommand,
  GetUserCommand,
  InitiateAuthCommand,
  type AdminInitiateAuthCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalTriggers } from '../src/triggers.js';
import { decodeJwt, expectError } from './helpers.js';
import { PASSWORD, startHarness, type Harness } from './sdk-harness.js';

/** One custom challenge: the answer is "4". */
const quiz: LocalTriggers = {
  DefineAuthChallenge: async (event) => {
    const last = event.request.session.at(-1);
    if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
    else if (last?.challengeName === 'CUSTOM_CHALLENGE') event.response.failAuthentication = true;
    else event.response.challengeName = 'CUSTOM_CHALLENGE';
    return event;
  },
  CreateAuthChallenge: async (event) => {
    event.response.publicChallengeParameters = { question: '2 + 2' };
    event.response.privateChallengeParameters = { answer: '4' };
    return event;
  },
  VerifyAuthChallengeResponse: async (event) => {
    event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  },
};

let h: Harness;
let userPoolId: string;
let clientId: string;

beforeAll(async () => {
  h = await startHarness({ triggers: quiz });
  ({ userPoolId, clientId } = await h.pool(
    {},
    { ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'] },
  ));
  await h.user(userPoolId, 'kim');
});
afterAll(async () => {
  await h?.close();
});

const adminAuth = (input: Partial<AdminInitiateAuthCommandInput>) =>
  h.sdk.send(new AdminInitiateAuthCommand({ UserPoolId: userPoolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', ...input }));

describe('AdminInitiateAuth and AdminRespondToAuthChallenge over HTTP', () => {
  it('ADMIN_USER_PASSWORD_AUTH and its legacy name ADMIN_NO_SRP_AUTH sign in; REFRESH_TOKEN_AUTH refreshes', async () => {
    const signedIn = await adminAuth({ AuthParameters: { USERNAME: 'kim', PASSWORD } });
    expect(decodeJwt(signedIn.AuthenticationResult!.IdToken!)['cognito:username']).toBe('kim');
    const legacy = await adminAuth({ AuthFlow: 'ADMIN_NO_SRP_AUTH', AuthParameters: { USERNAME: 'kim', PASSWORD } });
    expect(legacy.AuthenticationResult!.AccessToken).toBeTruthy();
    const refreshed = await adminAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: signedIn.AuthenticationResult!.RefreshToken! } });
    expect(decodeJwt(refreshed.AuthenticationResult!.AccessToken!).username).toBe('kim');
    expect(refreshed.AuthenticationResult!.RefreshToken).toBeUndefined();
  });

  it('refuses a wrong password, an unknown user, a flow the client does not allow, and a client of another pool', async () => {
    await expectError(adminAuth({ AuthParameters: { USERNAME: 'kim', PASSWORD: 'Wrong-pass1' } }), 'NotAuthorizedException', 'Incorrect username or password.');
    await expectError(adminAuth({ AuthParameters: { USERNAME: 'nobody', PASSWORD } }), 'UserNotFoundException');
    await expectError(adminAuth({ AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kim', PASSWORD } }), 'InvalidParameterException', 'Initiate Auth method not supported.');
    await expectError(
      h.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kim', PASSWORD } })),
      'InvalidParameterException',
      'Initiate Auth method not supported.',
    );
    const other = await h.pool({ PoolName: 'other' }, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await h.user(other.userPoolId, 'kim');
    await expectError(
      adminAuth({ UserPoolId: other.userPoolId, ClientId: other.clientId, AuthParameters: { USERNAME: 'kim', PASSWORD } }),
      'InvalidParameterException',
      'Auth flow not enabled for this client',
    );
    await expectError(adminAuth({ UserPoolId: other.userPoolId, AuthParameters: { USERNAME: 'kim', PASSWORD } }), 'ResourceNotFoundException', /client/);
    await expectError(adminAuth({ UserPoolId: 'us-east-1_missing', AuthParameters: { USERNAME: 'kim', PASSWORD } }), 'ResourceNotFoundException');
  });

  it('a client with the legacy flag ADMIN_NO_SRP_AUTH allows the admin password flow', async () => {
    const legacy = await h.pool({ PoolName: 'legacy' }, { ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH'] });
    await h.user(legacy.userPoolId, 'lee');
    const out = await adminAuth({ UserPoolId: legacy.userPoolId, ClientId: legacy.clientId, AuthParameters: { USERNAME: 'lee', PASSWORD } });
    expect(out.AuthenticationResult!.IdToken).toBeTruthy();
  });

  it('NEW_PASSWORD_REQUIRED is answered with AdminRespondToAuthChallenge, once', async () => {
    await h.sdk.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: 'max', TemporaryPassword: 'Temp-pass1', MessageAction: 'SUPPRESS' }));
    const first = await adminAuth({ AuthParameters: { USERNAME: 'max', PASSWORD: 'Temp-pass1' } });
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const answer = () =>
      h.sdk.send(new AdminRespondToAuthChallengeCommand({
        UserPoolId: userPoolId,
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session!,
        ChallengeResponses: { USERNAME: 'max', NEW_PASSWORD: 'New-pass1' },
      }));
    const done = await answer();
    expect(decodeJwt(done.AuthenticationResult!.IdToken!)['cognito:username']).toBe('max');
    await expectError(answer(), 'NotAuthorizedException', /only be used once/);
    expect((await adminAuth({ AuthParameters: { USERNAME: 'max', PASSWORD: 'New-pass1' } })).AuthenticationResult).toBeTruthy();
  });

  it('of concurrent answers to one admin challenge session exactly one succeeds', async () => {
    await h.sdk.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: 'pia', TemporaryPassword: 'Temp-pass1', MessageAction: 'SUPPRESS' }));
    const first = await adminAuth({ AuthParameters: { USERNAME: 'pia', PASSWORD: 'Temp-pass1' } });
    const answers = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        h.sdk.send(new AdminRespondToAuthChallengeCommand({
          UserPoolId: userPoolId, ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: first.Session!,
          ChallengeResponses: { USERNAME: 'pia', NEW_PASSWORD: 'New-pass1' },
        }))),
    );
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const refused of answers.filter((a): a is PromiseRejectedResult => a.status === 'rejected')) {
      expect((refused.reason as Error).name).toBe('NotAuthorizedException');
    }
  });

  it('CUSTOM_AUTH runs the challenge triggers', async () => {
    const first = await adminAuth({ AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'kim' } });
    expect(first.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(first.ChallengeParameters).toMatchObject({ question: '2 + 2', USERNAME: 'kim' });
    const respond = (Session: string, ANSWER: string) =>
      h.sdk.send(new AdminRespondToAuthChallengeCommand({
        UserPoolId: userPoolId, ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session, ChallengeResponses: { USERNAME: 'kim', ANSWER },
      }));
    const done = await respond(first.Session!, '4');
    expect(done.AuthenticationResult!.IdToken).toBeTruthy();
    const again = await adminAuth({ AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'kim' } });
    await expectError(respond(again.Session!, '5'), 'NotAuthorizedException', 'Incorrect username or password.');
  });

  it('a disabled user is refused', async () => {
    await h.user(userPoolId, 'ned');
    await h.sdk.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: 'ned' }));
    await expectError(adminAuth({ AuthParameters: { USERNAME: 'ned', PASSWORD } }), 'NotAuthorizedException', 'User is disabled.');
    await expectError(adminAuth({ AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ned' } }), 'NotAuthorizedException', 'User is disabled.');
  });
});

describe('AdminUserGlobalSignOut over HTTP', () => {
  it('revokes every token issued to the user before the call', async () => {
    await h.user(userPoolId, 'oli');
    const before = (await adminAuth({ AuthParameters: { USERNAME: 'oli', PASSWORD } })).AuthenticationResult!;
    await h.sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: 'oli' }));
    await expectError(h.sdk.send(new GetUserCommand({ AccessToken: before.AccessToken! })), 'NotAuthorizedException', 'Access Token has been revoked');
    await expectError(adminAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: before.RefreshToken! } }), 'NotAuthorizedException', 'Refresh Token has been revoked');
    const after = (await adminAuth({ AuthParameters: { USERNAME: 'oli', PASSWORD } })).AuthenticationResult!;
    expect((await h.sdk.send(new GetUserCommand({ AccessToken: after.AccessToken! }))).Username).toBe('oli');
    await expectError(h.sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: 'nobody' })), 'UserNotFoundException');
  });
});
