import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { isChallengeName, isServiceAnsweredChallenge } from '../../machines/challenges.js';
import { fromBase64, bytesToHex } from '../../services/bytes.js';
import { deviceStore } from '../../services/device-store.js';
import { DEFAULT_DEVICE_NAME } from '../../services/device-sign-in.js';
import { fetchDevices, forgetDevice, rememberDevice } from '../../services/device-services.js';
import { ServiceKit } from '../../services/service-kit.js';
import { bigIntModPow } from '../../services/srp/mod-pow.js';
import { g, hexToBigInt, N } from '../../services/srp/srp-group.js';
import { computeX } from '../../services/srp/srp-hashes.js';
import { cognitoError, scriptedTransport } from '../support/scripted-transport.js';
import { CLIENT_ID, fakeTokens, POOL_ID } from '../support/fake-tokens.js';
import { session, signedInHarness, startAuth, stopAll, storageWithSession } from '../support/auth-harness.js';

afterEach(stopAll);

const PASSWORD = 'Corr3ct-Horse!';
const DEVICE_KEY = 'us-east-1_0b6a8d4e-1111-4222-8333-444455556666';
const GROUP_KEY = '-AbCdEfGhI';
const KEY = (name: string) => `CognitoIdentityServiceProvider.${CLIENT_ID}.alice.${name}`;
const STORED_DEVICE = { deviceKey: DEVICE_KEY, deviceGroupKey: GROUP_KEY, randomPassword: 'c2VjcmV0LWRldmljZS1wYXNzd29yZC1vZi00MC1ieXRlcy0tLQ==' };
const DEVICE_PASSWORD_VERIFIER = {
  SALT: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  SRP_B: 'c0ffee'.repeat(64),
  SECRET_BLOCK: Buffer.from('opaque device secret block').toString('base64'),
  USERNAME: 'alice',
  DEVICE_KEY,
};

function expectedDeviceName(): string {
  const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
  return agent ? agent : DEFAULT_DEVICE_NAME;
}

async function storageWithDevice() {
  const storage = memoryStorage();
  await deviceStore(storage, CLIENT_ID).save('alice', STORED_DEVICE);
  return storage;
}

describe('remembered devices in sign-in', () => {
  it('the challenge table lists both device challenges as answered by the service, with no chart state', () => {
    for (const name of ['DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']) {
      expect(isServiceAnsweredChallenge(name)).toBe(true);
      expect(isChallengeName(name)).toBe(false);
    }
    expect(isServiceAnsweredChallenge('SMS_MFA')).toBe(false);
  });

  it('DEVICE_SRP_AUTH with no device stored here fails the sign-in with InvalidResponseError', async () => {
    const h = await startAuth({ script: { InitiateAuth: [{ ChallengeName: 'DEVICE_SRP_AUTH', Session: session('d'), ChallengeParameters: {} }] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('InvalidResponseError');
    expect(h.ops()).toEqual(['InitiateAuth']);
  });

  it('confirms a newly issued device with a verifier over its group key, key and random password, and keeps it', async () => {
    const tokens = { ...fakeTokens(), NewDeviceMetadata: { DeviceKey: DEVICE_KEY, DeviceGroupKey: GROUP_KEY } };
    const h = await startAuth({ script: { InitiateAuth: [{ AuthenticationResult: tokens }], ConfirmDevice: [{ UserConfirmationNecessary: false }] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.ops()).toEqual(['InitiateAuth', 'ConfirmDevice']);
    const [confirm] = h.callsOf('ConfirmDevice') as Array<{ DeviceSecretVerifierConfig: { PasswordVerifier: string; Salt: string } }>;
    expect(confirm).toEqual({
      AccessToken: tokens.AccessToken,
      DeviceKey: DEVICE_KEY,
      DeviceSecretVerifierConfig: { PasswordVerifier: expect.any(String), Salt: expect.any(String) },
      DeviceName: expectedDeviceName(),
    });
    const stored = h.storage.snapshot();
    expect(stored[KEY('deviceKey')]).toBe(DEVICE_KEY);
    expect(stored[KEY('deviceGroupKey')]).toBe(GROUP_KEY);
    const randomPassword = stored[KEY('randomPasswordKey')]!;
    expect(fromBase64(randomPassword)).toHaveLength(40);
    // The verifier is g^x mod N with x over the group key, the device key and the stored password.
    const salt = hexToBigInt(bytesToHex(fromBase64(confirm!.DeviceSecretVerifierConfig.Salt)));
    const x = await computeX(GROUP_KEY, DEVICE_KEY, randomPassword, salt);
    expect(hexToBigInt(bytesToHex(fromBase64(confirm!.DeviceSecretVerifierConfig.PasswordVerifier)))).toBe(bigIntModPow(g, x, N));
    expect(h.events).toEqual([{ type: 'signIn', user: h.context().user }]);
    expect(JSON.stringify(h.events) + JSON.stringify(h.snapshot())).not.toContain(randomPassword);
  });

  it('a failing ConfirmDevice leaves the sign-in standing, keeps no device and says so in the signIn event', async () => {
    const tokens = { ...fakeTokens(), NewDeviceMetadata: { DeviceKey: DEVICE_KEY, DeviceGroupKey: GROUP_KEY } };
    const h = await startAuth({
      script: { InitiateAuth: [{ AuthenticationResult: tokens }], ConfirmDevice: [cognitoError('InternalErrorException', 'try later', true)] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({ type: 'signIn', deviceNotRemembered: { name: 'InternalErrorException' } });
    expect(h.storedKeys().filter((k) => k.endsWith('deviceKey') || k.endsWith('randomPasswordKey'))).toEqual([]);
  });

  it('the next sign-in sends DEVICE_KEY and answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER itself', async () => {
    const tokens = fakeTokens();
    const h = await startAuth({
      storage: await storageWithDevice(),
      script: {
        InitiateAuth: [{ ChallengeName: 'DEVICE_SRP_AUTH', Session: session('d1'), ChallengeParameters: {} }],
        RespondToAuthChallenge: [
          { ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session: session('d2'), ChallengeParameters: DEVICE_PASSWORD_VERIFIER },
          { AuthenticationResult: tokens },
        ],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.callsOf('InitiateAuth')).toEqual([
      { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice', PASSWORD, DEVICE_KEY } },
    ]);
    const [srpAuth, verifier] = h.callsOf('RespondToAuthChallenge') as Array<Record<string, any>>;
    expect(srpAuth).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: session('d1'),
      ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY, SRP_A: expect.stringMatching(/^[0-9a-f]+$/) },
    });
    expect(verifier).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: session('d2'),
      ChallengeResponses: {
        USERNAME: 'alice',
        DEVICE_KEY,
        PASSWORD_CLAIM_SECRET_BLOCK: DEVICE_PASSWORD_VERIFIER.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: expect.any(String),
        TIMESTAMP: expect.stringMatching(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d UTC \d{4}$/),
      },
    });
    expect(h.types()).toEqual(['signIn']);
    expect(JSON.stringify(h.events) + JSON.stringify(h.snapshot())).not.toContain(STORED_DEVICE.randomPassword);
  });

  it('SRP sign-in sends DEVICE_KEY with SRP_A and with the PASSWORD_VERIFIER answer', async () => {
    const h = await startAuth({
      storage: await storageWithDevice(),
      script: {
        InitiateAuth: [{
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: session('p1'),
          ChallengeParameters: { ...DEVICE_PASSWORD_VERIFIER, USER_ID_FOR_SRP: 'alice' },
        }],
        RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens() }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD, authFlow: 'USER_SRP_AUTH' });
    await h.settle();
    const [initiate] = h.callsOf('InitiateAuth') as Array<Record<string, any>>;
    expect(initiate!.AuthParameters).toEqual({ USERNAME: 'alice', SRP_A: expect.any(String), DEVICE_KEY });
    const [answer] = h.callsOf('RespondToAuthChallenge') as Array<Record<string, any>>;
    expect(answer!.ChallengeResponses.DEVICE_KEY).toBe(DEVICE_KEY);
  });

  it('a forgotten device ("Device does not exist.") is dropped and the sign-in tried once more without it', async () => {
    const tokens = { ...fakeTokens(), NewDeviceMetadata: { DeviceKey: 'us-east-1_99999999-aaaa-4bbb-8ccc-dddddddddddd', DeviceGroupKey: GROUP_KEY } };
    const h = await startAuth({
      storage: await storageWithDevice(),
      script: {
        InitiateAuth: [cognitoError('ResourceNotFoundException', 'Device does not exist.'), { AuthenticationResult: tokens }],
        ConfirmDevice: [{ UserConfirmationNecessary: false }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.callsOf('InitiateAuth')).toEqual([
      { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice', PASSWORD, DEVICE_KEY } },
      { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice', PASSWORD } },
    ]);
    expect(h.storage.snapshot()[KEY('deviceKey')]).toBe(tokens.NewDeviceMetadata.DeviceKey);
  });

  it('refresh sends DEVICE_KEY; signing out keeps the device', async () => {
    const storage = await storageWithDevice();
    const h = await signedInHarness({ storage });
    h.transport.reply('InitiateAuth', { AuthenticationResult: { ...fakeTokens(), RefreshToken: undefined } });
    h.send({ type: 'REFRESH' });
    await h.settle();
    expect(h.callsOf('InitiateAuth')[1]).toEqual({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { REFRESH_TOKEN: h.tokens.RefreshToken, DEVICE_KEY },
    });
    h.transport.reply('RevokeToken', {});
    h.send({ type: 'SIGN_OUT' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(await deviceStore(storage, CLIENT_ID).load('alice')).toEqual(STORED_DEVICE);
    expect(h.storage.snapshot()[KEY('accessToken')]).toBeUndefined();
  });
});

describe('device services', () => {
  async function kitWith(script: Parameters<typeof scriptedTransport>[0]) {
    const tokens = fakeTokens();
    const storage = await storageWithSession(tokens);
    await deviceStore(storage, CLIENT_ID).save('alice', STORED_DEVICE);
    const transport = scriptedTransport(script);
    const kit = new ServiceKit({ transport, storage, userPoolId: POOL_ID, clientId: CLIENT_ID });
    const signedIn = {
      user: { username: 'alice', userId: 'sub', attributes: {} },
      tokens: { accessToken: tokens.AccessToken, idToken: tokens.IdToken, refreshToken: tokens.RefreshToken, expiresAt: 0, clockDrift: 0 },
    } as unknown as Parameters<typeof rememberDevice>[1];
    return { kit, transport, storage, signedIn, accessToken: tokens.AccessToken };
  }
  const signal = new AbortController().signal;

  it('rememberDevice marks the stored device remembered', async () => {
    const { kit, transport, signedIn, accessToken } = await kitWith({ UpdateDeviceStatus: [{}] });
    await rememberDevice(kit, signedIn, signal);
    expect(transport.calls).toEqual([
      { op: 'UpdateDeviceStatus', input: { AccessToken: accessToken, DeviceKey: DEVICE_KEY, DeviceRememberedStatus: 'remembered' } },
    ]);
  });

  it('forgetDevice forgets this device and drops its keys; another device leaves them', async () => {
    const { kit, transport, storage, signedIn, accessToken } = await kitWith({ ForgetDevice: [{}, {}] });
    await forgetDevice(kit, { ...signedIn, deviceKey: 'us-east-1_12345678-0000-4000-8000-000000000000' }, signal);
    expect(await deviceStore(storage, CLIENT_ID).load('alice')).toEqual(STORED_DEVICE);
    await forgetDevice(kit, signedIn, signal);
    expect(transport.callsOf('ForgetDevice')).toEqual([
      { AccessToken: accessToken, DeviceKey: 'us-east-1_12345678-0000-4000-8000-000000000000' },
      { AccessToken: accessToken, DeviceKey: DEVICE_KEY },
    ]);
    expect(await deviceStore(storage, CLIENT_ID).load('alice')).toBeNull();
  });

  it('fetchDevices asks for 60 and answers in Amplify v6 shapes', async () => {
    const { kit, transport, signedIn, accessToken } = await kitWith({
      ListDevices: [{
        Devices: [{
          DeviceKey: DEVICE_KEY,
          DeviceAttributes: [{ Name: 'device_name', Value: 'Firefox' }, { Name: 'device_status', Value: 'valid' }],
          DeviceCreateDate: 1_700_000_000,
          DeviceLastModifiedDate: new Date(1_700_000_100_000),
          DeviceLastAuthenticatedDate: 1_700_000_200,
        }],
      }],
    });
    const devices = await fetchDevices(kit, signedIn, signal);
    expect(transport.callsOf('ListDevices')).toEqual([{ AccessToken: accessToken, Limit: 60 }]);
    expect(devices).toEqual([{
      id: DEVICE_KEY,
      name: 'Firefox',
      attributes: { device_name: 'Firefox', device_status: 'valid' },
      createDate: new Date(1_700_000_000_000),
      lastModifiedDate: new Date(1_700_000_100_000),
      lastAuthenticatedDate: new Date(1_700_000_200_000),
    }]);
  });
});
