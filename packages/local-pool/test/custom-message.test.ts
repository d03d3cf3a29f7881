import { ForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { startLocalCognito } from '../src/local-cognito-server.js';
import { createLocalUserPool } from '../src/local-user-pool.js';
import type { CustomMessageEvent, LocalTriggers } from '../src/triggers.js';
import { call, expectError, type Out } from './helpers.js';
import { sdkClientFor } from './sdk-harness.js';

const PASSWORD = 'Passw0rd!';

/** Words each message after what it is for, as apps brand their mail. */
function branded(log: Out[]): LocalTriggers {
  return {
    CustomMessage: async (event: CustomMessageEvent) => {
      log.push(structuredClone(event));
      const what = event.triggerSource.replace('CustomMessage_', '');
      const who = event.request.usernameParameter ? ` as ${event.request.usernameParameter}` : '';
      event.response.emailSubject = `Acme: ${what}`;
      event.response.emailMessage = `<p>${what}${who}: ${event.request.codeParameter}</p>`;
      event.response.smsMessage = `Acme ${what}${who}: ${event.request.codeParameter}`;
      return event;
    },
  };
}

describe('CustomMessage', () => {
  it('writes the text and subject of sign-up, resend, forgot-password and attribute messages', async () => {
    const log: Out[] = [];
    const pool = await createLocalUserPool({ triggers: branded(log) });
    const send = call(pool.cognito);
    await send('SignUp', {
      ClientId: pool.clientId, Username: 'sam', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'sam@example.com' }], ClientMetadata: { lang: 'en' },
    });
    await send('ResendConfirmationCode', { ClientId: pool.clientId, Username: 'sam' });
    await send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'sam', ConfirmationCode: pool.lastCode('sam', 'ResendCode') });
    await send('ForgotPassword', { ClientId: pool.clientId, Username: 'sam' });
    const signedIn = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'sam', PASSWORD } });
    const AccessToken = signedIn.AuthenticationResult.AccessToken;
    await send('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'email', Value: 'sam@example.org' }] });
    await send('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'email' });

    const messages = pool.messages();
    expect(messages.map((m) => [m.purpose, m.subject, m.message])).toEqual([
      ['SignUp', 'Acme: SignUp', `<p>SignUp: ${messages[0]!.code}</p>`],
      ['ResendCode', 'Acme: ResendCode', `<p>ResendCode: ${messages[1]!.code}</p>`],
      ['ForgotPassword', 'Acme: ForgotPassword', `<p>ForgotPassword: ${messages[2]!.code}</p>`],
      ['UpdateUserAttribute', 'Acme: UpdateUserAttribute', `<p>UpdateUserAttribute: ${messages[3]!.code}</p>`],
      ['UpdateUserAttribute', 'Acme: VerifyUserAttribute', `<p>VerifyUserAttribute: ${messages[4]!.code}</p>`],
    ]);
    expect(log[0]).toEqual({
      version: '1',
      triggerSource: 'CustomMessage_SignUp',
      region: 'us-east-1',
      userPoolId: pool.userPoolId,
      userName: 'sam',
      callerContext: { awsSdkVersion: expect.any(String), clientId: pool.clientId },
      request: {
        userAttributes: expect.objectContaining({ email: 'sam@example.com', 'cognito:user_status': 'UNCONFIRMED' }),
        codeParameter: '{####}',
        usernameParameter: null,
        clientMetadata: { lang: 'en' },
      },
      response: { smsMessage: null, emailMessage: null, emailSubject: null },
    });
  });

  it('shapes the AdminCreateUser invitation, which must name {username} and {####}', async () => {
    const pool = await createLocalUserPool({ triggers: branded([]) });
    await pool.admin.createUser('ana', { attributes: [{ Name: 'phone_number', Value: '+15550100' }], temporaryPassword: 'Temp-passw0rd' });
    expect(pool.messages().at(-1)).toMatchObject({ medium: 'SMS', message: 'Acme AdminCreateUser as ana: Temp-passw0rd' });
    expect(pool.messages().at(-1)).not.toHaveProperty('subject');

    const strict = await createLocalUserPool({
      triggers: {
        CustomMessage: async (event) => {
          event.response.smsMessage = `Your password is ${event.request.codeParameter}`;
          return event;
        },
      },
    });
    await expectError(
      strict.admin.createUser('bo', { attributes: [{ Name: 'phone_number', Value: '+15550101' }] }),
      'InvalidLambdaResponseException',
      /\{username\}/,
    );
  });

  it('an empty answer keeps the pool message; a throw fails the call with UserLambdaValidationException over HTTP', async () => {
    const quiet = await createLocalUserPool({ triggers: { CustomMessage: async (event) => event } });
    await call(quiet.cognito)('SignUp', { ClientId: quiet.clientId, Username: 'kit', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'kit@example.com' }] });
    expect(quiet.messages().at(-1)).not.toHaveProperty('message');

    const server = await startLocalCognito({
      triggers: {
        CustomMessage: async () => {
          throw new Error('Template missing');
        },
      },
    });
    const sdk = sdkClientFor(server.endpoint);
    try {
      const pool = await createLocalUserPool({ cognito: server.cognito });
      await pool.admin.createUser('pat', { attributes: [{ Name: 'email', Value: 'pat@example.com' }, { Name: 'email_verified', Value: 'true' }], suppress: true });
      await pool.admin.setPassword('pat', PASSWORD, true);
      await expectError(
        sdk.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: 'pat' })),
        'UserLambdaValidationException',
        'CustomMessage failed with error Template missing.',
      );
    } finally {
      sdk.destroy();
      await server.close();
    }
  });
});
