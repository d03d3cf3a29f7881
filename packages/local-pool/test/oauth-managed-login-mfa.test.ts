import {
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
  AssociateSoftwareTokenCommand,
  InitiateAuthCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.js';
import { totpCode } from '../src/totp.js';
import { PASSWORD, startHarness, type Harness } from './sdk-harness.js';
import { authorizeUrl, Browser, codeOf, formField, oauthPool, signInThroughPage } from './oauth-helpers.js';

const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' };

describe('local pool: managed login with MFA', () => {
  let h: Harness;
  const clock = manualClock(Date.UTC(2026, 0, 5, 12));
  beforeEach(async () => {
    h = await startHarness({ clock });
  });
  afterEach(async () => {
    await h.close();
  });

  it('asks for the SMS code after the password; a wrong code is refused, the right one signs in', async () => {
    const { userPoolId, clientId, base } = await oauthPool(h, {}, 'sms-app', { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS });
    await h.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username: 'ana', UserAttributes: [{ Name: 'phone_number', Value: '+14325551212' }] }));
    await h.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: userPoolId, Username: 'ana', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const browser = new Browser();
    const mfa = await signInThroughPage(browser, authorizeUrl(base, { client_id: clientId, state: 's' }));
    expect(mfa.status).toBe(200);
    const html = await mfa.text();
    expect(html).toContain('+*******1212');
    const sent = h.server.messages().filter((m) => m.purpose === 'Authentication');
    expect(sent).toHaveLength(1);
    const action = /action="([^"]+)"/.exec(html)![1]!.replace(/&#38;/g, '&');
    const fields = { _csrf: formField(html, '_csrf'), login_session: formField(html, 'login_session') };
    const wrong = await browser.post(action, { ...fields, code: sent[0]!.code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Invalid code');
    const right = await browser.post(action, { ...fields, code: sent[0]!.code });
    expect(codeOf(right)).toEqual(expect.any(String));
    // The pending sign-in is spent with it.
    const replay = await browser.post(action, { ...fields, code: sent[0]!.code });
    expect(await replay.text()).toContain('sign-in session expired');
  });

  it('asks for the TOTP code of a user with an authenticator app', async () => {
    const { userPoolId, clientId, base } = await oauthPool(h, {}, 'totp-app');
    const { SetUserPoolMfaConfigCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    await h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const signedIn = await h.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD } }));
    const accessToken = signedIn.AuthenticationResult!.AccessToken!;
    const { SecretCode } = await h.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    await h.sdk.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totpCode(SecretCode!, clock.now()) }));
    await h.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: userPoolId, Username: 'ana', SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    clock.advance(30_000);
    const browser = new Browser();
    const mfa = await signInThroughPage(browser, authorizeUrl(base, { client_id: clientId }));
    const html = await mfa.text();
    expect(html).toContain('authenticator app');
    const action = /action="([^"]+)"/.exec(html)![1]!.replace(/&#38;/g, '&');
    const right = await browser.post(action, { _csrf: formField(html, '_csrf'), login_session: formField(html, 'login_session'), code: totpCode(SecretCode!, clock.now()) });
    expect(codeOf(right)).toEqual(expect.any(String));
  });
});
