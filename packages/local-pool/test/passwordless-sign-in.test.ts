import {
  AdminInitiateAuthCommand,
  AdminSetUserMFAPreferenceCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  type AuthFactorType,
} from '@aws-sdk/client-cognito-identity-provider';
import { poolNameOf, startSrp } from 'cognito-auth-machine/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './helpers.js';
import { PASSWORD, startHarness, type Harness } from './sdk-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const VERIFIED_EMAIL = (name: string) => ({ email: `${name}@example.com`, email_verified: 'true' });
const VERIFIED_PHONE = { phone_number: '+14325551212', phone_number_verified: 'true' };

async function passwordlessPool(factors: AuthFactorType[] = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'], flows = ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']) {
  return h.pool({ AutoVerifiedAttributes: ['email'], Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } } }, { ExplicitAuthFlows: flows as never });
}

function lastCode(username: string): string {
  const message = h.server.messages().filter((m) => m.username === username).at(-1);
  if (!message) throw new Error(`no message for ${username}`);
  return message.code;
}

function userAuth(clientId: string, username: string, extra: Record<string, string> = {}, Session?: string) {
  return h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, ...extra }, ...(Session ? { Session } : {}) }));
}

function respond(clientId: string, ChallengeName: string, Session: string | undefined, ChallengeResponses: Record<string, string>) {
  return h.sdk.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: ChallengeName as never, Session, ChallengeResponses }));
}

const wrongOf = (code: string) => (code === '00000000' ? '11111111' : '00000000');

describe('USER_AUTH sign-in', () => {
  it('EMAIL_OTP: an 8-digit code in the outbox with the pool message, spent once; wrong codes end the session', async () => {
    const { userPoolId, clientId } = await passwordlessPool();
    await h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, EmailMfaConfiguration: { Message: 'Code: {####}', Subject: 'Hi' } }));
    await h.user(userPoolId, 'eve', VERIFIED_EMAIL('eve'));
    const challenge = await userAuth(clientId, 'eve', { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(challenge.ChallengeName).toBe('EMAIL_OTP');
    expect(challenge.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'e***@e***' });
    const code = lastCode('eve');
    expect(code).toMatch(/^\d{8}$/);
    expect(h.server.messages().at(-1)).toMatchObject({ medium: 'EMAIL', destination: 'eve@example.com', message: `Code: ${code}`, subject: 'Hi' });
    await expectError(respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'eve', EMAIL_OTP_CODE: wrongOf(code) }), 'CodeMismatchException');
    const out = await respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'eve', EMAIL_OTP_CODE: code });
    expect(out.AuthenticationResult!.AccessToken).toBeTruthy();
    await expectError(respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'eve', EMAIL_OTP_CODE: code }), 'NotAuthorizedException', /only be used once/);

    const again = await userAuth(clientId, 'eve', { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const next = lastCode('eve');
    for (let i = 0; i < 3; i++) {
      await expectError(respond(clientId, 'EMAIL_OTP', again.Session, { USERNAME: 'eve', EMAIL_OTP_CODE: wrongOf(next) }), 'CodeMismatchException');
    }
    await expectError(respond(clientId, 'EMAIL_OTP', again.Session, { USERNAME: 'eve', EMAIL_OTP_CODE: next }), 'NotAuthorizedException');
  });

  it('SMS_OTP: code to the verified phone, answered with SMS_OTP_CODE; concurrent answers: one wins', async () => {
    const { userPoolId, clientId } = await passwordlessPool();
    await h.user(userPoolId, 'sam', VERIFIED_PHONE);
    const challenge = await userAuth(clientId, 'sam', { PREFERRED_CHALLENGE: 'SMS_OTP' });
    expect(challenge.ChallengeName).toBe('SMS_OTP');
    expect(challenge.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1212' });
    const code = lastCode('sam');
    const results = await Promise.allSettled([1, 2, 3].map(() => respond(clientId, 'SMS_OTP', challenge.Session, { USERNAME: 'sam', SMS_OTP_CODE: code })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('PASSWORD and PASSWORD_SRP inside USER_AUTH, with no password flows on the client', async () => {
    const { userPoolId, clientId } = await passwordlessPool();
    await h.user(userPoolId, 'pat', VERIFIED_EMAIL('pat'));
    const direct = await userAuth(clientId, 'pat', { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    expect(direct.AuthenticationResult!.IdToken).toBeTruthy();
    await expectError(userAuth(clientId, 'pat', { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Wrong0ne!' }), 'NotAuthorizedException');
    await expectError(
      h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'pat', PASSWORD } })),
      'InvalidParameterException', /not enabled/,
    );
    const srp = await startSrp();
    const verifier = await userAuth(clientId, 'pat', { PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srp.srpA });
    expect(verifier.ChallengeName).toBe('PASSWORD_VERIFIER');
    const p = verifier.ChallengeParameters!;
    const proof = await srp.respond({
      poolName: poolNameOf(userPoolId), userIdForSrp: p.USER_ID_FOR_SRP!, password: PASSWORD, salt: p.SALT!, srpB: p.SRP_B!, secretBlock: p.SECRET_BLOCK!,
    });
    const out = await respond(clientId, 'PASSWORD_VERIFIER', verifier.Session, {
      USERNAME: 'pat', PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, PASSWORD_CLAIM_SIGNATURE: proof.signature, TIMESTAMP: proof.timestamp,
    });
    expect(out.AuthenticationResult!.AccessToken).toBeTruthy();
  });

  it('SELECT_CHALLENGE lists what the user has; the answer starts it; an unavailable answer is refused', async () => {
    const { userPoolId, clientId } = await passwordlessPool();
    await h.user(userPoolId, 'sel', VERIFIED_EMAIL('sel'));
    const select = await userAuth(clientId, 'sel');
    expect(select.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(select.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
    await expectError(respond(clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'sel', ANSWER: 'SMS_OTP' }), 'InvalidParameterException');
    const otp = await respond(clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'sel', ANSWER: 'EMAIL_OTP' });
    expect(otp.ChallengeName).toBe('EMAIL_OTP');
    await expectError(respond(clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'sel', ANSWER: 'EMAIL_OTP' }), 'NotAuthorizedException', /only be used once/);
    const signedIn = await respond(clientId, 'EMAIL_OTP', otp.Session, { USERNAME: 'sel', EMAIL_OTP_CODE: lastCode('sel') });
    expect(signedIn.AuthenticationResult!.AccessToken).toBeTruthy();
    const inline = await respond(clientId, 'SELECT_CHALLENGE', (await userAuth(clientId, 'sel')).Session, { USERNAME: 'sel', ANSWER: 'PASSWORD', PASSWORD });
    expect(inline.AuthenticationResult!.AccessToken).toBeTruthy();
  });

  it('refusals: flow not on the client, factor not allowed by the pool, no verified address', async () => {
    const closed = await passwordlessPool(['PASSWORD', 'EMAIL_OTP'], ['ALLOW_USER_SRP_AUTH']);
    await h.user(closed.userPoolId, 'nope', VERIFIED_EMAIL('nope'));
    await expectError(userAuth(closed.clientId, 'nope', { PREFERRED_CHALLENGE: 'EMAIL_OTP' }), 'InvalidParameterException', 'USER_AUTH flow not enabled for this client');

    const open0 = await passwordlessPool();
    await h.user(open0.userPoolId, 'typo', VERIFIED_EMAIL('typo'));
    await expectError(userAuth(open0.clientId, 'typo', { PREFERRED_CHALLENGE: 'EMAIL' }), 'InvalidParameterException', /PREFERRED_CHALLENGE/);

    const passwordOnly = await passwordlessPool(['PASSWORD']);
    await h.user(passwordOnly.userPoolId, 'po', VERIFIED_EMAIL('po'));
    const select = await userAuth(passwordOnly.clientId, 'po', { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(select.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(select.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    await expectError(respond(passwordOnly.clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'po', ANSWER: 'EMAIL_OTP' }), 'InvalidParameterException');

    const open = await passwordlessPool();
    await h.user(open.userPoolId, 'unverified', { email: 'u@example.com', phone_number: '+14325550000' });
    const choices = await userAuth(open.clientId, 'unverified', { PREFERRED_CHALLENGE: 'SMS_OTP' });
    expect(choices.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    expect(h.server.messages().filter((m) => m.username === 'unverified')).toHaveLength(0);
  });

  it('AdminInitiateAuth takes USER_AUTH too', async () => {
    const { userPoolId, clientId } = await passwordlessPool();
    await h.user(userPoolId, 'adm', VERIFIED_EMAIL('adm'));
    const out = await h.sdk.send(new AdminInitiateAuthCommand({
      UserPoolId: userPoolId, ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'adm', PREFERRED_CHALLENGE: 'EMAIL_OTP' },
    }));
    expect(out.ChallengeName).toBe('EMAIL_OTP');
  });
});

describe('email MFA', () => {
  it('EMAIL_OTP after a password, with SetUserMFAPreference EmailMfaSettings', async () => {
    const { userPoolId, clientId } = await h.pool();
    await h.sdk.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: userPoolId, MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Message: 'MFA {####}' }, SoftwareTokenMfaConfiguration: { Enabled: true },
    }));
    await h.user(userPoolId, 'mia', VERIFIED_EMAIL('mia'));
    const first = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'mia', PASSWORD } }));
    const AccessToken = first.AuthenticationResult!.AccessToken!;
    await h.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));
    expect(await h.sdk.send(new GetUserCommand({ AccessToken }))).toMatchObject({ PreferredMfaSetting: 'EMAIL_OTP', UserMFASettingList: ['EMAIL_OTP'] });
    const mfa = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'mia', PASSWORD } }));
    expect(mfa.ChallengeName).toBe('EMAIL_OTP');
    const code = lastCode('mia');
    await expectError(respond(clientId, 'EMAIL_OTP', mfa.Session, { USERNAME: 'mia', EMAIL_OTP_CODE: wrongOf(code) }), 'CodeMismatchException');
    const out = await respond(clientId, 'EMAIL_OTP', mfa.Session, { USERNAME: 'mia', EMAIL_OTP_CODE: code });
    expect(out.AuthenticationResult!.AccessToken).toBeTruthy();

    // Only one factor may be preferred.
    await expectError(
      h.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: userPoolId, Username: 'mia', EmailMfaSettings: { PreferredMfa: true }, SoftwareTokenMfaSettings: { PreferredMfa: true } })),
      'InvalidParameterException',
    );
  });

  it('MFA ON with only email MFA: a user with a verified email gets EMAIL_OTP; MFA_SETUP offers EMAIL_OTP to others and sets it up with EMAIL', async () => {
    const { userPoolId, clientId } = await h.pool();
    await h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, MfaConfiguration: 'ON', EmailMfaConfiguration: {}, SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await h.user(userPoolId, 'on', VERIFIED_EMAIL('on'));
    const mfa = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'on', PASSWORD } }));
    expect(mfa.ChallengeName).toBe('EMAIL_OTP');
    expect(lastCode('on')).toMatch(/^\d{8}$/);
    await h.user(userPoolId, 'bare');
    const setup = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'bare', PASSWORD } }));
    expect(setup.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(setup.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
    await expectError(respond(clientId, 'MFA_SETUP', setup.Session, { USERNAME: 'bare', EMAIL: 'not-an-address' }), 'InvalidParameterException');
    const email = await respond(clientId, 'MFA_SETUP', setup.Session, { USERNAME: 'bare', EMAIL: 'bare@example.com' });
    expect(email.ChallengeName).toBe('EMAIL_OTP');
    expect(email.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'b***@e***' });
    expect(h.server.messages().at(-1)).toMatchObject({ username: 'bare', destination: 'bare@example.com' });
    const out = await respond(clientId, 'EMAIL_OTP', email.Session, { USERNAME: 'bare', EMAIL_OTP_CODE: lastCode('bare') });
    const me = await h.sdk.send(new GetUserCommand({ AccessToken: out.AuthenticationResult!.AccessToken! }));
    expect(me).toMatchObject({ PreferredMfaSetting: 'EMAIL_OTP', UserMFASettingList: ['EMAIL_OTP'] });
    expect(me.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
  });

  it('SELECT_MFA_TYPE offers EMAIL_OTP beside SMS_MFA and answering it sends the email code', async () => {
    const { userPoolId, clientId } = await h.pool({ MfaConfiguration: 'OPTIONAL', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' } });
    await h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, EmailMfaConfiguration: {} }));
    await h.user(userPoolId, 'two', { ...VERIFIED_EMAIL('two'), ...VERIFIED_PHONE });
    await h.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: userPoolId, Username: 'two', EmailMfaSettings: { Enabled: true }, SMSMfaSettings: { Enabled: true } }));
    const select = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'two', PASSWORD } }));
    expect(select.ChallengeName).toBe('SELECT_MFA_TYPE');
    expect(JSON.parse(select.ChallengeParameters!.MFAS_CAN_CHOOSE!)).toEqual(['SMS_MFA', 'EMAIL_OTP']);
    const email = await respond(clientId, 'SELECT_MFA_TYPE', select.Session, { USERNAME: 'two', ANSWER: 'EMAIL_OTP' });
    expect(email.ChallengeName).toBe('EMAIL_OTP');
    expect(h.server.messages().at(-1)).toMatchObject({ medium: 'EMAIL', username: 'two' });
    const out = await respond(clientId, 'EMAIL_OTP', email.Session, { USERNAME: 'two', EMAIL_OTP_CODE: lastCode('two') });
    expect(out.AuthenticationResult!.AccessToken).toBeTruthy();
  });
});
