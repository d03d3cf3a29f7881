import { ConfirmSignUpCommand, InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.js';
import { expectError } from './helpers.js';
import { PASSWORD, startHarness, type Harness } from './sdk-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

function passwordlessPool() {
  return h.pool(
    { AutoVerifiedAttributes: ['email'], Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } },
    { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
  );
}

function lastCode(username: string): string {
  const message = h.server.messages().filter((m) => m.username === username).at(-1);
  if (!message) throw new Error(`no message for ${username}`);
  return message.code;
}

function userAuth(clientId: string, username: string, extra: Record<string, string> = {}, Session?: string) {
  return h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, ...extra }, ...(Session ? { Session } : {}) }));
}

describe('sign-up without a password, and sign-in straight after confirmation', () => {
  it('SignUp with no Password, ConfirmSignUp returns a Session, InitiateAuth USER_AUTH with it signs in once', async () => {
    const { clientId } = await passwordlessPool();
    await h.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'new', UserAttributes: [{ Name: 'email', Value: 'new@example.com' }] }));
    const confirmed = await h.sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'new', ConfirmationCode: lastCode('new') }));
    expect(confirmed.Session).toBeTruthy();
    const out = await userAuth(clientId, 'new', {}, confirmed.Session);
    expect(out.AuthenticationResult!.AccessToken).toBeTruthy();
    await expectError(userAuth(clientId, 'new', {}, confirmed.Session), 'NotAuthorizedException', /only be used once/);
    // No password to sign in with: only the email code is offered.
    const select = await userAuth(clientId, 'new');
    expect(select.AvailableChallenges).toEqual(['EMAIL_OTP']);
  });

  it('the Session is for that user only; SignUp needs a Password where passwordless sign-in is not available', async () => {
    const { clientId } = await passwordlessPool();
    await h.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'one', UserAttributes: [{ Name: 'email', Value: 'one@example.com' }] }));
    const confirmed = await h.sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'one', ConfirmationCode: lastCode('one') }));
    await h.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'two', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'two@example.com' }] }));
    await h.sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'two', ConfirmationCode: lastCode('two') }));
    await expectError(userAuth(clientId, 'two', {}, confirmed.Session), 'NotAuthorizedException', 'Invalid session for the user.');

    const classic = await h.pool({ AutoVerifiedAttributes: ['email'] });
    await expectError(
      h.sdk.send(new SignUpCommand({ ClientId: classic.clientId, Username: 'pw', UserAttributes: [{ Name: 'email', Value: 'pw@example.com' }] })),
      'InvalidParameterException', /Password/,
    );
    await h.sdk.send(new SignUpCommand({ ClientId: classic.clientId, Username: 'pw', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'pw@example.com' }] }));
    const plain = await h.sdk.send(new ConfirmSignUpCommand({ ClientId: classic.clientId, Username: 'pw', ConfirmationCode: lastCode('pw') }));
    expect(plain.Session).toBeUndefined();
  });

  it('the Session expires with the auth session (AuthSessionValidity)', async () => {
    const clock = manualClock();
    const timed = await startHarness({ clock });
    try {
      const { clientId } = await timed.pool(
        { AutoVerifiedAttributes: ['email'], Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } },
        { ExplicitAuthFlows: ['ALLOW_USER_AUTH'], AuthSessionValidity: 5 },
      );
      await timed.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'late', UserAttributes: [{ Name: 'email', Value: 'late@example.com' }] }));
      const code = timed.server.messages().filter((m) => m.username === 'late').at(-1)!.code;
      const confirmed = await timed.sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'late', ConfirmationCode: code }));
      clock.advance(5 * 60_000 + 1);
      await expectError(
        timed.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'late' }, Session: confirmed.Session })),
        'NotAuthorizedException', /expired/,
      );
    } finally {
      await timed.close();
    }
  });
});
