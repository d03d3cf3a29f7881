/**
 * The local user pool forgets what has expired: tokens, sessions, codes, revocations, sign-out marks, attempt-limit
 * windows, lockouts and outbox messages leave memory when their life ends by the pool's clock — so moving the clock
 * frees them too. Deterministic: the pool's own record counts, not heap sizes (bench/soak.ts measures the heap).
 */
import { describe, expect, it } from 'vitest';
import { createLocalUserPool, manualClock, type LocalUserPool, type RecordCounts } from '@cognito-auth-machine/local-pool';
import { startSrp } from 'cognito-auth-machine/protocol';

const PASSWORD = 'Passw0rd!';
const DAY = 24 * 60 * 60_000;
type Json = Record<string, any>;

async function setup() {
  const clock = manualClock(Date.now());
  const pool = await createLocalUserPool({
    clock,
    pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns' } },
  });
  const send = (operation: string, input: Json) => pool.cognito.send(operation, input) as Promise<Json>;
  const attempt = (operation: string, input: Json) => send(operation, input).catch((error: Error) => ({ error: error.name, message: error.message }) as Json);
  return { clock, pool, send, attempt };
}

async function addUser(pool: LocalUserPool, username: string, phone?: string): Promise<void> {
  await pool.admin.createUser(username, {
    suppress: true,
    attributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'email_verified', Value: 'true' },
      ...(phone ? [{ Name: 'phone_number', Value: phone }] : []),
    ],
  });
  await pool.admin.setPassword(username, PASSWORD, true);
}

function nonZero(counts: RecordCounts): string[] {
  return Object.entries(counts).filter(([, n]) => n > 0).map(([name]) => name);
}

describe('records leave memory when their life ends', () => {
  it('after many sign-ins and every kind of record, a clock move past the refresh-token life leaves none', async () => {
    const { clock, pool, send, attempt } = await setup();
    for (let i = 0; i < 20; i++) await addUser(pool, `user${i}`);
    await addUser(pool, 'sms', '+14325550199');
    await pool.admin.setMfaPreference('sms', { sms: { Enabled: true, PreferredMfa: true } });
    const signIn = (USERNAME: string, PASSWORD_ = PASSWORD) =>
      attempt('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME, PASSWORD: PASSWORD_ } });

    // 400 sign-ins: access and refresh tokens.
    const results: Json[] = [];
    for (let i = 0; i < 400; i++) results.push(await signIn(`user${i % 20}`));
    const first = results[0]!.AuthenticationResult;
    // Refreshes, a revocation, a global sign-out.
    await send('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: first.RefreshToken });
    await send('RevokeToken', { ClientId: pool.clientId, Token: results[1]!.AuthenticationResult.RefreshToken });
    await send('GlobalSignOut', { AccessToken: results[2]!.AuthenticationResult.AccessToken });
    // Sessions: SRP challenges left open, SMS challenges answered and not.
    for (let i = 0; i < 10; i++) {
      const srp = await startSrp();
      await send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: `user${i}`, SRP_A: srp.srpA } });
    }
    const sms = await signIn('sms');
    expect(sms.ChallengeName).toBe('SMS_MFA');
    await send('RespondToAuthChallenge', {
      ClientId: pool.clientId, ChallengeName: 'SMS_MFA', Session: sms.Session,
      ChallengeResponses: { USERNAME: 'sms', SMS_MFA_CODE: pool.lastCode('sms', 'Authentication')! },
    });
    const openSms = await signIn('sms');
    // Codes: sign-ups waiting for confirmation, a forgotten password, an attribute to verify.
    for (let i = 0; i < 5; i++) {
      await send('SignUp', { ClientId: pool.clientId, Username: `new${i}`, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `new${i}@example.com` }] });
    }
    await send('ForgotPassword', { ClientId: pool.clientId, Username: 'user3' });
    await send('GetUserAttributeVerificationCode', { AccessToken: results[5]!.AuthenticationResult.AccessToken, AttributeName: 'email' });
    // Attempt-limit windows and lockouts.
    await attempt('ConfirmSignUp', { ClientId: pool.clientId, Username: 'new0', ConfirmationCode: '000000x' });
    for (let i = 0; i < 7; i++) await signIn('user4', 'Wrong-Pass1');

    const before = pool.cognito.recordCounts();
    expect(nonZero(before).sort()).toEqual(
      ['accessTokens', 'attemptWindows', 'lockouts', 'messages', 'pendingCodes', 'refreshTokens', 'revokedOrigins', 'sessions', 'signOutMarks'].sort(),
    );
    expect(before.accessTokens).toBeGreaterThanOrEqual(400);
    expect(before.refreshTokens).toBeGreaterThanOrEqual(400);

    // 30 days of refresh-token life, plus the day an access token minted at its end may live.
    clock.advance(31 * DAY + 60_000);
    // The next request sweeps (lazily, driven by the clock): nothing of the above is left.
    const stale = await attempt('GetUser', { AccessToken: first.AccessToken });
    expect(stale).toMatchObject({ error: 'NotAuthorizedException', message: 'Access Token has expired' });
    expect(pool.cognito.recordCounts()).toEqual({
      sessions: 0, accessTokens: 0, refreshTokens: 0, revokedOrigins: 0, signOutMarks: 0, attemptWindows: 0,
      pendingCodes: 0, lockouts: 0, messages: 0,
    });
    // Forgotten, and still answered as Cognito answers expired values.
    expect(await attempt('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: first.RefreshToken })).toMatchObject({
      error: 'NotAuthorizedException', message: 'Refresh Token has expired',
    });
    expect(await attempt('RespondToAuthChallenge', {
      ClientId: pool.clientId, ChallengeName: 'SMS_MFA', Session: openSms.Session, ChallengeResponses: { USERNAME: 'sms', SMS_MFA_CODE: '123456' },
    })).toMatchObject({ error: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
    expect(await attempt('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: 'local.zzzz.garbage' })).toMatchObject({
      message: 'Invalid Refresh Token',
    });
    // The users themselves stay, and sign in again.
    expect((await signIn('user4')).AuthenticationResult).toBeDefined();
  });

  it('short-lived records go first: sessions after their few minutes, access tokens after their hour', async () => {
    const { clock, pool, send } = await setup();
    await addUser(pool, 'kim');
    for (let i = 0; i < 50; i++) {
      const srp = await startSrp();
      await send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'kim', SRP_A: srp.srpA } });
      await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'kim', PASSWORD } });
    }
    expect(pool.cognito.recordCounts()).toMatchObject({ sessions: 50, accessTokens: 50, refreshTokens: 50 });
    clock.advance(3 * 60_000 + 1);
    pool.cognito.sweep();
    expect(pool.cognito.recordCounts()).toMatchObject({ sessions: 0, accessTokens: 50, refreshTokens: 50 });
    clock.advance(60 * 60_000);
    pool.cognito.sweep();
    expect(pool.cognito.recordCounts()).toMatchObject({ sessions: 0, accessTokens: 0, refreshTokens: 50 });
  });

  it('a spent session keeps nothing but what answers "used once"', async () => {
    const { pool, send } = await setup();
    await addUser(pool, 'lee');
    const srp = await startSrp();
    const first = await send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'lee', SRP_A: srp.srpA } });
    const answer = {
      ClientId: pool.clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: first.Session,
      ChallengeResponses: { USERNAME: 'lee', PASSWORD_CLAIM_SECRET_BLOCK: first.ChallengeParameters.SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE: 'AAAA', TIMESTAMP: 'Tue Mar 5 09:04:07 UTC 2024' },
    };
    await expect(send('RespondToAuthChallenge', answer)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    await expect(send('RespondToAuthChallenge', answer)).rejects.toMatchObject({ message: 'Invalid session for the user, session can only be used once.' });
  });
});
