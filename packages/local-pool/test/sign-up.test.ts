import { describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.js';
import { createLocalUserPool } from '../src/local-user-pool.js';
import { call, expectError } from './helpers.js';

const PASSWORD = 'Passw0rd!';
const HOUR = 3600_000;

describe('sign-up, confirmation and codes', () => {
  it('signs up, delivers a masked code to the outbox and confirms with it', async () => {
    const pool = await createLocalUserPool({
      pool: { Schema: [{ Name: 'favorite_flavor', AttributeDataType: 'String', Mutable: true }] },
    });
    const send = call(pool.cognito);
    const out = await send('SignUp', {
      ClientId: pool.clientId,
      Username: 'alice',
      Password: PASSWORD,
      UserAttributes: [
        { Name: 'email', Value: 'alice@example.com' },
        { Name: 'custom:favorite_flavor', Value: 'mint' },
      ],
    });
    expect(out.UserConfirmed).toBe(false);
    expect(out.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.CodeDeliveryDetails).toEqual({ Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const [message] = pool.messages();
    expect(message).toMatchObject({ username: 'alice', destination: 'alice@example.com', medium: 'EMAIL', purpose: 'SignUp' });
    expect(message!.code).toMatch(/^\d{6}$/);
    await expectError(
      send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
      'UserNotConfirmedException',
    );
    const wrong = message!.code === '000000' ? '111111' : '000000';
    await expectError(
      send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'alice', ConfirmationCode: wrong }),
      'CodeMismatchException',
    );
    expect(await send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'alice', ConfirmationCode: message!.code })).toEqual({});
    await expectError(
      send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'alice', ConfirmationCode: message!.code }),
      'NotAuthorizedException',
      'User cannot be confirmed. Current status is CONFIRMED',
    );
    const user = await pool.admin.getUser('alice');
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    expect(user.UserAttributes).toContainEqual({ Name: 'custom:favorite_flavor', Value: 'mint' });
  });

  it('rejects duplicates, bad attributes, undeclared custom attributes and weak passwords', async () => {
    const pool = await createLocalUserPool({ pool: { Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false } } } });
    const send = call(pool.cognito);
    const base = { ClientId: pool.clientId, Username: 'bob', UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] };
    await expectError(send('SignUp', { ...base, Password: 'Short1a' }), 'InvalidPasswordException', /not long enough/);
    await expectError(send('SignUp', { ...base, Password: 'alllowercase12' }), 'InvalidPasswordException', /uppercase/);
    await expectError(send('SignUp', { ...base, Password: 'NoNumbersHere' }), 'InvalidPasswordException', /numeric/);
    await expectError(
      send('SignUp', { ...base, Password: 'GoodPassword1', UserAttributes: [{ Name: 'phone_number', Value: '555-1234' }] }),
      'InvalidParameterException',
      'Invalid phone number format.',
    );
    await expectError(
      send('SignUp', { ...base, Password: 'GoodPassword1', UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] }),
      'InvalidParameterException',
    );
    await send('SignUp', { ...base, Password: 'GoodPassword1' });
    await expectError(send('SignUp', { ...base, Password: 'GoodPassword1' }), 'UsernameExistsException');
  });

  it('expires sign-up codes after 24 hours and treats superseded codes as expired', async () => {
    const clock = manualClock();
    const pool = await createLocalUserPool({ clock });
    const send = call(pool.cognito);
    await send('SignUp', { ClientId: pool.clientId, Username: 'carol', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }] });
    const first = pool.lastCode('carol')!;
    const resent = await send('ResendConfirmationCode', { ClientId: pool.clientId, Username: 'carol' });
    expect(resent.CodeDeliveryDetails.DeliveryMedium).toBe('EMAIL');
    const second = pool.lastCode('carol', 'ResendCode')!;
    if (first !== second) {
      await expectError(send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'carol', ConfirmationCode: first }), 'ExpiredCodeException');
    }
    clock.advance(24 * HOUR + 1000);
    await expectError(send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'carol', ConfirmationCode: second }), 'ExpiredCodeException');
    await send('ResendConfirmationCode', { ClientId: pool.clientId, Username: 'carol' });
    await send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'carol', ConfirmationCode: pool.lastCode('carol')! });
    await expectError(send('ResendConfirmationCode', { ClientId: pool.clientId, Username: 'carol' }), 'InvalidParameterException');
    await expectError(send('ResendConfirmationCode', { ClientId: pool.clientId, Username: 'nobody' }), 'UserNotFoundException');
  });

  it('moves a verified email alias with ForceAliasCreation and refuses without it', async () => {
    const pool = await createLocalUserPool({ pool: { AliasAttributes: ['email'] } });
    const send = call(pool.cognito);
    const email = [{ Name: 'email', Value: 'shared@example.com' }];
    for (const name of ['first', 'second', 'third']) {
      await send('SignUp', { ClientId: pool.clientId, Username: name, Password: PASSWORD, UserAttributes: email });
    }
    await send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'first', ConfirmationCode: pool.lastCode('first')! });
    // The alias signs in as the first user.
    const signedIn = await send('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'shared@example.com', PASSWORD },
    });
    expect(signedIn.AuthenticationResult.IdToken).toBeTruthy();
    await expectError(
      send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'second', ConfirmationCode: pool.lastCode('second')!, ForceAliasCreation: false }),
      'AliasExistsException',
    );
    expect((await pool.admin.getUser('second')).UserStatus).toBe('UNCONFIRMED');
    await send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'third', ConfirmationCode: pool.lastCode('third')!, ForceAliasCreation: true });
    const moved = await send('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'shared@example.com', PASSWORD },
    });
    expect(JSON.parse(Buffer.from(moved.AuthenticationResult.IdToken.split('.')[1], 'base64url').toString())['cognito:username']).toBe('third');
    expect((await pool.admin.getUser('first')).UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'false' });
    await expectError(
      send('SignUp', { ClientId: pool.clientId, Username: 'x@example.com', Password: PASSWORD }),
      'InvalidParameterException',
      /email format/,
    );
  });

  it('uses a UUID username in email-as-username pools and refuses a second account for the email', async () => {
    const pool = await createLocalUserPool({ pool: { UsernameAttributes: ['email'] } });
    const send = call(pool.cognito);
    const out = await send('SignUp', { ClientId: pool.clientId, Username: 'dana@example.com', Password: PASSWORD });
    const user = await pool.admin.getUser('dana@example.com');
    expect(user.Username).toBe(out.UserSub);
    await expectError(send('SignUp', { ClientId: pool.clientId, Username: 'dana@example.com', Password: PASSWORD }), 'UsernameExistsException');
    await expectError(send('SignUp', { ClientId: pool.clientId, Username: 'not-an-email', Password: PASSWORD }), 'InvalidParameterException');
    await send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'dana@example.com', ConfirmationCode: pool.lastCode('dana@example.com')! });
  });

  it('runs PreSignUp (auto-confirm, failure) and PostConfirmation with Cognito event shapes', async () => {
    const events: Record<string, any>[] = [];
    const pool = await createLocalUserPool({
      triggers: {
        PreSignUp: async (event) => {
          events.push(event);
          if (event.request.validationData.reject) throw new Error('not today');
          if (event.request.userAttributes.email?.endsWith('@trusted.example')) {
            event.response.autoConfirmUser = true;
            event.response.autoVerifyEmail = true;
          }
          return event;
        },
        PostConfirmation: async (event) => {
          events.push(event);
          return event;
        },
      },
    });
    const send = call(pool.cognito);
    const out = await send('SignUp', {
      ClientId: pool.clientId, Username: 'erin', Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'erin@trusted.example' }], ClientMetadata: { source: 'test' },
    });
    expect(out.UserConfirmed).toBe(true);
    expect(out.CodeDeliveryDetails).toBeUndefined();
    expect(events[0]).toMatchObject({
      version: '1', triggerSource: 'PreSignUp_SignUp', region: 'us-east-1', userPoolId: pool.userPoolId, userName: 'erin',
      callerContext: { clientId: pool.clientId },
      request: { userAttributes: { email: 'erin@trusted.example', 'cognito:user_status': 'UNCONFIRMED' }, clientMetadata: { source: 'test' } },
    });
    expect(events[1]).toMatchObject({ triggerSource: 'PostConfirmation_ConfirmSignUp', request: { userAttributes: { 'cognito:user_status': 'CONFIRMED' } } });
    await expectError(
      send('SignUp', { ClientId: pool.clientId, Username: 'frank', Password: PASSWORD, ValidationData: [{ Name: 'reject', Value: 'yes' }] }),
      'UserLambdaValidationException',
      'PreSignUp failed with error not today.',
    );
    await expectError(pool.admin.getUser('frank'), 'UserNotFoundException');
  });

  it('resets a forgotten password with a one-hour code', async () => {
    const clock = manualClock();
    const pool = await createLocalUserPool({ clock });
    const send = call(pool.cognito);
    await send('SignUp', { ClientId: pool.clientId, Username: 'gina', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'gina@example.com' }] });
    await expectError(send('ForgotPassword', { ClientId: pool.clientId, Username: 'gina' }), 'InvalidParameterException', /no registered\/verified/);
    await send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'gina', ConfirmationCode: pool.lastCode('gina')! });
    const out = await send('ForgotPassword', { ClientId: pool.clientId, Username: 'gina' });
    expect(out.CodeDeliveryDetails).toEqual({ Destination: 'g***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const code = pool.lastCode('gina', 'ForgotPassword')!;
    await expectError(
      send('ConfirmForgotPassword', { ClientId: pool.clientId, Username: 'gina', ConfirmationCode: code === '123456' ? '654321' : '123456', Password: 'N3w-Password' }),
      'CodeMismatchException',
    );
    await expectError(
      send('ConfirmForgotPassword', { ClientId: pool.clientId, Username: 'gina', ConfirmationCode: code, Password: 'weak' }),
      'InvalidPasswordException',
    );
    clock.advance(HOUR + 1);
    await expectError(
      send('ConfirmForgotPassword', { ClientId: pool.clientId, Username: 'gina', ConfirmationCode: code, Password: 'N3w-Password' }),
      'ExpiredCodeException',
    );
    await send('ForgotPassword', { ClientId: pool.clientId, Username: 'gina' });
    await send('ConfirmForgotPassword', {
      ClientId: pool.clientId, Username: 'gina', ConfirmationCode: pool.lastCode('gina', 'ForgotPassword')!, Password: 'N3w-Password',
    });
    await expectError(
      send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'gina', PASSWORD } }),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    const ok = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'gina', PASSWORD: 'N3w-Password' } });
    expect(ok.AuthenticationResult.AccessToken).toBeTruthy();
    await expectError(send('ForgotPassword', { ClientId: pool.clientId, Username: 'nobody' }), 'UserNotFoundException');
  });
});
