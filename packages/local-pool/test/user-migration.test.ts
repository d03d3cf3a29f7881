import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { startLocalCognito } from '../src/local-cognito-server.js';
import { createLocalUserPool } from '../src/local-user-pool.js';
import type { LocalTriggers, UserMigrationEvent } from '../src/triggers.js';
import { call, decodeJwt, expectError, srpSignIn, type Out } from './helpers.js';
import { sdkClientFor } from './sdk-harness.js';

/** The old identity store: one user, whose password the pool never had. */
const LEGACY = { username: 'lee', password: 'old-Secret1', email: 'lee@example.com' };

/** `unset` leaves finalUserStatus out, for Cognito's default. */
function legacyMigration(log: Out[], finalUserStatus: 'CONFIRMED' | 'RESET_REQUIRED' | 'unset' = 'CONFIRMED'): LocalTriggers {
  return {
    UserMigration: async (event: UserMigrationEvent) => {
      log.push(structuredClone(event));
      if (event.userName !== LEGACY.username) throw new Error('User not found');
      if (event.triggerSource === 'UserMigration_Authentication' && event.request.password !== LEGACY.password) {
        throw new Error('Bad password');
      }
      event.response.userAttributes = { email: LEGACY.email, email_verified: 'true' };
      if (finalUserStatus !== 'unset') event.response.finalUserStatus = finalUserStatus;
      event.response.messageAction = 'SUPPRESS';
      return event;
    },
  };
}

async function poolWith(triggers: LocalTriggers) {
  const pool = await createLocalUserPool({ triggers });
  const send = call(pool.cognito);
  const passwordSignIn = (USERNAME: string, PASSWORD: string, ClientMetadata?: Record<string, string>) =>
    send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME, PASSWORD }, ...(ClientMetadata ? { ClientMetadata } : {}) });
  return { pool, send, passwordSignIn };
}

describe('UserMigration', () => {
  it('brings a user in at USER_PASSWORD_AUTH with the old password, once', async () => {
    const log: Out[] = [];
    const { pool, send, passwordSignIn } = await poolWith(legacyMigration(log));
    const out = await passwordSignIn(LEGACY.username, LEGACY.password, { app: 'web' });
    expect(decodeJwt(out.AuthenticationResult.IdToken)).toMatchObject({ 'cognito:username': 'lee', email: LEGACY.email, email_verified: true });
    expect(log).toEqual([
      {
        version: '1',
        triggerSource: 'UserMigration_Authentication',
        region: 'us-east-1',
        userPoolId: pool.userPoolId,
        userName: 'lee',
        callerContext: { awsSdkVersion: expect.any(String), clientId: pool.clientId },
        request: { password: LEGACY.password, validationData: { app: 'web' }, clientMetadata: {} },
        response: {},
      },
    ]);
    expect(await send('AdminGetUser', { UserPoolId: pool.userPoolId, Username: 'lee' })).toMatchObject({ UserStatus: 'CONFIRMED' });
    // Now a pool user: SRP works and the trigger is not asked again.
    const srp = await srpSignIn(send, { userPoolId: pool.userPoolId, clientId: pool.clientId, username: 'lee', password: LEGACY.password });
    expect(srp.AuthenticationResult.AccessToken).toBeTypeOf('string');
    expect(log).toHaveLength(1);
  });

  it('a throwing function refuses the sign-in; SRP never migrates', async () => {
    const log: Out[] = [];
    const { pool, send, passwordSignIn } = await poolWith(legacyMigration(log));
    await expectError(passwordSignIn('lee', 'Wrong-passw0rd'), 'UserLambdaValidationException', 'UserMigration failed with error Bad password.');
    await expectError(passwordSignIn('nobody', 'Whatever-1'), 'UserLambdaValidationException', 'UserMigration failed with error User not found.');
    await expectError(
      srpSignIn(send, { userPoolId: pool.userPoolId, clientId: pool.clientId, username: 'lee', password: LEGACY.password }),
      'UserNotFoundException',
    );
    expect(log.map((e) => e.triggerSource)).toEqual(['UserMigration_Authentication', 'UserMigration_Authentication']);
  });

  it('RESET_REQUIRED (the default) asks for a reset; ForgotPassword migrates an unknown user without a password', async () => {
    const log: Out[] = [];
    const { pool, send, passwordSignIn } = await poolWith(legacyMigration(log, 'unset'));
    await expectError(passwordSignIn('lee', LEGACY.password), 'PasswordResetRequiredException');
    expect(await send('AdminGetUser', { UserPoolId: pool.userPoolId, Username: 'lee' })).toMatchObject({ UserStatus: 'RESET_REQUIRED' });

    const other = await poolWith(legacyMigration(log, 'unset'));
    log.length = 0;
    const forgot = await other.send('ForgotPassword', { ClientId: other.pool.clientId, Username: 'lee', ClientMetadata: { from: 'reset' } });
    expect(forgot.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ triggerSource: 'UserMigration_ForgotPassword', userName: 'lee', request: { clientMetadata: { from: 'reset' } } });
    expect(log[0]!.request).not.toHaveProperty('password');
    const code = other.pool.lastCode('lee', 'ForgotPassword')!;
    await other.send('ConfirmForgotPassword', { ClientId: other.pool.clientId, Username: 'lee', ConfirmationCode: code, Password: 'New-passw0rd' });
    const out = await other.passwordSignIn('lee', 'New-passw0rd');
    expect(out.AuthenticationResult.IdToken).toBeTypeOf('string');
  });

  it('a response without userAttributes is an invalid Lambda response', async () => {
    const { passwordSignIn } = await poolWith({ UserMigration: async (event) => event });
    await expectError(passwordSignIn('lee', LEGACY.password), 'InvalidLambdaResponseException');
  });

  it('over HTTP, the AWS SDK signs a migrated user in', async () => {
    const server = await startLocalCognito({ triggers: legacyMigration([]) });
    const sdk = sdkClientFor(server.endpoint);
    try {
      const pool = await createLocalUserPool({ cognito: server.cognito });
      const out = await sdk.send(new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'lee', PASSWORD: LEGACY.password },
      }));
      expect(decodeJwt(out.AuthenticationResult!.AccessToken!)).toMatchObject({ username: 'lee' });
      await expectError(
        sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'kim', PASSWORD: 'x-Passw0rd' } })),
        'UserLambdaValidationException',
        'UserMigration failed with error User not found.',
      );
    } finally {
      sdk.destroy();
      await server.close();
    }
  });
});
