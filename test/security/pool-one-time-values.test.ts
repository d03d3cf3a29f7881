/**
 * Every one-time value of the local user pool is spent once, concurrent requests included: N answers fired at once
 * over HTTP (Promise.all against the server on 127.0.0.1) give exactly one success. The pool checks a session or a
 * code and spends it with no `await` in between; these tests are what keeps it so.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { totpCode, type LocalTriggers } from '@cognito-auth-machine/local-pool';
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

const N = 25;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

function times<T>(n: number, make: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => make(i)));
}

async function smsChallenge(options: { secret?: boolean } = {}) {
  h = await harness({
    pool: {
      pool: { MfaConfiguration: 'ON', SmsConfiguration: SMS },
      ...(options.secret ? { client: { GenerateSecret: true } } : {}),
    },
  });
  await addUser(h, 'sam', '+14325550100');
  const challenge = await passwordSignIn(h, 'sam');
  expect(challenge.body.ChallengeName).toBe('SMS_MFA');
  const code = h.pool.lastCode('sam', 'Authentication')!;
  const hash = await h.hash('sam');
  const harnessNow = h;
  const answer = (SMS_MFA_CODE: string) =>
    harnessNow.call('RespondToAuthChallenge', {
      ClientId: harnessNow.pool.clientId,
      ChallengeName: 'SMS_MFA',
      Session: challenge.body.Session,
      ChallengeResponses: { USERNAME: 'sam', SMS_MFA_CODE, ...hash },
    });
  return { code, answer };
}

describe('challenge sessions are spent once, whatever the challenge', () => {
  it('SMS_MFA: 3 concurrent right answers give one token set', async () => {
    const { code, answer } = await smsChallenge();
    const answers = await times(3, () => answer(code));
    expect(tally(answers)).toEqual({ ok: 1, NotAuthorizedException: 2 });
    expect(answers.filter((a) => a.body.AuthenticationResult?.AccessToken)).toHaveLength(1);
  });

  it(`SMS_MFA with a client secret over HTTP: ${N} concurrent right answers give one token set`, async () => {
    const { code, answer } = await smsChallenge({ secret: true });
    const answers = await times(N, () => answer(code));
    expect(tally(answers)).toEqual({ ok: 1, NotAuthorizedException: N - 1 });
    for (const refused of answers.filter((a) => a.error)) expect(refused.message).toMatch(/session can only be used once/);
  });

  it('SMS_MFA: 500 concurrent wrong guesses are checked 3 times at most, and then the right code is refused', async () => {
    const { code, answer } = await smsChallenge({ secret: true });
    const answers = await times(500, () => answer(wrongCode(code)));
    expect(tally(answers)).toEqual({ CodeMismatchException: 3, NotAuthorizedException: 497 });
    const right = await answer(code);
    expect(right.error).toBe('NotAuthorizedException');
  });

  it('SOFTWARE_TOKEN_MFA: concurrent right answers on one session give one token set', async () => {
    h = await harness({ pool: { pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS }, mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } }, client: { GenerateSecret: true } } });
    await addUser(h, 'tia');
    const secret = await enableTotp(h, 'tia');
    const challenge = await passwordSignIn(h, 'tia');
    expect(challenge.body.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const hash = await h.hash('tia');
    const code = totpCode(secret, h.clock.now());
    const answers = await times(N, () =>
      h!.call('RespondToAuthChallenge', {
        ClientId: h!.pool.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: challenge.body.Session,
        ChallengeResponses: { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: code, ...hash },
      }),
    );
    expect(tally(answers)).toEqual({ ok: 1, NotAuthorizedException: N - 1 });
  });

  it('SOFTWARE_TOKEN_MFA: one TOTP code answers one challenge, even across sessions at once', async () => {
    h = await harness({ pool: { pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS }, mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } } } });
    await addUser(h, 'ugo');
    const secret = await enableTotp(h, 'ugo');
    const challenges = await times(5, () => passwordSignIn(h!, 'ugo'));
    const code = totpCode(secret, h.clock.now());
    const answers = await Promise.all(
      challenges.map((c) =>
        h!.call('RespondToAuthChallenge', {
          ClientId: h!.pool.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: c.body.Session,
          ChallengeResponses: { USERNAME: 'ugo', SOFTWARE_TOKEN_MFA_CODE: code },
        }),
      ),
    );
    expect(tally(answers)).toEqual({ ok: 1, ExpiredCodeException: 4 });
    expect(answers.find((a) => a.error)?.message).toBe('Your software token has already been used once.');
    // The code of the next step is a new one-time value.
    const next = await passwordSignIn(h, 'ugo');
    const later = await h.call('RespondToAuthChallenge', {
      ClientId: h.pool.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: next.body.Session,
      ChallengeResponses: { USERNAME: 'ugo', SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, h.clock.now() + 30_000) },
    });
    expect(later.error).toBeUndefined();
  });

  it('PASSWORD_VERIFIER: concurrent right proofs on one session give one token set, with or without Session', async () => {
    h = await harness({ pool: { client: { GenerateSecret: true } } });
    await addUser(h, 'vera');
    const challenge = await srpChallenge(h, 'vera');
    const withSession = await challenge.answer(PASSWORD);
    const withoutSession = await challenge.answer(PASSWORD, false);
    const answers = await times(N, (i) => h!.call('RespondToAuthChallenge', i % 2 ? withSession : withoutSession));
    expect(tally(answers)).toEqual({ ok: 1, NotAuthorizedException: N - 1 });
  });

  it('CUSTOM_CHALLENGE: concurrent right answers give one token set while VerifyAuthChallengeResponse runs', async () => {
    const triggers: LocalTriggers = {
      async DefineAuthChallenge(event) {
        const last = event.request.session.at(-1);
        if (!last) event.response.challengeName = 'CUSTOM_CHALLENGE';
        else if (last.challengeResult) event.response.issueTokens = true;
        else event.response.failAuthentication = true;
        return event;
      },
      async CreateAuthChallenge(event) {
        event.response.privateChallengeParameters = { answer: 'blue' };
        event.response.publicChallengeParameters = { question: 'colour?' };
        return event;
      },
      async VerifyAuthChallengeResponse(event) {
        await delay(20);
        event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
        return event;
      },
    };
    h = await harness({ pool: { triggers, client: { GenerateSecret: true } } });
    await addUser(h, 'cleo');
    const hash = await h.hash('cleo');
    const challenge = await h.ok('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: h.pool.clientId, AuthParameters: { USERNAME: 'cleo', ...hash } });
    expect(challenge.ChallengeName).toBe('CUSTOM_CHALLENGE');
    const answers = await times(N, () =>
      h!.call('RespondToAuthChallenge', {
        ClientId: h!.pool.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'cleo', ANSWER: 'blue', ...hash },
      }),
    );
    expect(tally(answers)).toEqual({ ok: 1, NotAuthorizedException: N - 1 });
  });

  it('NEW_PASSWORD_REQUIRED: concurrent answers set the password once', async () => {
    h = await harness({ pool: { client: { GenerateSecret: true } } });
    await h.pool.admin.createUser('nia', { temporaryPassword: 'Temp-Pass1', suppress: true });
    const challenge = await passwordSignIn(h, 'nia', 'Temp-Pass1');
    expect(challenge.body.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const hash = await h.hash('nia');
    const answers = await times(N, (i) =>
      h!.call('RespondToAuthChallenge', {
        ClientId: h!.pool.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.body.Session,
        ChallengeResponses: { USERNAME: 'nia', NEW_PASSWORD: `Brand-New-${i}`, ...hash },
      }),
    );
    expect(tally(answers)).toEqual({ ok: 1, NotAuthorizedException: N - 1 });
    const winner = answers.findIndex((a) => !a.error);
    expect((await passwordSignIn(h, 'nia', `Brand-New-${winner}`)).error).toBeUndefined();
  });

  it('SELECT_MFA_TYPE: concurrent choices open one next challenge', async () => {
    h = await harness({ pool: { pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS }, mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } } } });
    await addUser(h, 'sel', '+14325550101');
    await enableTotp(h, 'sel', false);
    await h.pool.admin.setMfaPreference('sel', { sms: { Enabled: true, PreferredMfa: false }, totp: { Enabled: true, PreferredMfa: false } });
    const select = await passwordSignIn(h, 'sel');
    expect(select.body.ChallengeName).toBe('SELECT_MFA_TYPE');
    const answers = await times(N, (i) =>
      h!.call('RespondToAuthChallenge', {
        ClientId: h!.pool.clientId, ChallengeName: 'SELECT_MFA_TYPE', Session: select.body.Session,
        ChallengeResponses: { USERNAME: 'sel', ANSWER: i % 2 ? 'SMS_MFA' : 'SOFTWARE_TOKEN_MFA' },
      }),
    );
    expect(tally(answers)).toEqual({ ok: 1, NotAuthorizedException: N - 1 });
  });

  it('MFA_SETUP: the session is spent once by AssociateSoftwareToken, VerifySoftwareToken and the answer', async () => {
    h = await harness({ pool: { mfa: { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } } } });
    await addUser(h, 'otto');
    const setup = await passwordSignIn(h, 'otto');
    expect(setup.body.ChallengeName).toBe('MFA_SETUP');
    const associated = await times(N, () => h!.call('AssociateSoftwareToken', { Session: setup.body.Session }));
    expect(tally(associated)).toEqual({ ok: 1, NotAuthorizedException: N - 1 });
    const { SecretCode, Session } = associated.find((a) => !a.error)!.body;
    const verified = await times(N, () => h!.call('VerifySoftwareToken', { Session, UserCode: totpCode(SecretCode, h!.clock.now()) }));
    expect(tally(verified)).toEqual({ ok: 1, NotAuthorizedException: N - 1 });
    const done = await times(N, () =>
      h!.call('RespondToAuthChallenge', {
        ClientId: h!.pool.clientId, ChallengeName: 'MFA_SETUP', Session: verified.find((a) => !a.error)!.body.Session,
        ChallengeResponses: { USERNAME: 'otto' },
      }),
    );
    expect(tally(done)).toEqual({ ok: 1, NotAuthorizedException: N - 1 });
  });
});

describe('codes are spent once', () => {
  it('ConfirmSignUp: concurrent right codes confirm once', async () => {
    h = await harness({ pool: { client: { GenerateSecret: true } } });
    const hash = await h.hash('sid');
    await h.ok('SignUp', { ClientId: h.pool.clientId, Username: 'sid', Password: PASSWORD, SecretHash: hash.SECRET_HASH, UserAttributes: [{ Name: 'email', Value: 'sid@example.com' }] });
    const code = h.pool.lastCode('sid')!;
    const answers = await times(N, () => h!.call('ConfirmSignUp', { ClientId: h!.pool.clientId, Username: 'sid', ConfirmationCode: code, SecretHash: hash.SECRET_HASH }));
    expect(tally(answers)).toEqual({ ok: 1, NotAuthorizedException: N - 1 });
  });

  it('ConfirmForgotPassword: concurrent right codes set one password', async () => {
    h = await harness({ pool: { client: { GenerateSecret: true } } });
    await addUser(h, 'fay');
    const hash = await h.hash('fay');
    await h.ok('ForgotPassword', { ClientId: h.pool.clientId, Username: 'fay', SecretHash: hash.SECRET_HASH });
    const code = h.pool.lastCode('fay', 'ForgotPassword')!;
    const answers = await times(N, (i) =>
      h!.call('ConfirmForgotPassword', { ClientId: h!.pool.clientId, Username: 'fay', ConfirmationCode: code, Password: `Reset-Pass-${i}`, SecretHash: hash.SECRET_HASH }),
    );
    expect(tally(answers)).toEqual({ ok: 1, ExpiredCodeException: N - 1 });
  });

  it('VerifyUserAttribute: concurrent right codes verify once', async () => {
    h = await harness();
    await addUser(h, 'val');
    const AccessToken = (await passwordSignIn(h, 'val')).body.AuthenticationResult.AccessToken;
    await h.ok('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'email', Value: 'val.new@example.com' }] });
    const code = h.pool.lastCode('val', 'UpdateUserAttribute')!;
    const answers = await times(N, () => h!.call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: code }));
    expect(tally(answers)).toEqual({ ok: 1, ExpiredCodeException: N - 1 });
  });

  it('a failing PostConfirmation trigger does not give the code back: the user stays confirmed, as on Cognito', async () => {
    h = await harness({ pool: { triggers: { PostConfirmation: async () => { throw new Error('down'); } } } });
    await h.ok('SignUp', { ClientId: h.pool.clientId, Username: 'pat', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'pat@example.com' }] });
    const code = h.pool.lastCode('pat')!;
    const confirm = () => h!.call('ConfirmSignUp', { ClientId: h!.pool.clientId, Username: 'pat', ConfirmationCode: code });
    expect((await confirm()).error).toBe('UserLambdaValidationException');
    expect((await h.pool.admin.getUser('pat')).UserStatus).toBe('CONFIRMED');
    expect((await confirm()).error).toBe('NotAuthorizedException');
  });
});

describe('refresh tokens once revoked', () => {
  it('a revoked refresh token, or one signed out globally, never refreshes again, concurrently or not', async () => {
    h = await harness();
    await addUser(h, 'rex');
    const first = (await passwordSignIn(h, 'rex')).body.AuthenticationResult;
    const refresh = (RefreshToken: string) => h!.call('GetTokensFromRefreshToken', { ClientId: h!.pool.clientId, RefreshToken });
    const [revoked, ...raced] = await Promise.all([
      h.call('RevokeToken', { ClientId: h.pool.clientId, Token: first.RefreshToken }),
      ...Array.from({ length: N }, () => refresh(first.RefreshToken)),
    ]);
    expect(revoked!.error).toBeUndefined();
    // Refreshes that raced the revocation may have finished first; every later one is refused, and so is every
    // access token minted from it.
    for (const answer of raced.filter((a) => !a.error)) {
      expect((await h.call('GetUser', { AccessToken: answer.body.AuthenticationResult.AccessToken })).message).toBe('Access Token has been revoked');
    }
    expect((await refresh(first.RefreshToken)).message).toBe('Refresh Token has been revoked');

    const second = (await passwordSignIn(h, 'rex')).body.AuthenticationResult;
    await h.ok('GlobalSignOut', { AccessToken: second.AccessToken });
    const after = await times(N, () => refresh(second.RefreshToken));
    expect(tally(after)).toEqual({ NotAuthorizedException: N });
  });
});
