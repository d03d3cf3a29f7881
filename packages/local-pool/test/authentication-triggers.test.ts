import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { startLocalCognito } from '../src/local-cognito-server.js';
import { createLocalUserPool } from '../src/local-user-pool.js';
import type { LocalTriggers } from '../src/triggers.js';
import { call, expectError, srpSignIn, type Out } from './helpers.js';
import { sdkClientFor } from './sdk-harness.js';

const PASSWORD = 'Passw0rd!';

function recording(log: Out[], extra: LocalTriggers = {}): LocalTriggers {
  const record = async <E extends { triggerSource: string }>(event: E): Promise<E> => {
    log.push(structuredClone(event));
    return event;
  };
  return { PreAuthentication: record, PostAuthentication: record, PreTokenGeneration: record, ...extra };
}

async function poolWith(triggers: LocalTriggers, client: Record<string, unknown> = {}) {
  const pool = await createLocalUserPool({ triggers, client });
  await pool.admin.createUser('pat', { attributes: [{ Name: 'email', Value: 'pat@example.com' }], suppress: true });
  await pool.admin.setPassword('pat', PASSWORD, true);
  return { pool, send: call(pool.cognito) };
}

describe('PreAuthentication and PostAuthentication', () => {
  it('run around an SRP sign-in with Cognito event shapes, and not on refresh', async () => {
    const log: Out[] = [];
    const { pool, send } = await poolWith(recording(log));
    const srpSend = (op: string, input: Record<string, unknown>) =>
      send(op, op === 'InitiateAuth' ? { ...input, ClientMetadata: { from: 'initiate' } } : { ...input, ClientMetadata: { from: 'respond' } });
    const done = await srpSignIn(srpSend, { userPoolId: pool.userPoolId, clientId: pool.clientId, username: 'pat', password: PASSWORD });
    expect(done.AuthenticationResult.IdToken).toBeTypeOf('string');
    expect(log.map((e) => e.triggerSource)).toEqual([
      'PreAuthentication_Authentication',
      'PostAuthentication_Authentication',
      'TokenGeneration_Authentication',
    ]);
    expect(log[0]).toEqual({
      version: '1',
      triggerSource: 'PreAuthentication_Authentication',
      region: 'us-east-1',
      userPoolId: pool.userPoolId,
      userName: 'pat',
      callerContext: { awsSdkVersion: expect.any(String), clientId: pool.clientId },
      request: {
        userAttributes: expect.objectContaining({ email: 'pat@example.com', 'cognito:user_status': 'CONFIRMED' }),
        validationData: { from: 'initiate' },
      },
      response: {},
    });
    expect(log[1]).toMatchObject({
      userName: 'pat',
      request: { newDeviceUsed: false, clientMetadata: { from: 'respond' }, userAttributes: { email: 'pat@example.com' } },
      response: {},
    });
    log.length = 0;
    await send('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: pool.clientId, AuthParameters: { REFRESH_TOKEN: done.AuthenticationResult.RefreshToken } });
    expect(log.map((e) => e.triggerSource)).toEqual(['TokenGeneration_RefreshTokens']);
  });

  it('a throwing PreAuthentication refuses USER_PASSWORD_AUTH before the password is checked', async () => {
    const log: Out[] = [];
    const { pool, send } = await poolWith(
      recording(log, {
        PreAuthentication: async () => {
          throw new Error('Sign-in is closed');
        },
      }),
    );
    for (const password of [PASSWORD, 'Wrong-passw0rd']) {
      await expectError(
        send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'pat', PASSWORD: password } }),
        'UserLambdaValidationException',
        'PreAuthentication failed with error Sign-in is closed.',
      );
    }
    expect(log).toEqual([]);
  });

  it('a throwing PreAuthentication refuses USER_SRP_AUTH at InitiateAuth', async () => {
    const { pool, send } = await poolWith({
      PreAuthentication: async (event) => {
        if (event.request.validationData.device !== 'known') throw new Error('Unknown device');
        return event;
      },
    });
    await expectError(
      srpSignIn(send, { userPoolId: pool.userPoolId, clientId: pool.clientId, username: 'pat', password: PASSWORD }),
      'UserLambdaValidationException',
      'PreAuthentication failed with error Unknown device.',
    );
    const withDevice = (op: string, input: Record<string, unknown>) => send(op, { ...input, ClientMetadata: { device: 'known' } });
    const done = await srpSignIn(withDevice, { userPoolId: pool.userPoolId, clientId: pool.clientId, username: 'pat', password: PASSWORD });
    expect(done.AuthenticationResult.AccessToken).toBeTypeOf('string');
  });

  it('a throwing PostAuthentication fails the sign-in with no tokens', async () => {
    const { pool, send } = await poolWith({
      PostAuthentication: async () => {
        throw new Error('Audit log unavailable');
      },
    });
    await expectError(
      send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'pat', PASSWORD } }),
      'UserLambdaValidationException',
      'PostAuthentication failed with error Audit log unavailable.',
    );
  });

  it('CUSTOM_AUTH runs PreAuthentication once at the start and PostAuthentication at the end', async () => {
    const log: Out[] = [];
    const { pool, send } = await poolWith(
      recording(log, {
        DefineAuthChallenge: async (event) => {
          const last = event.request.session.at(-1);
          if (last?.challengeResult) event.response.issueTokens = true;
          else event.response.challengeName = 'CUSTOM_CHALLENGE';
          return event;
        },
        CreateAuthChallenge: async (event) => {
          event.response.privateChallengeParameters = { answer: '4' };
          return event;
        },
        VerifyAuthChallengeResponse: async (event) => {
          event.response.answerCorrect = event.request.challengeAnswer === '4';
          return event;
        },
      }),
    );
    const first = await send('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'pat' } });
    expect(log.map((e) => e.triggerSource)).toEqual(['PreAuthentication_Authentication']);
    const done = await send('RespondToAuthChallenge', {
      ClientId: pool.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: first.Session, ChallengeResponses: { USERNAME: 'pat', ANSWER: '4' },
    });
    expect(done.AuthenticationResult.IdToken).toBeTypeOf('string');
    expect(log.map((e) => e.triggerSource)).toEqual([
      'PreAuthentication_Authentication',
      'PostAuthentication_Authentication',
      'TokenGeneration_Authentication',
    ]);
  });

  it('an unknown user reaches PreAuthentication only when the client hides user existence', async () => {
    const legacyLog: Out[] = [];
    const legacy = await poolWith(recording(legacyLog), { PreventUserExistenceErrors: 'LEGACY' });
    await expectError(
      legacy.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: legacy.pool.clientId, AuthParameters: { USERNAME: 'nobody', PASSWORD } }),
      'UserNotFoundException',
    );
    expect(legacyLog).toEqual([]);

    const hiddenLog: Out[] = [];
    const hidden = await poolWith(recording(hiddenLog), { PreventUserExistenceErrors: 'ENABLED' });
    await expectError(
      hidden.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: hidden.pool.clientId, AuthParameters: { USERNAME: 'nobody', PASSWORD } }),
      'NotAuthorizedException',
    );
    expect(hiddenLog).toHaveLength(1);
    expect(hiddenLog[0]).toMatchObject({ userName: 'nobody', request: { userAttributes: {}, userNotFound: true } });
    await hidden.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: hidden.pool.clientId, AuthParameters: { USERNAME: 'pat', PASSWORD } });
    expect(hiddenLog[1]).toMatchObject({ userName: 'pat', request: { userNotFound: false } });
  });

  it('over HTTP, AWS SDK clients see UserLambdaValidationException from PreAuthentication', async () => {
    const server = await startLocalCognito({
      triggers: {
        PreAuthentication: async () => {
          throw new Error('Maintenance window');
        },
      },
    });
    const sdk = sdkClientFor(server.endpoint);
    try {
      const pool = await createLocalUserPool({ cognito: server.cognito });
      await pool.admin.createUser('pat', { suppress: true });
      await pool.admin.setPassword('pat', PASSWORD, true);
      await expectError(
        sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'pat', PASSWORD } })),
        'UserLambdaValidationException',
        'PreAuthentication failed with error Maintenance window.',
      );
    } finally {
      sdk.destroy();
      await server.close();
    }
  });
});
