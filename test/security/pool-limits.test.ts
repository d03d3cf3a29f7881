/**
 * Cognito's attempt limits in the local user pool. Each operation that checks a code or a password has one, and once
 * it is reached the right answer is refused too, until the limit's window ends (here: until the pool's clock moves
 * past it). Concurrent wrong answers over HTTP meet the limit exactly as one-by-one answers do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { totpCode } from '@cognito-auth-machine/local-pool';
import {
  PASSWORD,
  SMS,
  addUser,
  enableTotp,
  harness,
  passwordSignIn,
  srpChallenge,
  tally,
  wrongCode,
  type Harness,
} from './support.js';

const HOUR = 60 * 60_000;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

function times<T>(n: number, make: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => make(i)));
}

describe('hourly limits on codes: the right code is refused once the limit is reached', () => {
  it('ConfirmSignUp: 15 wrong codes, then the right one is refused until the hour ends (100 concurrent guesses, 15 checked)', async () => {
    h = await harness();
    await h.ok('SignUp', { ClientId: h.pool.clientId, Username: 'cy', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'cy@example.com' }] });
    const code = h.pool.lastCode('cy')!;
    const confirm = (ConfirmationCode: string) => h!.call('ConfirmSignUp', { ClientId: h!.pool.clientId, Username: 'cy', ConfirmationCode });
    const guesses = await times(100, () => confirm(wrongCode(code)));
    expect(tally(guesses)).toEqual({ CodeMismatchException: 15, LimitExceededException: 85 });
    const right = await confirm(code);
    expect(right.error).toBe('LimitExceededException');
    expect(right.message).toBe('Attempt limit exceeded, please try after some time.');
    // A new code does not open a new window: the limit is per user and hour.
    await h.ok('ResendConfirmationCode', { ClientId: h.pool.clientId, Username: 'cy' });
    expect((await confirm(h.pool.lastCode('cy')!)).error).toBe('LimitExceededException');
    h.clock.advance(HOUR);
    expect((await confirm(h.pool.lastCode('cy')!)).error).toBeUndefined();
  });

  it('ConfirmForgotPassword: 5 wrong codes, then the right one is refused until the hour ends', async () => {
    h = await harness();
    await addUser(h, 'flo');
    await h.ok('ForgotPassword', { ClientId: h.pool.clientId, Username: 'flo' });
    const code = h.pool.lastCode('flo', 'ForgotPassword')!;
    const reset = (ConfirmationCode: string) =>
      h!.call('ConfirmForgotPassword', { ClientId: h!.pool.clientId, Username: 'flo', ConfirmationCode, Password: 'Reset-Pass1' });
    expect(tally(await times(40, () => reset(wrongCode(code))))).toEqual({ CodeMismatchException: 5, LimitExceededException: 35 });
    expect((await reset(code)).error).toBe('LimitExceededException');
    await h.ok('ForgotPassword', { ClientId: h.pool.clientId, Username: 'flo' });
    expect((await reset(h.pool.lastCode('flo', 'ForgotPassword')!)).error).toBe('LimitExceededException');
    h.clock.advance(HOUR);
    expect((await reset(h.pool.lastCode('flo', 'ForgotPassword')!)).error).toBeUndefined();
    expect((await passwordSignIn(h, 'flo', 'Reset-Pass1')).error).toBeUndefined();
  });

  it('VerifyUserAttribute: 15 wrong codes, then the right one is refused until the hour ends', async () => {
    h = await harness();
    await addUser(h, 'vic');
    const AccessToken = (await passwordSignIn(h, 'vic')).body.AuthenticationResult.AccessToken;
    await h.ok('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'email' });
    const code = h.pool.lastCode('vic', 'UpdateUserAttribute')!;
    const verify = (Code: string) => h!.call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code });
    expect(tally(await times(60, () => verify(wrongCode(code))))).toEqual({ CodeMismatchException: 15, LimitExceededException: 45 });
    expect((await verify(code)).error).toBe('LimitExceededException');
    h.clock.advance(HOUR);
    // The access token has expired meanwhile (1 hour); a new one, the same code (24 hours).
    const fresh = (await passwordSignIn(h, 'vic')).body.AuthenticationResult.AccessToken;
    expect((await h.call('VerifyUserAttribute', { AccessToken: fresh, AttributeName: 'email', Code: code })).error).toBeUndefined();
  });

  it('ChangePassword: 5 wrong previous passwords, then the right one is refused until the hour ends', async () => {
    h = await harness();
    await addUser(h, 'cole');
    const AccessToken = (await passwordSignIn(h, 'cole')).body.AuthenticationResult.AccessToken;
    const change = (PreviousPassword: string) => h!.call('ChangePassword', { AccessToken, PreviousPassword, ProposedPassword: 'Changed-Pass1' });
    expect(tally(await times(20, () => change('Wrong-Pass1')))).toEqual({ NotAuthorizedException: 5, LimitExceededException: 15 });
    expect((await change(PASSWORD)).error).toBe('LimitExceededException');
    h.clock.advance(HOUR);
    const fresh = (await passwordSignIn(h, 'cole')).body.AuthenticationResult.AccessToken;
    expect((await h.call('ChangePassword', { AccessToken: fresh, PreviousPassword: PASSWORD, ProposedPassword: 'Changed-Pass1' })).error).toBeUndefined();
  });
});

describe('limits per session and per association', () => {
  it('SOFTWARE_TOKEN_MFA: three wrong codes spend the session; the right code is refused with it (SMS_MFA: see pool-one-time-values)', async () => {
    h = await harness({ pool: { pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS }, mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } } } });
    await addUser(h, 'tom');
    const secret = await enableTotp(h, 'tom');
    const challenge = await passwordSignIn(h, 'tom');
    const code = totpCode(secret, h.clock.now());
    const answer = (SOFTWARE_TOKEN_MFA_CODE: string) =>
      h!.call('RespondToAuthChallenge', {
        ClientId: h!.pool.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: challenge.body.Session,
        ChallengeResponses: { USERNAME: 'tom', SOFTWARE_TOKEN_MFA_CODE },
      });
    expect(tally(await times(30, () => answer(wrongCode(code))))).toEqual({ CodeMismatchException: 3, NotAuthorizedException: 27 });
    expect((await answer(code)).error).toBe('NotAuthorizedException');
  });

  it('VerifySoftwareToken: an association takes 5 wrong codes, then is dropped; an MFA_SETUP session takes 3', async () => {
    h = await harness({ pool: { pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS }, mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } } } });
    await addUser(h, 'ada');
    const AccessToken = (await passwordSignIn(h, 'ada')).body.AuthenticationResult.AccessToken;
    const { SecretCode } = await h.ok('AssociateSoftwareToken', { AccessToken });
    const right = totpCode(SecretCode, h.clock.now());
    const verify = (UserCode: string) => h!.call('VerifySoftwareToken', { AccessToken, UserCode });
    expect(tally(await times(20, () => verify(wrongCode(right))))).toEqual({ EnableSoftwareTokenMFAException: 5, SoftwareTokenMFANotFoundException: 15 });
    expect((await verify(right)).error).toBe('SoftwareTokenMFANotFoundException');

    await h.pool.admin.send('SetUserPoolMfaConfig', { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
    await addUser(h, 'ben');
    const setup = await passwordSignIn(h, 'ben');
    expect(setup.body.ChallengeName).toBe('MFA_SETUP');
    const associated = await h.ok('AssociateSoftwareToken', { Session: setup.body.Session });
    const good = totpCode(associated.SecretCode, h.clock.now());
    const bySession = (UserCode: string) => h!.call('VerifySoftwareToken', { Session: associated.Session, UserCode });
    expect(tally(await times(20, () => bySession(wrongCode(good))))).toEqual({ EnableSoftwareTokenMFAException: 3, NotAuthorizedException: 17 });
    expect((await bySession(good)).error).toBe('NotAuthorizedException');
  });
});

describe('wrong-password lockout, concurrent attempts included', () => {
  it('USER_PASSWORD_AUTH: of 50 concurrent wrong passwords 6 are checked; the right one is refused until the lock passes', async () => {
    h = await harness();
    await addUser(h, 'lou');
    const answers = await times(50, () => passwordSignIn(h!, 'lou', 'Wrong-Pass1'));
    expect(answers.every((a) => a.error === 'NotAuthorizedException')).toBe(true);
    expect(answers.filter((a) => a.message === 'Incorrect username or password.')).toHaveLength(6);
    expect(answers.filter((a) => a.message === 'Password attempts exceeded')).toHaveLength(44);
    expect((await passwordSignIn(h, 'lou')).message).toBe('Password attempts exceeded');
    h.clock.advance(2_000);
    expect((await passwordSignIn(h, 'lou')).error).toBeUndefined();
  });

  it('PASSWORD_VERIFIER: 20 wrong SRP proofs at once are checked as one-by-one ones would be', async () => {
    h = await harness();
    await addUser(h, 'sly');
    const challenges = [];
    for (let i = 0; i < 20; i++) challenges.push(await srpChallenge(h, 'sly'));
    const wrong = await Promise.all(challenges.map(async (c) => h!.call('RespondToAuthChallenge', await c.answer('Wrong-Pass1'))));
    expect(wrong.filter((a) => a.message === 'Incorrect username or password.')).toHaveLength(6);
    expect(wrong.filter((a) => a.message === 'Password attempts exceeded')).toHaveLength(14);
    // Locked: the right password is refused at the start of the next SRP sign-in.
    const refused = await h.call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: h.pool.clientId, AuthParameters: { USERNAME: 'sly', SRP_A: 'ab' } });
    expect(refused.message).toBe('Password attempts exceeded');
    h.clock.advance(2_000);
    const right = await srpChallenge(h, 'sly');
    expect((await h.call('RespondToAuthChallenge', await right.answer(PASSWORD))).error).toBeUndefined();
  });
});
