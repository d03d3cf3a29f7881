import {
  AdminSetUserMFAPreferenceCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomMessageEvent, LocalTriggers, UserMigrationEvent } from '../src/triggers.js';
import { expectError, type Out } from './helpers.js';
import { PASSWORD, startHarness, type Harness } from './sdk-harness.js';

const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' };
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function smsMfaPool(triggers: LocalTriggers) {
  h = await startHarness({ triggers });
  const { userPoolId, clientId } = await h.pool({ MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS });
  await h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsConfiguration: SMS } }));
  await h.user(userPoolId, 'kim', { phone_number: '+14325551212', email: 'kim@example.com' });
  await h.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: userPoolId, Username: 'kim', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
  return { harness: h, userPoolId, clientId };
}

describe('CustomMessage_Authentication over HTTP', () => {
  it('the trigger writes the SMS MFA message, and the code in it signs in', async () => {
    const log: Out[] = [];
    const { harness, clientId } = await smsMfaPool({
      CustomMessage: async (event: CustomMessageEvent) => {
        log.push(structuredClone(event));
        event.response.smsMessage = `Acme sign-in code: ${event.request.codeParameter}`;
        return event;
      },
    });
    const challenge = await harness.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'kim', PASSWORD }, ClientMetadata: { lang: 'en' } }));
    expect(challenge.ChallengeName).toBe('SMS_MFA');
    const sent = harness.server.messages().at(-1)!;
    expect(sent).toMatchObject({ purpose: 'Authentication', medium: 'SMS', destination: '+14325551212', message: `Acme sign-in code: ${sent.code}` });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      triggerSource: 'CustomMessage_Authentication',
      userName: 'kim',
      callerContext: { clientId },
      request: { codeParameter: '{####}', usernameParameter: null, userAttributes: expect.objectContaining({ phone_number: '+14325551212' }) },
    });
    // InitiateAuth's ClientMetadata does not reach CustomMessage.
    expect(log[0]!.request.clientMetadata).toEqual({});
    const out = await harness.sdk.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'SMS_MFA', Session: challenge.Session, ChallengeResponses: { USERNAME: 'kim', SMS_MFA_CODE: sent.code },
    }));
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('a message without {####} is an invalid Lambda response; a throw is UserLambdaValidationException', async () => {
    const { harness, clientId } = await smsMfaPool({
      CustomMessage: async (event: CustomMessageEvent) => {
        event.response.smsMessage = 'no code here';
        return event;
      },
    });
    await expectError(
      harness.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'kim', PASSWORD } })),
      'InvalidLambdaResponseException',
      /\{####\}/,
    );
    await harness.close();
    h = undefined;
    const again = await smsMfaPool({ CustomMessage: async () => { throw new Error('down'); } });
    await expectError(
      again.harness.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: again.clientId, AuthParameters: { USERNAME: 'kim', PASSWORD } })),
      'UserLambdaValidationException',
      'CustomMessage failed with error down.',
    );
  });
});

const LEGACY = { username: 'lee', password: 'old-Secret1' };

function migration(response: Partial<UserMigrationEvent['response']>): LocalTriggers {
  return {
    UserMigration: async (event: UserMigrationEvent) => {
      if (event.userName !== LEGACY.username || event.request.password !== LEGACY.password) throw new Error('Bad password');
      event.response.userAttributes = { email: 'lee@example.com', email_verified: 'true', phone_number: '+15550100', phone_number_verified: 'true' };
      event.response.finalUserStatus = 'CONFIRMED';
      Object.assign(event.response, response);
      return event;
    },
  };
}

async function migrate(response: Partial<UserMigrationEvent['response']>) {
  h = await startHarness({ triggers: migration(response) });
  const { clientId } = await h.pool();
  lastClientId = clientId;
  return signIn(clientId);
}
let lastClientId = '';

function signIn(clientId: string) {
  return h!.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: LEGACY.username, PASSWORD: LEGACY.password } }));
}

describe('the UserMigration welcome message over HTTP', () => {
  it('is sent by SMS when messageAction is left out, once: the next sign-in finds the user', async () => {
    const out = await migrate({});
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    const messages = h!.server.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ username: 'lee', purpose: 'UserMigration', medium: 'SMS', destination: '+15550100', code: '' });
    expect(messages[0]!.message).toContain('lee');
    const again = await signIn(lastClientId);
    expect(again.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(h!.server.messages()).toHaveLength(1);
  });

  it('goes by the desiredDeliveryMediums', async () => {
    await migrate({ messageAction: 'RESEND', desiredDeliveryMediums: ['EMAIL', 'SMS'] });
    expect(h!.server.messages().map((m) => [m.purpose, m.medium, m.destination])).toEqual([
      ['UserMigration', 'EMAIL', 'lee@example.com'],
      ['UserMigration', 'SMS', '+15550100'],
    ]);
  });

  it('is not sent with SUPPRESS', async () => {
    await migrate({ messageAction: 'SUPPRESS' });
    expect(h!.server.messages()).toEqual([]);
  });

  it('refuses an unknown messageAction or medium as an invalid Lambda response, and sends nothing', async () => {
    await expectError(migrate({ messageAction: 'SHOUT' as never }), 'InvalidLambdaResponseException', /messageAction/);
    await h!.close();
    h = undefined;
    await expectError(migrate({ desiredDeliveryMediums: ['PIGEON' as never] }), 'InvalidLambdaResponseException', /desiredDeliveryMediums/);
    expect(h!.server.messages()).toEqual([]);
  });
});
