import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { AdminCreateUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import * as OTPAuth from 'otpauth';
import { createAuth, memoryStorage, sdkTransport, type AuthActor, type AuthEmitted, type Transport } from '../../index.js';
import { createLocalUserPool, startLocalCognito } from '@cognito-auth-machine/local-pool';
import { startCognitoLocal } from '../support/cognito-local.js';

/*
 * The foundation's flows end to end, with createAuth and the AWS SDK transport over HTTP, run with the same
 * assertions against two servers started for this file on 127.0.0.1: cognito-local, a third-party Cognito
 * emulator, and this project's local user pool. The scenarios are the ones cognito-local supports
 * (USER_PASSWORD_AUTH, refresh, NEW_PASSWORD_REQUIRED, TOTP, RevokeToken). Where the two answer differently,
 * the backend says so below, and docs/cognito-local.md lists it as a cognito-local limitation.
 */

interface Backend {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  admin: CognitoIdentityProviderClient;
  /** The confirmation code last sent to this user. */
  code(username: string): string;
  /** cognito-local: InvalidPasswordException; Cognito (and the local pool): NotAuthorizedException. */
  wrongPasswordError: string;
  /** cognito-local drops the attributes a NEW_PASSWORD_REQUIRED answer carries. */
  keepsNewPasswordAttributes: boolean;
  stop(): Promise<void>;
}

const backends: Record<string, () => Promise<Backend>> = {
  'cognito-local': async () => {
    const cognito = await startCognitoLocal();
    const pool = await cognito.createPool({ mfa: 'OPTIONAL' });
    return {
      endpoint: cognito.endpoint,
      ...pool,
      admin: cognito.admin,
      code: () => cognito.code,
      wrongPasswordError: 'InvalidPasswordException',
      keepsNewPasswordAttributes: false,
      stop: () => cognito.stop(),
    };
  },
  'the local user pool': async () => {
    const server = await startLocalCognito();
    const pool = await createLocalUserPool({
      cognito: server.cognito,
      pool: {
        Schema: [{ Name: 'favorite_flavor', AttributeDataType: 'String', Mutable: true }],
        MfaConfiguration: 'OPTIONAL',
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms', ExternalId: 'test' },
      },
      mfa: { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } },
    });
    const admin = new CognitoIdentityProviderClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    return {
      endpoint: server.endpoint,
      userPoolId: pool.userPoolId,
      clientId: pool.clientId,
      admin,
      code: (username) => pool.lastCode(username) ?? '',
      wrongPasswordError: 'NotAuthorizedException',
      keepsNewPasswordAttributes: true,
      stop: async () => {
        admin.destroy();
        await server.close();
      },
    };
  },
};

describe.each(Object.keys(backends))('flows over the AWS SDK against %s', (backendName) => {
  let backend: Backend;
  let counter = 0;

  beforeAll(async () => {
    backend = await backends[backendName]!();
  });
  afterAll(async () => {
    await backend?.stop();
  });

  function uniqueName(prefix: string): string {
    counter += 1;
    return `${prefix}${Date.now().toString(36)}${counter}`;
  }

  function start(storage = memoryStorage()) {
    const inner = sdkTransport({ endpoint: backend.endpoint, maxAttempts: 1 });
    const requests: { op: string; input: unknown }[] = [];
    const transport: Transport = {
      send(op, input, signal) {
        requests.push({ op, input });
        return inner.send(op, input, signal);
      },
    };
    const auth = createAuth({
      userPoolId: backend.userPoolId,
      userPoolClientId: backend.clientId,
      endpoint: backend.endpoint,
      authFlow: 'USER_PASSWORD_AUTH',
      transport,
      storage,
    });
    const emitted: AuthEmitted[] = [];
    auth.on('*', (event) => emitted.push(event));
    return { auth, emitted, storage, requests };
  }

  const settled = (auth: AuthActor) => waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });

  describe('the seed flows', () => {
    it('sign-up with email and a custom attribute → confirm → auto sign-in → refresh → sign-out with revocation', async () => {
      const { auth, emitted } = start();
      await settled(auth);
      const username = uniqueName('flow');
      auth.send({
        type: 'SIGN_UP',
        username,
        password: 'Passw0rd!',
        attributes: { email: `${username}@example.com`, 'custom:favorite_flavor': 'Cookie Dough' },
        autoSignIn: true,
      });
      await settled(auth);
      expect(auth.getSnapshot().value).toEqual({ confirmingSignUp: 'idle' });
      expect(auth.getSnapshot().context.signUp?.codeDelivery?.deliveryMedium).toBe('EMAIL');

      auth.send({ type: 'CONFIRM_SIGN_UP', code: backend.code(username) });
      await settled(auth);
      const signedIn = auth.getSnapshot();
      expect(signedIn.value).toEqual({ signedIn: 'idle' });
      expect(signedIn.context.user).toMatchObject({
        username,
        attributes: { email: `${username}@example.com`, 'custom:favorite_flavor': 'Cookie Dough' },
      });
      expect(signedIn.context.signUp).toBeNull();
      expect(emitted.map((e) => e.type)).toEqual(['signUp', 'confirmSignUp', 'signIn', 'autoSignIn']);

      const oldRefresh = signedIn.context.tokens!.refreshToken!;
      const oldAccess = signedIn.context.tokens!.accessToken;
      await new Promise((r) => setTimeout(r, 1100)); // a new iat, so the refreshed token differs
      auth.send({ type: 'REFRESH' });
      await settled(auth);
      expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
      expect(auth.getSnapshot().context.tokens!.accessToken).not.toBe(oldAccess);
      expect(auth.getSnapshot().context.tokens!.refreshToken).toBe(oldRefresh);
      expect(emitted.at(-1)?.type).toBe('tokenRefresh');

      auth.send({ type: 'SIGN_OUT' });
      await settled(auth);
      expect(auth.getSnapshot().value).toBe('signedOut');
      expect(emitted.at(-1)).toEqual({ type: 'signOut', global: false });

      // The refresh token was revoked at Cognito, not only forgotten here.
      const transport = sdkTransport({ endpoint: backend.endpoint, maxAttempts: 1 });
      await expect(
        transport.send('InitiateAuth', {
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: backend.clientId,
          AuthParameters: { REFRESH_TOKEN: oldRefresh },
        }),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      auth.stop();
    });

    it('NEW_PASSWORD_REQUIRED for an admin-created user, answered with a required attribute', async () => {
      const username = uniqueName('admin');
      await backend.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: backend.userPoolId,
          Username: username,
          TemporaryPassword: 'TempPassw0rd!',
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
        }),
      );
      const { auth, emitted, requests } = start();
      await settled(auth);
      auth.send({ type: 'SIGN_IN', username, password: 'TempPassw0rd!' });
      await settled(auth);
      expect(auth.getSnapshot().value).toEqual({ challenge: 'newPasswordRequired' });
      expect(auth.getSnapshot().context.challenge?.requiredAttributes).toEqual([]);

      auth.send({ type: 'COMPLETE_NEW_PASSWORD', newPassword: 'NewPassw0rd!', requiredAttributes: { name: 'Ada Admin' } });
      await settled(auth);
      expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
      if (backend.keepsNewPasswordAttributes) expect(auth.getSnapshot().context.user?.attributes.name).toBe('Ada Admin');
      // The request carries them either way.
      expect(requests.at(-1)).toMatchObject({
        op: 'RespondToAuthChallenge',
        input: {
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          ChallengeResponses: { USERNAME: username, NEW_PASSWORD: 'NewPassw0rd!', 'userAttributes.name': 'Ada Admin' },
        },
      });
      expect(auth.getSnapshot().context.user?.username).toBe(username);
      expect(emitted.map((e) => e.type)).toEqual(['signIn']);
      auth.stop();
    });

    it('TOTP MFA: enabled with Associate/Verify/SetUserMFAPreference, then a wrong code and a real RFC 6238 code', async () => {
      const username = uniqueName('totp');
      const { auth, emitted } = start();
      await settled(auth);
      auth.send({ type: 'SIGN_UP', username, password: 'Passw0rd!', attributes: { email: `${username}@example.com` } });
      await settled(auth);
      auth.send({ type: 'CONFIRM_SIGN_UP', code: backend.code(username) });
      await settled(auth);
      auth.send({ type: 'SIGN_IN', username, password: 'Passw0rd!' });
      await settled(auth);
      const accessToken = auth.getSnapshot().context.tokens!.accessToken;

      const transport = sdkTransport({ endpoint: backend.endpoint, maxAttempts: 1 });
      const { SecretCode } = await transport.send('AssociateSoftwareToken', { AccessToken: accessToken });
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SecretCode!), digits: 6, period: 30 });
      // A TOTP code is accepted once, as on Cognito: setup takes the previous step's code.
      await transport.send('VerifySoftwareToken', { AccessToken: accessToken, UserCode: totp.generate({ timestamp: Date.now() - 30_000 }) });
      await transport.send('SetUserMFAPreference', {
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      });

      auth.send({ type: 'SIGN_OUT' });
      await settled(auth);
      auth.send({ type: 'SIGN_IN', username, password: 'Passw0rd!' });
      await settled(auth);
      expect(auth.getSnapshot().value).toEqual({ challenge: 'totpMfa' });

      const wrong = totp.generate() === '000000' ? '111111' : '000000';
      auth.send({ type: 'CONFIRM_SIGN_IN', code: wrong });
      await settled(auth);
      expect(auth.getSnapshot().value).toEqual({ challenge: 'totpMfa' });
      expect(auth.getSnapshot().context.error?.name).toBe('CodeMismatchException');

      auth.send({ type: 'CONFIRM_SIGN_IN', code: totp.generate() });
      await settled(auth);
      expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
      expect(emitted.filter((e) => e.type === 'signIn')).toHaveLength(2);
      auth.stop();
    });

    it('a wrong password leaves the user signed out with the error and signIn_failure', async () => {
      const username = uniqueName('wrong');
      const { auth, emitted } = start();
      await settled(auth);
      auth.send({ type: 'SIGN_UP', username, password: 'Passw0rd!', attributes: { email: `${username}@example.com` } });
      await settled(auth);
      auth.send({ type: 'CONFIRM_SIGN_UP', code: backend.code(username) });
      await settled(auth);
      auth.send({ type: 'SIGN_IN', username, password: 'Wrong-Passw0rd!' });
      await settled(auth);
      expect(auth.getSnapshot().value).toBe('signedOut');
      expect(auth.getSnapshot().context.error?.name).toBe(backend.wrongPasswordError);
      expect(emitted.at(-1)?.type).toBe('signIn_failure');
      auth.stop();
    });

    it('an existing username fails sign-up with UsernameExistsException', async () => {
      const username = uniqueName('taken');
      const first = start();
      await settled(first.auth);
      first.auth.send({ type: 'SIGN_UP', username, password: 'Passw0rd!', attributes: { email: `${username}@example.com` } });
      await settled(first.auth);
      const { auth, emitted } = start();
      await settled(auth);
      auth.send({ type: 'SIGN_UP', username, password: 'Passw0rd!', attributes: { email: `${username}@example.com` } });
      await settled(auth);
      expect(auth.getSnapshot().value).toBe('signedOut');
      expect(auth.getSnapshot().context.error?.name).toBe('UsernameExistsException');
      expect(emitted.map((e) => e.type)).toEqual(['signUp_failure']);
      first.auth.stop();
      auth.stop();
    });

    it('a wrong confirmation code keeps the confirmation open, and the right one then confirms', async () => {
      const username = uniqueName('code');
      const { auth, emitted } = start();
      await settled(auth);
      auth.send({ type: 'SIGN_UP', username, password: 'Passw0rd!', attributes: { email: `${username}@example.com` } });
      await settled(auth);
      auth.send({ type: 'CONFIRM_SIGN_UP', code: '999999' });
      await settled(auth);
      expect(auth.getSnapshot().value).toEqual({ confirmingSignUp: 'idle' });
      expect(auth.getSnapshot().context.error?.name).toBe('CodeMismatchException');
      auth.send({ type: 'CONFIRM_SIGN_UP', code: backend.code(username) });
      await settled(auth);
      expect(auth.getSnapshot().value).toBe('signedOut');
      expect(emitted.map((e) => e.type)).toEqual(['signUp', 'confirmSignUp_failure', 'confirmSignUp']);
      auth.stop();
    });
  });
});
