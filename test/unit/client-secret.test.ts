import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { refreshedTokens, session, startAuth, stopAll, storageWithSession } from '../support/auth-harness.js';

afterEach(stopAll);

const CLIENT_SECRET = 'k3b1example0clientsecret0value0for0tests0only0abc';
const INTERNAL = '0c1d2e3f-aaaa-4bbb-8ccc-dddddddddddd';
const config = { clientSecret: CLIENT_SECRET };

/** Cognito's SECRET_HASH, computed independently with node:crypto. */
function hmac(username: string): string {
  return createHmac('sha256', CLIENT_SECRET).update(username + CLIENT_ID).digest('base64');
}

describe('with a client secret, every request carries the right hash', () => {
  it('SignUp → SecretHash over the username', async () => {
    const h = await startAuth({ config, script: { SignUp: [{ UserConfirmed: false, UserSub: 's' }] } });
    h.send({ type: 'SIGN_UP', username: 'alice', password: 'Passw0rd!x', attributes: { email: 'a@example.com' } });
    await h.settle();
    expect(h.callsOf('SignUp')).toEqual([
      {
        ClientId: CLIENT_ID,
        Username: 'alice',
        Password: 'Passw0rd!x',
        UserAttributes: [{ Name: 'email', Value: 'a@example.com' }],
        SecretHash: hmac('alice'),
      },
    ]);
  });

  it('ResendConfirmationCode and ConfirmSignUp → SecretHash over the username', async () => {
    const h = await startAuth({ config, script: { ResendConfirmationCode: [{}], ConfirmSignUp: [{}] } });
    h.send({ type: 'RESEND_SIGN_UP_CODE', username: 'bob' });
    await h.settle();
    h.send({ type: 'CONFIRM_SIGN_UP', code: '123987' });
    await h.settle();
    expect(h.callsOf('ResendConfirmationCode')).toEqual([{ ClientId: CLIENT_ID, Username: 'bob', SecretHash: hmac('bob') }]);
    expect(h.callsOf('ConfirmSignUp')).toEqual([
      { ClientId: CLIENT_ID, Username: 'bob', ConfirmationCode: '123987', ForceAliasCreation: true, SecretHash: hmac('bob') },
    ]);
  });

  it('InitiateAuth → SECRET_HASH over the typed username; challenge answers → over the challenge’s USERNAME', async () => {
    const h = await startAuth({
      config,
      script: {
        InitiateAuth: [{ ChallengeName: 'SMS_MFA', Session: session('sms'), ChallengeParameters: { USER_ID_FOR_SRP: INTERNAL } }],
        RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens({ username: INTERNAL }) }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice@example.com', password: 'Passw0rd!x' });
    await h.settle();
    h.send({ type: 'CONFIRM_SIGN_IN', code: '902113' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')).toEqual([
      {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: 'alice@example.com', PASSWORD: 'Passw0rd!x', SECRET_HASH: hmac('alice@example.com') },
      },
    ]);
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      {
        ClientId: CLIENT_ID,
        ChallengeName: 'SMS_MFA',
        Session: session('sms'),
        ChallengeResponses: { USERNAME: INTERNAL, SMS_MFA_CODE: '902113', SECRET_HASH: hmac(INTERNAL) },
      },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('CUSTOM_AUTH and its answers', async () => {
    const h = await startAuth({
      config,
      script: {
        InitiateAuth: [{ ChallengeName: 'CUSTOM_CHALLENGE', Session: session('c'), ChallengeParameters: { USERNAME: INTERNAL } }],
        RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens({ username: INTERNAL }) }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice@example.com', authFlow: 'CUSTOM_WITHOUT_SRP' });
    await h.settle();
    h.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: 'forty-two' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')[0]).toEqual({
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: 'alice@example.com', SECRET_HASH: hmac('alice@example.com') },
    });
    expect(h.callsOf('RespondToAuthChallenge')[0]).toMatchObject({
      ChallengeResponses: { USERNAME: INTERNAL, ANSWER: 'forty-two', SECRET_HASH: hmac(INTERNAL) },
    });
  });

  it('MFA_SETUP: no hash on Associate/Verify, SECRET_HASH on the final answer', async () => {
    const h = await startAuth({
      config,
      script: {
        InitiateAuth: [{ ChallengeName: 'MFA_SETUP', Session: session('setup'), ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: INTERNAL } }],
        AssociateSoftwareToken: [{ SecretCode: 'JBSWY3DPEHPK3PXP', Session: session('assoc') }],
        VerifySoftwareToken: [{ Status: 'SUCCESS', Session: session('verified') }],
        RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens({ username: INTERNAL }) }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice@example.com', password: 'Passw0rd!x' });
    await h.settle();
    h.send({ type: 'VERIFY_TOTP_SETUP', code: '507193' });
    await h.settle();
    expect(h.callsOf('AssociateSoftwareToken')).toEqual([{ Session: session('setup') }]);
    expect(h.callsOf('VerifySoftwareToken')).toEqual([{ Session: session('assoc'), UserCode: '507193' }]);
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      { ClientId: CLIENT_ID, ChallengeName: 'MFA_SETUP', Session: session('verified'), ChallengeResponses: { USERNAME: INTERNAL, SECRET_HASH: hmac(INTERNAL) } },
    ]);
  });

  it('refresh → SECRET_HASH over the internal username; sign-out → RevokeToken with ClientSecret', async () => {
    const h = await startAuth({
      config,
      script: {
        InitiateAuth: [{ AuthenticationResult: fakeTokens({ username: INTERNAL }) }, { AuthenticationResult: refreshedTokens({ username: INTERNAL }) }],
        RevokeToken: [{}],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice@example.com', password: 'Passw0rd!x' });
    await h.settle();
    const refreshToken = h.context().tokens!.refreshToken!;
    h.send({ type: 'REFRESH' });
    await h.settle();
    h.send({ type: 'SIGN_OUT' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')[1]).toEqual({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: hmac(INTERNAL) },
    });
    expect(h.callsOf('RevokeToken')).toEqual([{ Token: refreshToken, ClientId: CLIENT_ID, ClientSecret: CLIENT_SECRET }]);
  });

  it('the refresh on restore hashes over the stored username', async () => {
    const old = fakeTokens({ username: INTERNAL, issuedAt: Date.now() - 2 * 3600 * 1000 });
    const storage = await storageWithSession(old, INTERNAL);
    const h = await startAuth({ config, storage, script: { InitiateAuth: [{ AuthenticationResult: refreshedTokens({ username: INTERNAL }) }] } });
    expect(h.callsOf('InitiateAuth')).toEqual([
      { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: CLIENT_ID, AuthParameters: { REFRESH_TOKEN: old.RefreshToken, SECRET_HASH: hmac(INTERNAL) } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('ForgotPassword and ConfirmForgotPassword → SecretHash over the username', async () => {
    const h = await startAuth({ config, script: { ForgotPassword: [{}], ConfirmForgotPassword: [{}] } });
    h.send({ type: 'FORGOT_PASSWORD', username: 'alice' });
    await h.settle();
    h.send({ type: 'CONFIRM_FORGOT_PASSWORD', code: '830417', newPassword: 'N3w-Passw0rd!' });
    await h.settle();
    expect(h.callsOf('ForgotPassword')).toEqual([{ ClientId: CLIENT_ID, Username: 'alice', SecretHash: hmac('alice') }]);
    expect(h.callsOf('ConfirmForgotPassword')).toEqual([
      { ClientId: CLIENT_ID, Username: 'alice', ConfirmationCode: '830417', Password: 'N3w-Passw0rd!', SecretHash: hmac('alice') },
    ]);
  });

  it('GlobalSignOut carries only the access token', async () => {
    const tokens = fakeTokens();
    const h = await startAuth({ config, script: { InitiateAuth: [{ AuthenticationResult: tokens }], GlobalSignOut: [{}] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!x' });
    await h.settle();
    const accessToken = tokens.AccessToken;
    h.send({ type: 'SIGN_OUT', global: true });
    await h.settle();
    expect(h.callsOf('GlobalSignOut')).toEqual([{ AccessToken: accessToken }]);
  });
});

describe('without a client secret', () => {
  it('no request carries SECRET_HASH, SecretHash or ClientSecret', async () => {
    const h = await startAuth({
      script: {
        SignUp: [{ UserConfirmed: false, UserSub: 's' }],
        ConfirmSignUp: [{}],
        InitiateAuth: [
          { ChallengeName: 'SMS_MFA', Session: session('sms'), ChallengeParameters: { USERNAME: 'alice' } },
          { AuthenticationResult: refreshedTokens() },
        ],
        RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens() }],
        RevokeToken: [{}],
        ForgotPassword: [{}],
      },
    });
    h.send({ type: 'SIGN_UP', username: 'alice', password: 'Passw0rd!x' });
    await h.settle();
    h.send({ type: 'CONFIRM_SIGN_UP', code: '123987' });
    await h.settle();
    h.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!x' });
    await h.settle();
    h.send({ type: 'CONFIRM_SIGN_IN', code: '902113' });
    await h.settle();
    h.send({ type: 'REFRESH' });
    await h.settle();
    h.send({ type: 'SIGN_OUT' });
    await h.settle();
    h.send({ type: 'FORGOT_PASSWORD', username: 'alice' });
    await h.settle();
    expect(h.ops()).toEqual(['SignUp', 'ConfirmSignUp', 'InitiateAuth', 'RespondToAuthChallenge', 'InitiateAuth', 'RevokeToken', 'ForgotPassword']);
    const json = JSON.stringify(h.transport.calls);
    expect(json).not.toMatch(/SECRET_HASH|SecretHash|ClientSecret/);
  });
});
