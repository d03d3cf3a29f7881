/*
 * Account management while signed in (attributes, password, TOTP and MFA preference, deleting the user), run
 * against the local user pool on whatever `../../amplify.js` is in the calling test file: the facade, or
 * aws-amplify v5 mocked in its place. Both must pass the same expectations: there is no intended difference here
 * (docs/migration-amplify-facade.md lists the ones that tests cannot show).
 */
import { TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Auth, Hub } from '../../amplify.js';
import { createLocalUserPool, type LocalUserPool, type LocalUserPoolOptions } from '@cognito-auth-machine/local-pool';
import type { SeedTarget } from './seed-scenarios.js';

type Payload = { event: string; data?: any; message?: string };

const PASSWORD = 'Passw0rd!';
const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' };
const FLAVOR = { Name: 'favorite_flavor', AttributeDataType: 'String', Mutable: true } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function accountScenarios(start: () => Promise<SeedTarget>, label: string): void {
  describe(`account management while signed in, on ${label}`, () => {
    let target: SeedTarget;
    let events: Payload[] = [];
    let stopListening: () => void;

    const pool = (options: LocalUserPoolOptions) => createLocalUserPool({ cognito: target.cognito, ...options });
    const eventNames = (from = 0) => events.slice(from).map((e) => e.event).filter((e) => e !== 'configured');

    async function hubEvent(name: string, from = 0, timeout = 20_000): Promise<Payload> {
      const deadline = Date.now() + timeout;
      for (;;) {
        const found = events.slice(from).find((e) => e.event === name);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${name} Hub event; got ${events.map((e) => e.event).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    async function signedIn(p: LocalUserPool, username: string, attributes: Array<{ Name: string; Value: string }>) {
      await p.admin.createUser(username, { attributes, suppress: true });
      await p.admin.setPassword(username, PASSWORD, true);
      target.configure(p);
      return Auth.signIn(username, PASSWORD);
    }

    /** A code other than the one the pool sent. */
    const wrongCode = (p: LocalUserPool, username: string) => ('000000' === p.lastCode(username) ? '111111' : '000000');

    beforeAll(async () => {
      target = await start();
      stopListening = Hub.listen('auth', ({ payload }: { payload: Payload }) => {
        events.push(payload);
      });
    });

    afterAll(async () => {
      stopListening?.();
      await target?.close();
    });

    beforeEach(() => {
      events = [];
    });

    afterEach(async () => {
      await Auth.signOut().catch(() => undefined);
    });

    it('attributes: read them, update them (a code for the new email), verify the email, delete one, currentUserInfo', async () => {
      const p = await pool({ pool: { Schema: [FLAVOR] } });
      const user = await signedIn(p, 'ana', [
        { Name: 'email', Value: 'ana@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:favorite_flavor', Value: 'Vanilla' },
      ]);

      const attributes = await Auth.userAttributes(user);
      expect(attributes.map((a) => [a.getName(), a.getValue()])).toEqual(
        expect.arrayContaining([
          ['email', 'ana@example.com'],
          ['email_verified', 'true'],
          ['custom:favorite_flavor', 'Vanilla'],
        ]),
      );
      expect(attributes.find((a) => a.Name === 'sub')?.Value).toMatch(UUID);

      const from = events.length;
      expect(await Auth.updateUserAttributes(user, { email: 'ana@example.org', 'custom:favorite_flavor': 'Mint' })).toBe('SUCCESS');
      expect(await hubEvent('updateUserAttributes', from)).toEqual({
        event: 'updateUserAttributes',
        message: 'Attributes successfully updated',
        data: {
          email: { isUpdated: false, codeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'a***@e***' } },
          'custom:favorite_flavor': { isUpdated: true },
        },
      });
      await expect(Auth.verifyCurrentUserAttributeSubmit('email', wrongCode(p, 'ana'))).rejects.toMatchObject({
        name: 'CodeMismatchException',
        code: 'CodeMismatchException',
      });
      expect(await Auth.verifyCurrentUserAttribute('email')).toBe('SUCCESS');
      expect(await Auth.verifyCurrentUserAttributeSubmit('email', p.lastCode('ana')!)).toBe('SUCCESS');

      expect(await Auth.deleteUserAttributes(user, ['custom:favorite_flavor'])).toBe('SUCCESS');
      const info = await Auth.currentUserInfo();
      expect(info?.username).toBe('ana');
      expect(info?.id).toBeUndefined();
      expect(info?.attributes).toEqual({ sub: expect.stringMatching(UUID), email: 'ana@example.org', email_verified: true });
      // Both refresh the tokens after changing and after deleting attributes: the ID token carries the new values.
      expect(eventNames(from).filter((e) => e !== 'tokenRefresh')).toEqual(['updateUserAttributes']);
      expect(eventNames(from).filter((e) => e === 'tokenRefresh')).toHaveLength(2);
      const claims = (await Auth.currentSession()).getIdToken().payload;
      expect(claims).toMatchObject({ email: 'ana@example.org', email_verified: true });
      expect(claims['custom:favorite_flavor']).toBeUndefined();
      const current = await Auth.currentAuthenticatedUser();
      expect(current.attributes).toMatchObject({ email: 'ana@example.org', email_verified: true });
      expect(current.attributes?.['custom:favorite_flavor']).toBeUndefined();
    });

    it('a refused attribute update: updateUserAttributes_failure with Cognito’s error', async () => {
      const p = await pool({});
      const user = await signedIn(p, 'ben', [{ Name: 'email', Value: 'ben@example.com' }]);
      const from = events.length;
      await expect(Auth.updateUserAttributes(user, { 'custom:unknown': 'x' })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        code: 'InvalidParameterException',
      });
      const failure = await hubEvent('updateUserAttributes_failure', from);
      expect(failure.message).toBe('Failed to update attributes');
      expect(failure.data).toMatchObject({ code: 'InvalidParameterException' });
    });

    it('changePassword: the wrong old password is refused, the right one changes it', async () => {
      const p = await pool({});
      const user = await signedIn(p, 'cal', [{ Name: 'email', Value: 'cal@example.com' }]);
      await expect(Auth.changePassword(user, 'Wrong-Passw0rd', 'New-Passw0rd')).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        code: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
      expect(await Auth.changePassword(user, PASSWORD, 'New-Passw0rd')).toBe('SUCCESS');
      expect((await Auth.currentAuthenticatedUser()).username).toBe('cal');
      await Auth.signOut();
      expect((await Auth.signIn('cal', 'New-Passw0rd')).username).toBe('cal');
    });

    it('TOTP: setupTOTP gives the secret, verifyTotpToken checks a code, setPreferredMFA and getPreferredMFA', async () => {
      const p = await pool({ pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS }, mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } } });
      const user = await signedIn(p, 'dee', [{ Name: 'email', Value: 'dee@example.com' }]);
      expect(await Auth.getPreferredMFA(user)).toBe('NOMFA');

      const secret = await Auth.setupTOTP(user);
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
      const from = events.length;
      // A TOTP code is accepted once, as on Cognito: setup takes the previous step's code, sign-in the current one.
      const verified = await Auth.verifyTotpToken(user, totp.generate({ timestamp: Date.now() - 30_000 }));
      expect(verified).toMatchObject({ Status: 'SUCCESS' });
      const verify = await hubEvent('verify', from);
      expect(verify.message).toBe('A user dee has been verified');
      expect(verify.data.username).toBe('dee');

      expect(await Auth.setPreferredMFA(user, 'TOTP')).toBe('SUCCESS');
      expect(await Auth.getPreferredMFA(user, { bypassCache: true })).toBe('SOFTWARE_TOKEN_MFA');
      await Auth.signOut();
      const challenged = await Auth.signIn('dee', PASSWORD);
      expect(challenged.challengeName).toBe('SOFTWARE_TOKEN_MFA');
      const again = await Auth.confirmSignIn(challenged, totp.generate(), 'SOFTWARE_TOKEN_MFA');

      expect(await Auth.setPreferredMFA(again, 'NOMFA')).toBe('SUCCESS');
      expect(await Auth.getPreferredMFA(again, { bypassCache: true })).toBe('NOMFA');
      expect(await Auth.setPreferredMFA(again, 'NOMFA')).toBe('No change for mfa type');
      await expect(Auth.setPreferredMFA(again, 'EMAIL' as never)).rejects.toMatchObject({ name: 'AuthError', message: 'No valid MFA method provided' });
    });

    it('a wrong TOTP code at setup is refused, and the preference cannot name TOTP before it is set up', async () => {
      const p = await pool({ pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS }, mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } } });
      const user = await signedIn(p, 'eli', [{ Name: 'email', Value: 'eli@example.com' }]);
      await expect(Auth.setPreferredMFA(user, 'TOTP')).rejects.toMatchObject({ code: 'InvalidParameterException' });
      const secret = await Auth.setupTOTP(user);
      const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
      const code = totp.generate();
      const wrong = code === '123456' ? '654321' : '123456';
      await expect(Auth.verifyTotpToken(user, wrong)).rejects.toMatchObject({ code: 'EnableSoftwareTokenMFAException' });
    });

    it('the MFA_SETUP challenge: setupTOTP gives the secret, verifyTotpToken answers it and resolves to the session', async () => {
      const p = await pool({ pool: { MfaConfiguration: 'ON', SmsConfiguration: SMS }, mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } } });
      const challenged = await signedIn(p, 'gil', [{ Name: 'email', Value: 'gil@example.com' }]);
      expect(challenged.challengeName).toBe('MFA_SETUP');
      const secret = await Auth.setupTOTP(challenged);
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
      const from = events.length;
      const session = await Auth.verifyTotpToken(challenged, totp.generate());
      if (!('getIdToken' in session)) throw new Error(`a session was expected, not ${JSON.stringify(session)}`);
      expect(session.getIdToken().payload['cognito:username']).toBe('gil');
      expect(session.isValid()).toBe(true);
      expect(eventNames(from)).toEqual(['signIn', 'verify']);
      expect(events.find((e) => e.event === 'verify')?.message).toBe('A user gil has been verified');
      expect((await Auth.currentAuthenticatedUser()).username).toBe('gil');
    });

    it('the MFA_SETUP challenge offering TOTP and email: setupTOTP still sets up TOTP, verifyTotpToken signs in', async () => {
      const p = await pool({
        mfa: { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Message: 'MFA code {####}' } },
      });
      const challenged = await signedIn(p, 'hal', [{ Name: 'email', Value: 'hal@example.com' }]);
      expect(challenged.challengeName).toBe('MFA_SETUP');
      expect(JSON.parse((challenged.challengeParam as Record<string, string> | undefined)?.MFAS_CAN_SETUP ?? '[]')).toEqual(expect.arrayContaining(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']));
      const secret = await Auth.setupTOTP(challenged);
      const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
      const session = await Auth.verifyTotpToken(challenged, totp.generate());
      if (!('getIdToken' in session)) throw new Error(`a session was expected, not ${JSON.stringify(session)}`);
      expect(session.getIdToken().payload['cognito:username']).toBe('hal');
      expect(await Auth.getPreferredMFA(await Auth.currentAuthenticatedUser(), { bypassCache: true })).toBe('SOFTWARE_TOKEN_MFA');
    });

    it('devices: rememberDevice, fetchDevices and forgetDevice for this device', async () => {
      const p = await pool({ pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true } } });
      await signedIn(p, 'ida', [{ Name: 'email', Value: 'ida@example.com' }]);
      const listed = async () => ((await target.cognito.send('AdminListDevices', { UserPoolId: p.userPoolId, Username: 'ida' })) as { Devices: any[] }).Devices;
      const [confirmed] = await listed();
      const status = (device: any) => device.DeviceAttributes.find((a: { Name: string }) => a.Name === 'dev:device_remembered_status')?.Value;
      expect(status(confirmed)).toBe('not_remembered');

      expect(await Auth.rememberDevice()).toBe('SUCCESS');
      expect(status((await listed())[0])).toBe('remembered');
      const devices = await Auth.fetchDevices();
      expect(devices).toEqual([{ id: confirmed.DeviceKey, name: expect.any(String) }]);

      expect(await Auth.forgetDevice()).toBe('SUCCESS');
      expect(await listed()).toEqual([]);
      expect(await Auth.fetchDevices()).toEqual([]);
    });

    it('devices in a pool that does not track them: v5 names the cause, with AuthError', async () => {
      const p = await pool({});
      await signedIn(p, 'jan', [{ Name: 'email', Value: 'jan@example.com' }]);
      expect(await Auth.fetchDevices()).toEqual([]);
      await expect(Auth.rememberDevice()).rejects.toMatchObject({ name: 'AuthError', message: 'Device tracking has not been configured in this User Pool' });
      await expect(Auth.forgetDevice()).rejects.toMatchObject({ name: 'AuthError', message: 'Device tracking has not been configured in this User Pool' });
    });

    it('deleteUser: the user is gone, userDeleted then signOut on the Hub, and nobody is signed in', async () => {
      const p = await pool({});
      await signedIn(p, 'fin', [{ Name: 'email', Value: 'fin@example.com' }]);
      const from = events.length;
      expect(await Auth.deleteUser()).toBe('SUCCESS');
      expect(await p.admin.getUser('fin').catch((error: Error) => error.name)).toBe('UserNotFoundException');
      await hubEvent('signOut', from);
      expect(eventNames(from)).toEqual(['userDeleted', 'signOut']);
      expect(events.find((e) => e.event === 'userDeleted')).toEqual({ event: 'userDeleted', data: 'SUCCESS', message: 'The authenticated user has been deleted.' });
      expect(events.find((e) => e.event === 'signOut')?.message).toBe('A user has been signed out');
      await expect(Auth.currentAuthenticatedUser()).rejects.toBe('The user is not authenticated');
      expect(await Auth.currentUserInfo()).toBeNull();
    });
  });
}
