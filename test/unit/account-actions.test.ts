import { passkeys, type WebAuthnAdapter } from '../../passkeys.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_ACTIONS, accountEntries } from '../../machines/account-actions.js';
import { isSecret } from '../../machines/secret.js';
import type { AuthEvent } from '../../machines/auth-events.js';
import type { CognitoOperation } from '../../services/cognito-api.js';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { deviceStore } from '../../services/device-store.js';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID } from '../support/fake-tokens.js';
import { networkFailure, refreshedTokens, signedInHarness, stopAll } from '../support/auth-harness.js';
import { sendInternal } from '../../runtime/event-gate.js';

afterEach(() => {
  stopAll();
  vi.useRealTimers();
});

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const DEVICE_KEY = 'us-east-1_0b6a8d4e-1111-4222-8333-444455556666';
const OTHER_DEVICE_KEY = 'us-east-1_7c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff';
const RANDOM_PASSWORD = 'c2VjcmV0LWRldmljZS1wYXNzd29yZC1vZi00MC1ieXRlcy0tLQ==';
const DEVICE_SUFFIXES = /\.(deviceKey|deviceGroupKey|randomPasswordKey)$/;

/** Storage where this device is remembered for alice. */
async function storageWithDevice() {
  const storage = memoryStorage();
  await deviceStore(storage, CLIENT_ID).save('alice', { deviceKey: DEVICE_KEY, deviceGroupKey: '-AbCdEfGhI', randomPassword: RANDOM_PASSWORD });
  return storage;
}

/** A harness signed in, with this device remembered when the row needs it. */
async function harnessFor(row: Row) {
  return signedInHarness({ ...(row.device ? { storage: await storageWithDevice() } : {}), features: { passkeys: passkeys({ adapter: PASSKEY_ADAPTER }) } });
}

/** The stored keys of the session, without the device's (which outlive it). */
const sessionKeys = (keys: string[]) => keys.filter((key) => !DEVICE_SUFFIXES.test(key));

/** Each account event: what it sends, Cognito's answer, the request expected, and what is emitted and kept. */
/** Passkey registration: the options StartWebAuthnRegistration gives, and what the authenticator answers. */
const CREATION_OPTIONS = { rp: { id: 'localhost', name: 'app' }, user: { id: 'dXNlcg', name: 'alice', displayName: '' }, challenge: 'Y2hhbGxlbmdl', pubKeyCredParams: [{ type: 'public-key', alg: -7 }] };
const REGISTRATION = { id: 'BAUG', rawId: 'BAUG', type: 'public-key', response: { clientDataJSON: 'Y2xpZW50', attestationObject: 'YXR0' }, clientExtensionResults: {} };
const PASSKEY_ADAPTER: WebAuthnAdapter = {
  get: () => Promise.reject(new Error('no sign-in here')),
  create: async (json) => {
    if (json !== JSON.stringify(CREATION_OPTIONS)) throw new Error(`unexpected creation options: ${json}`);
    return JSON.stringify(REGISTRATION);
  },
};

interface Row {
  event: AuthEvent;
  state: string;
  replies: Partial<Record<CognitoOperation, unknown[]>>;
  requests: (accessToken: string) => Array<[CognitoOperation, unknown]>;
  emitted: unknown;
  /** This device is remembered before the event. */
  device?: true;
}

const ROWS: Row[] = [
  {
    event: { type: 'FETCH_USER_ATTRIBUTES' },
    state: 'fetchingUserAttributes',
    replies: {
      GetUser: [{ Username: 'alice', UserAttributes: [{ Name: 'email', Value: 'a@example.com' }, { Name: 'email_verified', Value: 'true' }] }],
    },
    requests: (t) => [['GetUser', { AccessToken: t }]],
    emitted: { type: 'fetchUserAttributes', attributes: { email: 'a@example.com', email_verified: true } },
  },
  {
    event: { type: 'UPDATE_USER_ATTRIBUTES', attributes: { email: 'b@example.com', name: 'Alice' }, clientMetadata: { from: 'settings' } },
    state: 'updatingUserAttributes',
    replies: {
      UpdateUserAttributes: [{ CodeDeliveryDetailsList: [{ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'b***@e***' }] }],
      GetUser: [{ Username: 'alice', UserAttributes: [{ Name: 'email', Value: 'b@example.com' }, { Name: 'email_verified', Value: 'false' }, { Name: 'name', Value: 'Alice' }] }],
    },
    requests: (t) => [
      [
        'UpdateUserAttributes',
        {
          AccessToken: t,
          UserAttributes: [{ Name: 'email', Value: 'b@example.com' }, { Name: 'name', Value: 'Alice' }],
          ClientMetadata: { from: 'settings' },
        },
      ],
      ['GetUser', { AccessToken: t }],
    ],
    emitted: {
      type: 'updateUserAttributes',
      attributes: {
        email: {
          isUpdated: false,
          nextStep: 'CONFIRM_ATTRIBUTE_WITH_CODE',
          codeDelivery: { attributeName: 'email', deliveryMedium: 'EMAIL', destination: 'b***@e***' },
        },
        name: { isUpdated: true, nextStep: 'DONE' },
      },
    },
  },
  {
    event: { type: 'CONFIRM_USER_ATTRIBUTE', attributeName: 'email', code: '123456' },
    state: 'confirmingUserAttribute',
    replies: { VerifyUserAttribute: [{}] },
    requests: (t) => [['VerifyUserAttribute', { AccessToken: t, AttributeName: 'email', Code: '123456' }]],
    emitted: { type: 'confirmUserAttribute', attributeName: 'email' },
  },
  {
    event: { type: 'SEND_USER_ATTRIBUTE_VERIFICATION_CODE', attributeName: 'phone_number' },
    state: 'sendingUserAttributeVerificationCode',
    replies: { GetUserAttributeVerificationCode: [{ CodeDeliveryDetails: { AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: '+*******1212' } }] },
    requests: (t) => [['GetUserAttributeVerificationCode', { AccessToken: t, AttributeName: 'phone_number' }]],
    emitted: {
      type: 'sendUserAttributeVerificationCode',
      attributeName: 'phone_number',
      codeDelivery: { attributeName: 'phone_number', deliveryMedium: 'SMS', destination: '+*******1212' },
    },
  },
  {
    event: { type: 'DELETE_USER_ATTRIBUTES', attributeNames: ['nickname', 'custom:team'] },
    state: 'deletingUserAttributes',
    replies: { DeleteUserAttributes: [{}] },
    requests: (t) => [['DeleteUserAttributes', { AccessToken: t, UserAttributeNames: ['nickname', 'custom:team'] }]],
    emitted: { type: 'deleteUserAttributes', attributeNames: ['nickname', 'custom:team'] },
  },
  {
    event: { type: 'UPDATE_PASSWORD', oldPassword: 'Corr3ct-Horse!', newPassword: 'N3w-Battery-Staple' },
    state: 'updatingPassword',
    replies: { ChangePassword: [{}] },
    requests: (t) => [['ChangePassword', { AccessToken: t, PreviousPassword: 'Corr3ct-Horse!', ProposedPassword: 'N3w-Battery-Staple' }]],
    emitted: { type: 'updatePassword' },
  },
  {
    event: { type: 'SET_UP_TOTP' },
    state: 'settingUpTotp',
    replies: { AssociateSoftwareToken: [{ SecretCode: TOTP_SECRET }] },
    requests: (t) => [['AssociateSoftwareToken', { AccessToken: t }]],
    emitted: { type: 'setUpTOTP' },
  },
  {
    event: { type: 'VERIFY_TOTP_SETUP', code: '507193', friendlyDeviceName: 'Phone' },
    state: 'verifyingTotpSetup',
    replies: { VerifySoftwareToken: [{ Status: 'SUCCESS' }] },
    requests: (t) => [['VerifySoftwareToken', { AccessToken: t, UserCode: '507193', FriendlyDeviceName: 'Phone' }]],
    emitted: { type: 'verifyTOTPSetup' },
  },
  {
    event: { type: 'UPDATE_MFA_PREFERENCE', sms: 'NOT_PREFERRED', totp: 'PREFERRED', email: 'DISABLED' },
    state: 'updatingMfaPreference',
    replies: { SetUserMFAPreference: [{}] },
    requests: (t) => [
      [
        'SetUserMFAPreference',
        {
          AccessToken: t,
          SMSMfaSettings: { Enabled: true, PreferredMfa: false },
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
          EmailMfaSettings: { Enabled: false },
        },
      ],
    ],
    emitted: { type: 'updateMFAPreference', preference: { sms: 'NOT_PREFERRED', totp: 'PREFERRED', email: 'DISABLED' } },
  },
  {
    event: { type: 'FETCH_MFA_PREFERENCE' },
    state: 'fetchingMfaPreference',
    replies: { GetUser: [{ Username: 'alice', UserAttributes: [], UserMFASettingList: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' }] },
    requests: (t) => [['GetUser', { AccessToken: t }]],
    emitted: { type: 'fetchMFAPreference', preference: { enabled: ['SMS', 'TOTP'], preferred: 'TOTP' } },
  },
  {
    event: { type: 'DELETE_USER' },
    state: 'deletingUser',
    replies: { DeleteUser: [{}] },
    requests: (t) => [['DeleteUser', { AccessToken: t }]],
    emitted: { type: 'deleteUser' },
  },
  {
    event: { type: 'REMEMBER_DEVICE' },
    device: true,
    state: 'rememberingDevice',
    replies: { UpdateDeviceStatus: [{}] },
    requests: (t) => [['UpdateDeviceStatus', { AccessToken: t, DeviceKey: DEVICE_KEY, DeviceRememberedStatus: 'remembered' }]],
    emitted: { type: 'rememberDevice' },
  },
  {
    event: { type: 'FORGET_DEVICE' },
    device: true,
    state: 'forgettingDevice',
    replies: { ForgetDevice: [{}] },
    requests: (t) => [['ForgetDevice', { AccessToken: t, DeviceKey: DEVICE_KEY }]],
    emitted: { type: 'forgetDevice' },
  },
  {
    event: { type: 'FETCH_DEVICES' },
    state: 'fetchingDevices',
    replies: {
      ListDevices: [
        {
          Devices: [
            {
              DeviceKey: DEVICE_KEY,
              DeviceAttributes: [
                { Name: 'device_name', Value: 'Firefox' },
                { Name: 'device_remembered_status', Value: 'remembered' },
              ],
              DeviceCreateDate: 1764979200,
              DeviceLastModifiedDate: 1764979260.5,
              DeviceLastAuthenticatedDate: 1764982800,
            },
            { DeviceKey: OTHER_DEVICE_KEY, DeviceAttributes: [{ Name: 'device_status', Value: 'valid' }] },
          ],
        },
      ],
    },
    requests: (t) => [['ListDevices', { AccessToken: t, Limit: 60 }]],
    emitted: {
      type: 'fetchDevices',
      devices: [
        {
          id: DEVICE_KEY,
          name: 'Firefox',
          attributes: { device_name: 'Firefox', device_remembered_status: 'remembered' },
          createDate: 1764979200000,
          lastModifiedDate: 1764979260500,
          lastAuthenticatedDate: 1764982800000,
        },
        { id: OTHER_DEVICE_KEY, attributes: { device_status: 'valid' } },
      ],
    },
  },
  {
    event: { type: 'REGISTER_PASSKEY' },
    state: 'registeringPasskey',
    replies: { StartWebAuthnRegistration: [{ CredentialCreationOptions: CREATION_OPTIONS }], CompleteWebAuthnRegistration: [{}] },
    requests: (t) => [
      ['StartWebAuthnRegistration', { AccessToken: t }],
      ['CompleteWebAuthnRegistration', { AccessToken: t, Credential: REGISTRATION }],
    ],
    emitted: { type: 'associateWebAuthnCredential' },
  },
  {
    event: { type: 'FETCH_PASSKEYS' },
    state: 'fetchingPasskeys',
    replies: { ListWebAuthnCredentials: [{ Credentials: [{ CredentialId: 'AQID', FriendlyCredentialName: 'Laptop', RelyingPartyId: 'localhost', AuthenticatorTransports: ['internal'], CreatedAt: 1764979200 }] }] },
    requests: (t) => [['ListWebAuthnCredentials', { AccessToken: t, MaxResults: 20 }]],
    emitted: {
      type: 'listWebAuthnCredentials',
      credentials: [{ credentialId: 'AQID', friendlyCredentialName: 'Laptop', relyingPartyId: 'localhost', authenticatorTransports: ['internal'], createdAt: 1764979200000 }],
    },
  },
  {
    event: { type: 'DELETE_PASSKEY', credentialId: 'AQID' },
    state: 'deletingPasskey',
    replies: { DeleteWebAuthnCredential: [{}] },
    requests: (t) => [['DeleteWebAuthnCredential', { AccessToken: t, CredentialId: 'AQID' }]],
    emitted: { type: 'deleteWebAuthnCredential', credentialId: 'AQID' },
  },
];

function script(h: Awaited<ReturnType<typeof signedInHarness>>, replies: Row['replies']) {
  for (const [op, list] of Object.entries(replies)) h.transport.reply(op as CognitoOperation, ...(list ?? []));
}

describe('account actions', () => {
  it('every row of the table has a test row here', () => {
    expect(ROWS.map((r) => r.event.type).sort()).toEqual(Object.keys(ACCOUNT_ACTIONS).sort());
    expect(ROWS.map((r) => r.state).sort()).toEqual(accountEntries().map(([, e]) => e.state).sort());
  });

  it.each(ROWS)('$event.type sends exactly its request, in signedIn.$state, and emits its event', async (row) => {
    const h = await harnessFor(row);
    script(h, row.replies);
    h.send(row.event);
    expect(h.value()).toEqual({ signedIn: row.state });
    expect(h.snapshot().hasTag('busy')).toBe(true);
    await h.settle();
    const requests = h.transport.calls.slice(1).map((c) => [c.op, c.input]);
    expect(requests).toEqual(row.requests(h.tokens.AccessToken));
    expect(h.events).toEqual([row.emitted, ...(row.event.type === 'DELETE_USER' ? [{ type: 'signOut', global: false }] : [])]);
    expect(h.context().error).toBeNull();
    expect(h.context().accountAction).toBeNull();
    if (row.event.type === 'DELETE_USER') {
      expect(h.value()).toBe('signedOut');
      expect(h.storedKeys()).toEqual([]);
      expect(h.context().user).toBeNull();
    } else {
      expect(h.value()).toEqual({ signedIn: 'idle' });
      expect(h.context().tokens?.accessToken).toBe(h.tokens.AccessToken);
      expect(h.storedKeys()).not.toEqual([]);
    }
  });

  it.each(ROWS)('$event.type failing with a NetworkError: back to idle, <name>_failure, the session untouched', async (row) => {
    const h = await harnessFor(row);
    const [op] = row.requests('')[0]!;
    h.transport.reply(op, networkFailure());
    const stored = h.storage.snapshot();
    const user = h.context().user;
    h.send(row.event);
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.errorName()).toBe('NetworkError');
    const name = ACCOUNT_ACTIONS[row.event.type as keyof typeof ACCOUNT_ACTIONS].emits;
    expect(h.types()).toEqual([`${name}_failure`]);
    expect(h.storage.snapshot()).toEqual(stored);
    expect(h.context().user).toEqual(user);
    expect(h.context().tokens?.accessToken).toBe(h.tokens.AccessToken);
  });

  it.each(ROWS)('$event.type refused as a revoked token: signedOut, storage cleared, <name>_failure then signOut', async (row) => {
    const h = await harnessFor(row);
    const [op] = row.requests('')[0]!;
    h.transport.reply(op, cognitoError('NotAuthorizedException', 'Access Token has been revoked'));
    h.send(row.event);
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NotAuthorizedException');
    const name = ACCOUNT_ACTIONS[row.event.type as keyof typeof ACCOUNT_ACTIONS].emits;
    expect(h.types()).toEqual([`${name}_failure`, 'signOut']);
    expect(sessionKeys(h.storedKeys())).toEqual([]);
    expect(h.context().tokens).toBeNull();
  });
});

describe('account action details', () => {
  it('FETCH_USER_ATTRIBUTES replaces context.user.attributes', async () => {
    const h = await signedInHarness({ tokens: { attributes: { email: 'old@example.com', nickname: 'al' } } });
    h.transport.reply('GetUser', { Username: 'alice', UserAttributes: [{ Name: 'email', Value: 'new@example.com' }, { Name: 'sub', Value: 'x' }] });
    h.send({ type: 'FETCH_USER_ATTRIBUTES' });
    await h.settle();
    expect(h.context().user?.attributes).toEqual({ email: 'new@example.com', sub: 'x' });
    expect(h.context().user?.username).toBe('alice');
  });

  it('UPDATE_PASSWORD with a wrong old password: updatePassword_failure, still signed in', async () => {
    const h = await signedInHarness();
    h.transport.reply('ChangePassword', cognitoError('NotAuthorizedException', 'Incorrect username or password.'));
    h.send({ type: 'UPDATE_PASSWORD', oldPassword: 'Wr0ng-Horse!', newPassword: 'N3w-Battery-Staple' });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.errorName()).toBe('NotAuthorizedException');
    expect(h.types()).toEqual(['updatePassword_failure']);
    expect(h.storedKeys()).not.toEqual([]);
    expect(h.context().tokens?.accessToken).toBe(h.tokens.AccessToken);
  });

  it('UPDATE_PASSWORD keeps both passwords wrapped while it runs', async () => {
    const h = await signedInHarness();
    h.transport.reply('ChangePassword', () => new Promise(() => undefined));
    h.send({ type: 'UPDATE_PASSWORD', oldPassword: 'Corr3ct-Horse!', newPassword: 'N3w-Battery-Staple' });
    const held = h.context().accountAction!;
    expect(isSecret(held.request.oldPassword)).toBe(true);
    expect(isSecret(held.request.newPassword)).toBe(true);
    expect(JSON.stringify(h.snapshot())).not.toContain('N3w-Battery-Staple');
    h.assertNoLeaks();
  });

  it('invalid payloads: ValidationError naming the field, no request, still idle', async () => {
    const h = await signedInHarness();
    const bad: Array<[Record<string, unknown> & { type: string }, string]> = [
      [{ type: 'UPDATE_PASSWORD', oldPassword: '', newPassword: 'N3w-Battery-Staple' }, 'oldPassword'],
      [{ type: 'UPDATE_PASSWORD', oldPassword: 'Corr3ct-Horse!', newPassword: ' x ' }, 'newPassword'],
      [{ type: 'UPDATE_USER_ATTRIBUTES', attributes: {} }, 'attributes'],
      [{ type: 'UPDATE_USER_ATTRIBUTES', attributes: { ['a'.repeat(33)]: 'x' } }, 'attributes'],
      [{ type: 'UPDATE_USER_ATTRIBUTES', attributes: { name: 'x'.repeat(2049) } }, 'attributes.name'],
      [{ type: 'CONFIRM_USER_ATTRIBUTE', attributeName: 'email', code: '' }, 'code'],
      [{ type: 'CONFIRM_USER_ATTRIBUTE', code: '123456' }, 'attributeName'],
      [{ type: 'SEND_USER_ATTRIBUTE_VERIFICATION_CODE', attributeName: '' }, 'attributeName'],
      [{ type: 'DELETE_USER_ATTRIBUTES', attributeNames: [] }, 'attributeNames'],
      [{ type: 'VERIFY_TOTP_SETUP', code: '12345' }, 'code'],
      [{ type: 'UPDATE_MFA_PREFERENCE', totp: 'ON' }, 'totp'],
      [{ type: 'FORGET_DEVICE', deviceKey: '' }, 'deviceKey'],
      [{ type: 'FORGET_DEVICE', deviceKey: 'not a device key' }, 'deviceKey'],
      [{ type: 'FORGET_DEVICE', deviceKey: `us-east-1_${'a'.repeat(50)}` }, 'deviceKey'],
    ];
    for (const [event, field] of bad) {
      h.sendRaw(event);
      expect(h.value()).toEqual({ signedIn: 'idle' });
      expect(h.errorName()).toBe('ValidationError');
      expect(h.context().error?.fields?.some((f) => f.path === field || f.path.startsWith(`${field}.`))).toBe(true);
    }
    expect(h.ops()).toEqual(['InitiateAuth']);
    expect(h.events).toEqual([]);
  });

  it('SET_UP_TOTP keeps the secret wrapped in context.totpSetup; VERIFY_TOTP_SETUP clears it and prefers nothing', async () => {
    const h = await signedInHarness();
    h.transport.reply('AssociateSoftwareToken', { SecretCode: TOTP_SECRET });
    h.send({ type: 'SET_UP_TOTP' });
    await h.settle();
    const setup = h.context().totpSetup!;
    expect(isSecret(setup.sharedSecret)).toBe(true);
    expect(setup.sharedSecret.reveal()).toBe(TOTP_SECRET);
    expect(JSON.stringify(h.snapshot())).not.toContain(TOTP_SECRET);
    h.transport.reply('VerifySoftwareToken', { Status: 'SUCCESS' });
    h.send({ type: 'VERIFY_TOTP_SETUP', code: '507193' });
    await h.settle();
    expect(h.context().totpSetup).toBeNull();
    expect(h.ops()).toEqual(['InitiateAuth', 'AssociateSoftwareToken', 'VerifySoftwareToken']);
  });

  it('VERIFY_TOTP_SETUP answered Status ERROR: verifyTOTPSetup_failure, the setup kept for another code', async () => {
    const h = await signedInHarness();
    h.transport.reply('AssociateSoftwareToken', { SecretCode: TOTP_SECRET });
    h.send({ type: 'SET_UP_TOTP' });
    await h.settle();
    h.transport.reply('VerifySoftwareToken', { Status: 'ERROR' });
    h.send({ type: 'VERIFY_TOTP_SETUP', code: '000000' });
    await h.settle();
    expect(h.errorName()).toBe('EnableSoftwareTokenMFAException');
    expect(h.types()).toEqual(['setUpTOTP', 'verifyTOTPSetup_failure']);
    expect(h.context().totpSetup?.sharedSecret.reveal()).toBe(TOTP_SECRET);
  });

  it('FETCH_MFA_PREFERENCE sets context.mfaPreference; nothing enabled reads as an empty list', async () => {
    const h = await signedInHarness();
    h.transport.reply('GetUser', { Username: 'alice', UserAttributes: [] });
    h.send({ type: 'FETCH_MFA_PREFERENCE' });
    await h.settle();
    expect(h.context().mfaPreference).toEqual({ enabled: [] });
  });

  it('CONFIRM_USER_ATTRIBUTE marks the attribute verified; DELETE_USER_ATTRIBUTES drops the attributes', async () => {
    const h = await signedInHarness({ tokens: { attributes: { email: 'a@example.com', email_verified: false, nickname: 'al' } } });
    h.transport.reply('VerifyUserAttribute', {});
    h.send({ type: 'CONFIRM_USER_ATTRIBUTE', attributeName: 'email', code: '123456' });
    await h.settle();
    expect(h.context().user?.attributes.email_verified).toBe(true);
    h.transport.reply('DeleteUserAttributes', {});
    h.send({ type: 'DELETE_USER_ATTRIBUTES', attributeNames: ['nickname'] });
    await h.settle();
    expect(h.context().user?.attributes).not.toHaveProperty('nickname');
    expect(h.context().user?.attributes.email).toBe('a@example.com');
  });

  it('another event while an action runs is refused with InvalidStateException, the action goes on', async () => {
    const h = await signedInHarness();
    let answer!: (value: unknown) => void;
    h.transport.reply('ChangePassword', () => new Promise((resolve) => (answer = resolve)));
    h.send({ type: 'UPDATE_PASSWORD', oldPassword: 'Corr3ct-Horse!', newPassword: 'N3w-Battery-Staple' });
    h.send({ type: 'FETCH_USER_ATTRIBUTES' });
    expect(h.value()).toEqual({ signedIn: 'updatingPassword' });
    expect(h.errorName()).toBe('InvalidStateException');
    expect(h.context().error?.message).toMatch(/^FETCH_USER_ATTRIBUTES is not taken in signedIn\.updatingPassword while it waits for Cognito/);
    answer({});
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['updatePassword']);
    expect(h.ops()).toEqual(['InitiateAuth', 'ChangePassword']);
  });

  it('SIGN_OUT during an action is taken: the action is dropped, the sign-out runs', async () => {
    const h = await signedInHarness();
    h.transport.reply('GetUser', () => new Promise(() => undefined));
    h.transport.reply('RevokeToken', {});
    h.send({ type: 'FETCH_USER_ATTRIBUTES' });
    h.send({ type: 'SIGN_OUT' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['signOut']);
    expect(h.context().accountAction).toBeNull();
    expect(h.storedKeys()).toEqual([]);
  });

  it('an account event sent while the session refreshes waits for the refresh, then runs with the new tokens', async () => {
    const h = await signedInHarness();
    let answer!: (value: unknown) => void;
    h.transport.reply('InitiateAuth', () => new Promise((resolve) => (answer = resolve)));
    h.send({ type: 'REFRESH' });
    expect(h.value()).toEqual({ signedIn: 'refreshing' });
    h.send({ type: 'UPDATE_USER_ATTRIBUTES', attributes: { name: 'Alice' } });
    expect(h.errorName()).toBeUndefined();
    // A second one while the first waits is refused by name; the first still runs.
    h.send({ type: 'FETCH_USER_ATTRIBUTES' });
    expect(h.errorName()).toBe('InvalidStateException');
    const fresh = refreshedTokens({ issuedAt: Math.floor(Date.now() / 1000) * 1000 + 60_000 });
    h.transport.reply('UpdateUserAttributes', {});
    h.transport.reply('GetUser', { Username: 'alice', UserAttributes: [{ Name: 'name', Value: 'Alice' }] });
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    answer({ AuthenticationResult: fresh });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'InitiateAuth', 'UpdateUserAttributes', 'GetUser']);
    expect(h.callsOf('UpdateUserAttributes')).toEqual([{ AccessToken: fresh.AccessToken, UserAttributes: [{ Name: 'name', Value: 'Alice' }] }]);
    expect(h.types()).toEqual(['tokenRefresh', 'updateUserAttributes']);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('an invalid account event during a refresh is refused as in idle, and nothing waits', async () => {
    const h = await signedInHarness();
    let answer!: (value: unknown) => void;
    h.transport.reply('InitiateAuth', () => new Promise((resolve) => (answer = resolve)));
    h.send({ type: 'REFRESH' });
    h.sendRaw({ type: 'DELETE_PASSKEY', credentialId: '' });
    expect(h.errorName()).toBe('ValidationError');
    expect(h.context().accountAction).toBeNull();
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    answer({ AuthenticationResult: refreshedTokens() });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'InitiateAuth']);
    expect(h.types()).toEqual(['tokenRefresh']);
  });

  it('a session taken from another tab during an action ends the action with a word, and no refresh runs it again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const h = await signedInHarness();
    h.transport.reply('DeleteUser', () => new Promise(() => undefined));
    h.send({ type: 'DELETE_USER' });
    expect(h.value()).toEqual({ signedIn: 'deletingUser' });
    const other = refreshedTokens({ issuedAt: Date.now() + 60_000 });
    sendInternal(h.auth, { type: 'SESSION_CHANGED_ELSEWHERE', session: { user: h.context().user!, tokens: { ...h.context().tokens!, accessToken: other.AccessToken } } });
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['tokenRefresh', 'deleteUser_failure']);
    expect(h.errorName()).toBe('SessionChangedElsewhereError');
    expect(h.context().accountAction).toBeNull();
    // A refresh afterwards runs alone: the action dropped is not sent again.
    h.transport.reply('InitiateAuth', { AuthenticationResult: refreshedTokens({ issuedAt: Date.now() }) });
    h.send({ type: 'REFRESH' });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'DeleteUser', 'InitiateAuth']);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('a sign-out in another tab during an action ends the action with a word before the session', async () => {
    const h = await signedInHarness();
    h.transport.reply('GetUser', () => new Promise(() => undefined));
    h.send({ type: 'FETCH_USER_ATTRIBUTES' });
    sendInternal(h.auth, { type: 'SESSION_CHANGED_ELSEWHERE', session: null });
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['fetchUserAttributes_failure', 'signOut']);
    expect(h.context().accountAction).toBeNull();
  });

  it('an expired access token is refreshed first, then the action runs with the new one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const h = await signedInHarness();
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    const fresh = refreshedTokens({ issuedAt: Date.now() });
    h.transport.reply('InitiateAuth', { AuthenticationResult: fresh });
    h.transport.reply('ChangePassword', {});
    h.send({ type: 'UPDATE_PASSWORD', oldPassword: 'Corr3ct-Horse!', newPassword: 'N3w-Battery-Staple' });
    expect(h.value()).toEqual({ signedIn: 'refreshing' });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'InitiateAuth', 'ChangePassword']);
    expect(h.callsOf('InitiateAuth')[1]).toMatchObject({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: CLIENT_ID });
    expect(h.callsOf('ChangePassword')).toEqual([
      { AccessToken: fresh.AccessToken, PreviousPassword: 'Corr3ct-Horse!', ProposedPassword: 'N3w-Battery-Staple' },
    ]);
    expect(h.types()).toEqual(['tokenRefresh', 'updatePassword']);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('an expired access token whose refresh cannot be reached: the action fails with the refresh, the session stays', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const h = await signedInHarness();
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    h.transport.reply('InitiateAuth', networkFailure());
    h.send({ type: 'DELETE_USER' });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'InitiateAuth']);
    expect(h.types()).toEqual(['deleteUser_failure', 'tokenRefresh_failure']);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.context().accountAction).toBeNull();
  });

  it('a refresh that comes due during an action waits for it, then runs at once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const h = await signedInHarness();
    let answer!: (value: unknown) => void;
    h.transport.reply('GetUser', () => new Promise((resolve) => (answer = resolve)));
    h.send({ type: 'FETCH_USER_ATTRIBUTES' });
    // The access token expires while GetUser is on its way.
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    h.transport.reply('InitiateAuth', { AuthenticationResult: refreshedTokens({ issuedAt: Date.now() }) });
    expect(h.ops()).toEqual(['InitiateAuth', 'GetUser']);
    answer({ Username: 'alice', UserAttributes: [] });
    await vi.waitFor(() => expect(h.types()).toEqual(['fetchUserAttributes', 'tokenRefresh']));
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'GetUser', 'InitiateAuth']);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });
});

describe('device actions', () => {
  it('REMEMBER_DEVICE with no device remembered here: DeviceNotRememberedError, no request, still signed in', async () => {
    const h = await signedInHarness();
    h.send({ type: 'REMEMBER_DEVICE' });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.errorName()).toBe('DeviceNotRememberedError');
    expect(h.types()).toEqual(['rememberDevice_failure']);
    expect(h.ops()).toEqual(['InitiateAuth']);
  });

  it('FORGET_DEVICE with no key and no device remembered here: DeviceNotRememberedError, no request', async () => {
    const h = await signedInHarness();
    h.send({ type: 'FORGET_DEVICE' });
    await h.settle();
    expect(h.errorName()).toBe('DeviceNotRememberedError');
    expect(h.types()).toEqual(['forgetDevice_failure']);
    expect(h.ops()).toEqual(['InitiateAuth']);
  });

  it('FORGET_DEVICE of this device drops its keys here; the session stays', async () => {
    const h = await signedInHarness({ storage: await storageWithDevice() });
    const before = h.storedKeys();
    h.transport.reply('ForgetDevice', {});
    h.send({ type: 'FORGET_DEVICE' });
    await h.settle();
    expect(before.filter((key) => DEVICE_SUFFIXES.test(key))).toHaveLength(3);
    expect(h.storedKeys()).toEqual(sessionKeys(before));
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('FORGET_DEVICE of another device keeps this one, and names the one forgotten', async () => {
    const h = await signedInHarness({ storage: await storageWithDevice() });
    const before = h.storedKeys();
    h.transport.reply('ForgetDevice', {});
    h.send({ type: 'FORGET_DEVICE', deviceKey: OTHER_DEVICE_KEY });
    await h.settle();
    expect(h.callsOf('ForgetDevice')).toEqual([{ AccessToken: h.tokens.AccessToken, DeviceKey: OTHER_DEVICE_KEY }]);
    expect(h.events).toEqual([{ type: 'forgetDevice', deviceKey: OTHER_DEVICE_KEY }]);
    expect(h.storedKeys()).toEqual(before);
  });

  it('context.devices is plain data without the device secret, and is dropped when a device changes', async () => {
    const h = await signedInHarness({ storage: await storageWithDevice() });
    h.transport.reply('ListDevices', { Devices: [{ DeviceKey: DEVICE_KEY, DeviceAttributes: [], DeviceCreateDate: 1764979200 }] });
    h.send({ type: 'FETCH_DEVICES' });
    await h.settle();
    const devices = h.context().devices;
    expect(devices).toEqual([{ id: DEVICE_KEY, attributes: {}, createDate: 1764979200000 }]);
    expect(JSON.parse(JSON.stringify(devices))).toEqual(devices);
    expect(JSON.stringify(h.snapshot())).not.toContain(RANDOM_PASSWORD);
    expect(JSON.stringify(h.events)).not.toContain(RANDOM_PASSWORD);
    h.transport.reply('UpdateDeviceStatus', {});
    h.send({ type: 'REMEMBER_DEVICE' });
    await h.settle();
    expect(h.context().devices).toBeNull();
    expect(JSON.stringify(h.snapshot())).not.toContain(RANDOM_PASSWORD);
    h.assertNoLeaks();
  });

  it('a failed FETCH_DEVICES keeps the list it read before', async () => {
    const h = await signedInHarness();
    h.transport.reply('ListDevices', { Devices: [{ DeviceKey: DEVICE_KEY }] });
    h.send({ type: 'FETCH_DEVICES' });
    await h.settle();
    h.transport.reply('ListDevices', networkFailure());
    h.send({ type: 'FETCH_DEVICES' });
    await h.settle();
    expect(h.errorName()).toBe('NetworkError');
    expect(h.context().devices).toEqual([{ id: DEVICE_KEY, attributes: {} }]);
    expect(h.types()).toEqual(['fetchDevices', 'fetchDevices_failure']);
  });

  it('signing out drops context.devices', async () => {
    const h = await signedInHarness();
    h.transport.reply('ListDevices', { Devices: [{ DeviceKey: DEVICE_KEY }] });
    h.send({ type: 'FETCH_DEVICES' });
    await h.settle();
    h.transport.reply('RevokeToken', {});
    h.send({ type: 'SIGN_OUT' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.context().devices).toBeNull();
  });
});
