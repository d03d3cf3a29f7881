import { AdminListDevicesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { authMachine, createAuthServices } from '../../advanced.js';
import { memoryStorage, sdkTransport, type AuthEmitted } from '../../index.js';
import { serviceActors } from '../../machines/service-registry.js';
import { createLocalUserPool, startLocalCognito, type LocalCognitoServer, type LocalUserPool } from '@cognito-auth-machine/local-pool';
import { sdkClientFor } from '../../packages/local-pool/test/sdk-harness.js';

/*
 * The device events end to end over HTTP, against a pool that requires MFA, tracks devices, and lets a device
 * stand in for MFA only once the user has asked to remember it (DeviceOnlyRememberedOnUserPrompt).
 */

const PASSWORD = 'Passw0rd-dev!';
const USERNAME = 'rory';
const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' };

let pool: LocalUserPool;
let server: LocalCognitoServer;

beforeAll(async () => {
  pool = await createLocalUserPool({
    pool: { MfaConfiguration: 'ON', SmsConfiguration: SMS, DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } },
  });
  await pool.admin.createUser(USERNAME, { attributes: [{ Name: 'phone_number', Value: '+14325550102' }], suppress: true });
  await pool.admin.setPassword(USERNAME, PASSWORD, true);
  server = await startLocalCognito({ cognito: pool.cognito });
});
afterAll(async () => {
  await server?.close();
});

function start(storage: ReturnType<typeof memoryStorage>) {
  const services = createAuthServices({
    transport: sdkTransport({ endpoint: server.endpoint, maxAttempts: 1 }),
    storage,
    userPoolId: pool.userPoolId,
    clientId: pool.clientId,
  });
  const auth = createActor(authMachine.provide({ actors: serviceActors(services) }), { input: { authFlow: 'USER_SRP_AUTH' } }).start();
  const emitted: AuthEmitted[] = [];
  auth.on('*', (e) => emitted.push(e));
  return { auth, emitted };
}

type Auth = ReturnType<typeof start>['auth'];
const settled = (auth: Auth) => waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });

/** Signs in; answers SMS MFA when asked. Says whether it was asked. */
async function signIn(auth: Auth): Promise<{ askedForMfa: boolean }> {
  await settled(auth);
  auth.send({ type: 'SIGN_IN', username: USERNAME, password: PASSWORD });
  await settled(auth);
  const askedForMfa = auth.getSnapshot().matches({ challenge: 'smsMfa' });
  if (askedForMfa) {
    auth.send({ type: 'CONFIRM_SIGN_IN', code: pool.lastCode(USERNAME, 'Authentication')! });
    await settled(auth);
  }
  expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
  return { askedForMfa };
}

async function signOut(auth: Auth) {
  auth.send({ type: 'SIGN_OUT' });
  await settled(auth);
  expect(auth.getSnapshot().value).toBe('signedOut');
  auth.stop();
}

async function adminDevices() {
  const sdk = sdkClientFor(server.endpoint);
  try {
    const { Devices } = await sdk.send(new AdminListDevicesCommand({ UserPoolId: pool.userPoolId, Username: USERNAME }));
    return (Devices ?? []).map((d) => ({
      key: d.DeviceKey,
      remembered: d.DeviceAttributes?.find((a) => a.Name?.endsWith('device_remembered_status'))?.Value,
    }));
  } finally {
    sdk.destroy();
  }
}

describe('device events against the local pool', () => {
  it('FETCH_DEVICES lists this device, REMEMBER_DEVICE spares the next MFA, FORGET_DEVICE brings it back', async () => {
    const storage = memoryStorage();
    const deviceKeyItem = `CognitoIdentityServiceProvider.${pool.clientId}.${USERNAME}.deviceKey`;
    const randomPasswordItem = `CognitoIdentityServiceProvider.${pool.clientId}.${USERNAME}.randomPasswordKey`;

    const first = start(storage);
    expect(await signIn(first.auth)).toEqual({ askedForMfa: true });
    const deviceKey = storage.snapshot()[deviceKeyItem]!;
    expect(deviceKey).toBeTruthy();

    first.auth.send({ type: 'FETCH_DEVICES' });
    const fetched = await settled(first.auth);
    expect(fetched.context.error).toBeNull();
    expect(fetched.context.devices?.map((d) => d.id)).toEqual([deviceKey]);
    expect(typeof fetched.context.devices?.[0]?.createDate).toBe('number');
    expect(JSON.stringify(fetched.context)).not.toContain(storage.snapshot()[randomPasswordItem]!);
    expect(first.emitted.at(-1)).toEqual({ type: 'fetchDevices', devices: fetched.context.devices });
    expect(await adminDevices()).toEqual([{ key: deviceKey, remembered: 'not_remembered' }]);

    // Not remembered yet: the next sign-in still asks for MFA.
    await signOut(first.auth);
    const second = start(storage);
    expect(await signIn(second.auth)).toEqual({ askedForMfa: true });

    second.auth.send({ type: 'REMEMBER_DEVICE' });
    const remembered = await settled(second.auth);
    expect(remembered.context.error).toBeNull();
    expect(second.emitted.at(-1)).toEqual({ type: 'rememberDevice' });
    expect(await adminDevices()).toEqual([{ key: deviceKey, remembered: 'remembered' }]);

    await signOut(second.auth);
    const third = start(storage);
    expect(await signIn(third.auth)).toEqual({ askedForMfa: false });

    third.auth.send({ type: 'FORGET_DEVICE' });
    const forgotten = await settled(third.auth);
    expect(forgotten.context.error).toBeNull();
    expect(forgotten.value).toEqual({ signedIn: 'idle' });
    expect(third.emitted.at(-1)).toEqual({ type: 'forgetDevice' });
    expect(await adminDevices()).toEqual([]);
    expect(storage.snapshot()[deviceKeyItem]).toBeUndefined();

    await signOut(third.auth);
    const fourth = start(storage);
    expect(await signIn(fourth.auth)).toEqual({ askedForMfa: true });
    await signOut(fourth.auth);
  });

  it('FORGET_DEVICE with a key Cognito does not know: forgetDevice_failure, the session stays', async () => {
    const storage = memoryStorage();
    const { auth, emitted } = start(storage);
    await signIn(auth);
    auth.send({ type: 'FORGET_DEVICE', deviceKey: 'us-east-1_00000000-0000-4000-8000-000000000000' });
    const after = await settled(auth);
    expect(after.value).toEqual({ signedIn: 'idle' });
    expect(after.context.error?.name).toBe('ResourceNotFoundException');
    expect(emitted.at(-1)?.type).toBe('forgetDevice_failure');
    await signOut(auth);
  });
});
