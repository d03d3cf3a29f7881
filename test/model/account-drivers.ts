import { vi } from 'vitest';
import type { AccountEventType } from '../../machines/account-actions.js';
import type { AuthEvent } from '../../machines/auth-events.js';
import type { CognitoOperation } from '../../services/cognito-api.js';
import { ACCOUNT_MODEL_EVENTS, heldFirst, parseAccountEvent, type AccountModelEvent } from './account-model.js';
import type { Feature } from './backends.js';
import type { PathRun, StepDriver } from './path-run.js';

/*
 * How each account step is performed on a real backend: what Cognito needs first (a code sent, a TOTP
 * association), then the event. `unreachable` fails the action's request in the network; `revoked` signs the
 * user out everywhere from another device first; `expired` sends the event once the access token has expired on
 * this device's clock (Date moved on for that moment only), so the chart refreshes before the request;
 * `duringRefresh`, `invalidDuringRefresh` and `twiceDuringRefresh` send it just after REFRESH, while the refresh is on
 * its way.
 */

const PASSWORD = 'Passw0rd!';
const NEW_PASSWORD = 'N3w-Passw0rd!';
const TWO_HOURS = 2 * 60 * 60 * 1000;

function accessToken(r: PathRun): string {
  const token = r.actor.getSnapshot().context.tokens?.accessToken;
  if (!token) throw new Error('this step needs a signed-in actor');
  return token;
}

function user(r: PathRun) {
  if (!r.user) throw new Error('this step needs a user from an earlier step');
  return r.user;
}

/** The request of each action that a network failure stops: the first one it sends. */
const FIRST_REQUEST: Record<AccountEventType, CognitoOperation> = {
  FETCH_USER_ATTRIBUTES: 'GetUser',
  UPDATE_USER_ATTRIBUTES: 'UpdateUserAttributes',
  CONFIRM_USER_ATTRIBUTE: 'VerifyUserAttribute',
  SEND_USER_ATTRIBUTE_VERIFICATION_CODE: 'GetUserAttributeVerificationCode',
  DELETE_USER_ATTRIBUTES: 'DeleteUserAttributes',
  UPDATE_PASSWORD: 'ChangePassword',
  SET_UP_TOTP: 'AssociateSoftwareToken',
  VERIFY_TOTP_SETUP: 'VerifySoftwareToken',
  UPDATE_MFA_PREFERENCE: 'SetUserMFAPreference',
  FETCH_MFA_PREFERENCE: 'GetUser',
  DELETE_USER: 'DeleteUser',
  REMEMBER_DEVICE: 'UpdateDeviceStatus',
  FORGET_DEVICE: 'ForgetDevice',
  FETCH_DEVICES: 'ListDevices',
  REGISTER_PASSKEY: 'StartWebAuthnRegistration',
  FETCH_PASSKEYS: 'ListWebAuthnCredentials',
  DELETE_PASSKEY: 'DeleteWebAuthnCredential',
};

/** The event that succeeds, after what Cognito needs for it; `arrange: false` when the request will not be answered anyway. */
async function validEvent(r: PathRun, type: AccountEventType, arrange: boolean): Promise<AuthEvent> {
  switch (type) {
    case 'UPDATE_USER_ATTRIBUTES':
      return { type, attributes: { nickname: 'model' } };
    case 'CONFIRM_USER_ATTRIBUTE': {
      if (!arrange) return { type, attributeName: 'email', code: '123456' };
      await r.world.arrange.send('GetUserAttributeVerificationCode', { AccessToken: accessToken(r), AttributeName: 'email' });
      return { type, attributeName: 'email', code: r.world.code(user(r).username, 'UpdateUserAttribute') };
    }
    case 'SEND_USER_ATTRIBUTE_VERIFICATION_CODE':
      return { type, attributeName: 'email' };
    case 'DELETE_USER_ATTRIBUTES':
      return { type, attributeNames: ['nickname'] };
    case 'UPDATE_PASSWORD': {
      const principal = user(r);
      const newPassword = principal.password === NEW_PASSWORD ? PASSWORD : NEW_PASSWORD;
      // The user's password changes once Cognito has taken it: a request that failed is sent again with the old one.
      const taken = r.actor.on('updatePassword', () => {
        principal.password = newPassword;
        taken.unsubscribe();
      });
      return { type, oldPassword: principal.password, newPassword };
    }
    case 'VERIFY_TOTP_SETUP': {
      if (!arrange) return { type, code: '123456' };
      const { SecretCode } = await r.world.arrange.send('AssociateSoftwareToken', { AccessToken: accessToken(r) });
      if (!SecretCode) throw new Error('arranging TOTP: no secret');
      return { type, code: r.world.totp(SecretCode) };
    }
    case 'UPDATE_MFA_PREFERENCE':
      return { type, sms: 'DISABLED' };
    case 'DELETE_PASSKEY':
      return { type, credentialId: arrange ? await r.passkeys.register(r.world, accessToken(r)) : 'AAECAwQFBgcICQoLDA0ODw' };
    default:
      return { type };
  }
}

const INVALID: Partial<Record<AccountEventType, { type: string; [key: string]: unknown }>> = {
  UPDATE_USER_ATTRIBUTES: { type: 'UPDATE_USER_ATTRIBUTES', attributes: {} },
  CONFIRM_USER_ATTRIBUTE: { type: 'CONFIRM_USER_ATTRIBUTE', attributeName: 'email', code: '' },
  SEND_USER_ATTRIBUTE_VERIFICATION_CODE: { type: 'SEND_USER_ATTRIBUTE_VERIFICATION_CODE', attributeName: '' },
  DELETE_USER_ATTRIBUTES: { type: 'DELETE_USER_ATTRIBUTES', attributeNames: [] },
  UPDATE_PASSWORD: { type: 'UPDATE_PASSWORD', oldPassword: '', newPassword: ' padded ' },
  VERIFY_TOTP_SETUP: { type: 'VERIFY_TOTP_SETUP', code: '12' },
  UPDATE_MFA_PREFERENCE: { type: 'UPDATE_MFA_PREFERENCE', totp: 'ON' },
  FORGET_DEVICE: { type: 'FORGET_DEVICE', deviceKey: 'not a device key' },
  DELETE_PASSKEY: { type: 'DELETE_PASSKEY', credentialId: '' },
};

/** The user signs in on another device and signs out everywhere there: this device's tokens are revoked. */
async function revokeEverywhere(r: PathRun): Promise<void> {
  const principal = user(r);
  const other = await r.world.arrange.send('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: r.world.clientId,
    AuthParameters: { USERNAME: principal.username, PASSWORD: principal.password },
  });
  const AccessToken = other.AuthenticationResult?.AccessToken;
  if (!AccessToken) throw new Error('signing in on another device: no access token');
  await r.world.arrange.send('GlobalSignOut', { AccessToken });
}

/** REMEMBER_DEVICE and FORGET_DEVICE act on this device: the pool must have issued one at sign-in. */
const ON_THIS_DEVICE: readonly AccountEventType[] = ['REMEMBER_DEVICE', 'FORGET_DEVICE'];
/** The passkey rows need a pool with WebAuthn. */
const PASSKEY_ROWS: readonly AccountEventType[] = ['REGISTER_PASSKEY', 'FETCH_PASSKEYS', 'DELETE_PASSKEY'];

function driverFor(event: AccountModelEvent): StepDriver {
  const { type, outcome } = parseAccountEvent(event);
  const needs: Feature[] = ON_THIS_DEVICE.includes(type)
    ? ['accountActions', 'deviceTracking']
    : PASSKEY_ROWS.includes(type)
      ? ['accountActions', 'passkeys']
      : ['accountActions'];
  switch (outcome) {
    case 'done':
      return { needs, run: async (r) => r.send(await validEvent(r, type, true)) };
    case 'invalid':
      return { needs, run: (r) => r.send(INVALID[type]!) };
    case 'unreachable':
      return {
        needs,
        async run(r) {
          const sent = await validEvent(r, type, false);
          r.failNext(FIRST_REQUEST[type], 'network');
          r.send(sent);
        },
      };
    case 'revoked':
      return {
        needs: [...needs, 'globalSignOut'],
        async run(r) {
          await revokeEverywhere(r);
          r.send(await validEvent(r, type, false));
        },
      };
    case 'duringRefresh':
      return {
        needs,
        async run(r) {
          const sent = await validEvent(r, type, true);
          r.send({ type: 'REFRESH' });
          r.send(sent);
        },
      };
    case 'invalidDuringRefresh':
      return {
        needs,
        run(r) {
          r.send({ type: 'REFRESH' });
          r.send(INVALID[type]!);
          if (r.actor.getSnapshot().context.error?.name !== 'ValidationError') throw new Error(`${type} during a refresh was not refused`);
        },
      };
    case 'twiceDuringRefresh':
      return {
        needs,
        async run(r) {
          const sent = INVALID[type] ?? (await validEvent(r, type, true));
          r.send({ type: 'REFRESH' });
          r.send({ type: heldFirst(type) });
          // One action waits for a refresh at a time: this one, valid or not, is refused by the state.
          r.send(sent);
          if (r.actor.getSnapshot().context.error?.name !== 'InvalidStateException') throw new Error(`${type} while another action waits for a refresh was not refused`);
        },
      };
    case 'expired':
      return {
        needs,
        async run(r) {
          const sent = await validEvent(r, type, true);
          vi.useFakeTimers({ toFake: ['Date'] });
          try {
            vi.setSystemTime(Date.now() + TWO_HOURS);
            r.send(sent);
          } finally {
            vi.useRealTimers();
          }
        },
      };
  }
}

export const ACCOUNT_DRIVERS = Object.fromEntries(ACCOUNT_MODEL_EVENTS.map((event) => [event, driverFor(event)])) as Record<
  AccountModelEvent,
  StepDriver
>;
