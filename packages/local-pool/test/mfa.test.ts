import { describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.js';
import { createLocalCognito } from '../src/local-cognito.js';
import { createLocalUserPool } from '../src/local-user-pool.js';
import { totpCode } from '../src/totp.js';
import { call, expectError, srpSignIn, type Out } from './helpers.js';

const PASSWORD = 'Passw0rd!';
const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' };

async function mfaPool(mfaConfiguration: 'ON' | 'OPTIONAL', clock = manualClock()) {
  const pool = await createLocalUserPool({
    clock,
    pool: { MfaConfiguration: mfaConfiguration, SmsConfiguration: SMS },
    mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } },
  });
  return { pool, clock, send: call(pool.cognito) };
}

async function addUser(pool: Awaited<ReturnType<typeof createLocalUserPool>>, username: string, phone?: string) {
  await pool.admin.createUser(username, {
    attributes: [{ Name: 'email', Value: `${username}@example.com` }, ...(phone ? [{ Name: 'phone_number', Value: phone }] : [])],
    suppress: true,
  });
  await pool.admin.setPassword(username, PASSWORD, true);
}

function passwordAuth(send: (op: string, input: Record<string, unknown>) => Promise<Out>, clientId: string, username: string) {
  return send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD } });
}

describe('MFA', () => {
  it('SMS_MFA: masked destination, code in the outbox, a wrong code keeps the session, the right one signs in', async () => {
    const { pool, send } = await mfaPool('OPTIONAL');
    await addUser(pool, 'kim', '+14325551212');
    await pool.admin.setMfaPreference('kim', { sms: { Enabled: true, PreferredMfa: true } });
    const challenge = await passwordAuth(send, pool.clientId, 'kim');
    expect(challenge.ChallengeName).toBe('SMS_MFA');
    expect(challenge.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1212' });
    const code = pool.lastCode('kim', 'Authentication')!;
    expect(pool.messages().at(-1)).toMatchObject({ medium: 'SMS', destination: '+14325551212' });
    const respond = (SMS_MFA_CODE: string) =>
      send('RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'SMS_MFA', Session: challenge.Session, ChallengeResponses: { USERNAME: 'kim', SMS_MFA_CODE } });
    await expectError(respond(code === '000000' ? '111111' : '000000'), 'CodeMismatchException', 'Invalid code or auth state for the user.');
    const out = await respond(code);
    expect(out.AuthenticationResult.AccessToken).toBeTruthy();
    await expectError(respond(code), 'NotAuthorizedException', /only be used once/);
  });

  it('SMS_MFA: attempts are limited and the code dies with the session', async () => {
    const { pool, send, clock } = await mfaPool('ON');
    await addUser(pool, 'lee', '+14325550000');
    const challenge = await passwordAuth(send, pool.clientId, 'lee');
    expect(challenge.ChallengeName).toBe('SMS_MFA');
    const code = pool.lastCode('lee', 'Authentication')!;
    const respond = (Session: string, SMS_MFA_CODE: string) =>
      send('RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'SMS_MFA', Session, ChallengeResponses: { USERNAME: 'lee', SMS_MFA_CODE } });
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) await expectError(respond(challenge.Session, wrong), 'CodeMismatchException');
    await expectError(respond(challenge.Session, code), 'NotAuthorizedException');
    const again = await passwordAuth(send, pool.clientId, 'lee');
    clock.advance(3 * 60_000 + 1);
    await expectError(respond(again.Session, pool.lastCode('lee', 'Authentication')!), 'NotAuthorizedException', /expired/);
  });

  it('TOTP: associate and verify with the access token, prefer it, then sign in with SOFTWARE_TOKEN_MFA (SRP)', async () => {
    const { pool, send, clock } = await mfaPool('OPTIONAL', manualClock(Date.now()));
    await addUser(pool, 'max');
    const first = await passwordAuth(send, pool.clientId, 'max');
    const AccessToken = first.AuthenticationResult.AccessToken;
    await expectError(send('SetUserMFAPreference', { AccessToken, SoftwareTokenMfaSettings: { Enabled: true } }), 'InvalidParameterException');
    await expectError(send('VerifySoftwareToken', { AccessToken, UserCode: '123456' }), 'SoftwareTokenMFANotFoundException');
    const { SecretCode } = await send('AssociateSoftwareToken', { AccessToken });
    expect(SecretCode).toMatch(/^[A-Z2-7]{16,}$/);
    const bad = totpCode(SecretCode, clock.now() + 10 * 60_000);
    await expectError(send('VerifySoftwareToken', { AccessToken, UserCode: bad }), 'EnableSoftwareTokenMFAException');
    expect(await send('VerifySoftwareToken', { AccessToken, UserCode: totpCode(SecretCode, clock.now()), FriendlyDeviceName: 'phone' })).toEqual({ Status: 'SUCCESS' });
    await send('SetUserMFAPreference', { AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
    const me = await send('GetUser', { AccessToken });
    expect(me).toMatchObject({ PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    const challenge = await srpSignIn(send, { userPoolId: pool.userPoolId, clientId: pool.clientId, username: 'max', password: PASSWORD, now: new Date(clock.now()) });
    expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const respond = (code: string) =>
      send('RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: challenge.Session, ChallengeResponses: { USERNAME: 'max', SOFTWARE_TOKEN_MFA_CODE: code } });
    await expectError(respond(bad), 'CodeMismatchException');
    // The previous step's code is still accepted (±1 step).
    const out = await respond(totpCode(SecretCode, clock.now() - 30_000));
    expect(out.AuthenticationResult.IdToken).toBeTruthy();
  });

  it('SELECT_MFA_TYPE with SMS and TOTP enabled and neither preferred', async () => {
    const { pool, send, clock } = await mfaPool('OPTIONAL');
    await addUser(pool, 'ned', '+14325559999');
    const AccessToken = (await passwordAuth(send, pool.clientId, 'ned')).AuthenticationResult.AccessToken;
    const { SecretCode } = await send('AssociateSoftwareToken', { AccessToken });
    // A TOTP code is accepted once (as on Cognito): setup takes the previous step's code.
    await send('VerifySoftwareToken', { AccessToken, UserCode: totpCode(SecretCode, clock.now() - 30_000) });
    await send('SetUserMFAPreference', { AccessToken, SoftwareTokenMfaSettings: { Enabled: true }, SMSMfaSettings: { Enabled: true } });
    const select = await passwordAuth(send, pool.clientId, 'ned');
    expect(select.ChallengeName).toBe('SELECT_MFA_TYPE');
    expect(JSON.parse(select.ChallengeParameters.MFAS_CAN_CHOOSE)).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const chosen = await send('RespondToAuthChallenge', {
      ClientId: pool.clientId, ChallengeName: 'SELECT_MFA_TYPE', Session: select.Session, ChallengeResponses: { USERNAME: 'ned', ANSWER: 'SOFTWARE_TOKEN_MFA' },
    });
    expect(chosen.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const out = await send('RespondToAuthChallenge', {
      ClientId: pool.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: chosen.Session, ChallengeResponses: { USERNAME: 'ned', SOFTWARE_TOKEN_MFA_CODE: totpCode(SecretCode, clock.now()) },
    });
    expect(out.AuthenticationResult).toBeTruthy();
    const select2 = await passwordAuth(send, pool.clientId, 'ned');
    const sms = await send('RespondToAuthChallenge', {
      ClientId: pool.clientId, ChallengeName: 'SELECT_MFA_TYPE', Session: select2.Session, ChallengeResponses: { USERNAME: 'ned', ANSWER: 'SMS_MFA' },
    });
    expect(sms.ChallengeName).toBe('SMS_MFA');
    expect(pool.lastCode('ned', 'Authentication')).toMatch(/^\d{6}$/);
  });

  it('MFA_SETUP when MFA is ON: AssociateSoftwareToken and VerifySoftwareToken by Session, then respond MFA_SETUP', async () => {
    const cognito = createLocalCognito({ clock: manualClock() });
    const pool = await createLocalUserPool({ cognito, mfa: { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } } });
    const send = call(cognito);
    await addUser(pool, 'olga');
    const setup = await passwordAuth(send, pool.clientId, 'olga');
    expect(setup.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(setup.ChallengeParameters.MFAS_CAN_SETUP)).toEqual(['SOFTWARE_TOKEN_MFA']);
    await expectError(
      send('RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'MFA_SETUP', Session: setup.Session, ChallengeResponses: { USERNAME: 'olga' } }),
      'InvalidParameterException',
    );
    const associated = await send('AssociateSoftwareToken', { Session: setup.Session });
    expect(associated.Session).not.toBe(setup.Session);
    await expectError(send('VerifySoftwareToken', { Session: setup.Session, UserCode: '123456' }), 'NotAuthorizedException');
    const verified = await send('VerifySoftwareToken', { Session: associated.Session, UserCode: totpCode(associated.SecretCode, cognito.clock.now()) });
    expect(verified.Status).toBe('SUCCESS');
    const done = await send('RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'MFA_SETUP', Session: verified.Session, ChallengeResponses: { USERNAME: 'olga' } });
    expect(done.AuthenticationResult.AccessToken).toBeTruthy();
    const next = await passwordAuth(send, pool.clientId, 'olga');
    expect(next.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('SetUserPoolMfaConfig and CreateUserPool validate MFA settings', async () => {
    const cognito = createLocalCognito();
    const send = call(cognito);
    await expectError(send('CreateUserPool', { PoolName: 'p', MfaConfiguration: 'ON' }), 'InvalidParameterException');
    await expectError(send('CreateUserPool', { PoolName: 'p', AliasAttributes: ['email'], UsernameAttributes: ['email'] }), 'InvalidParameterException');
    const { UserPool } = await send('CreateUserPool', { PoolName: 'p' });
    expect(UserPool.Id).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    await expectError(send('SetUserPoolMfaConfig', { UserPoolId: UserPool.Id, MfaConfiguration: 'ON' }), 'InvalidParameterException');
    const set = await send('SetUserPoolMfaConfig', { UserPoolId: UserPool.Id, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    expect(set).toMatchObject({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    expect((await send('DescribeUserPool', { UserPoolId: UserPool.Id })).UserPool.MfaConfiguration).toBe('OPTIONAL');
    await expectError(send('DescribeUserPool', { UserPoolId: 'us-east-1_missing00' }), 'ResourceNotFoundException', 'User pool us-east-1_missing00 does not exist.');
  });
});
