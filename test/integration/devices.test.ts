import { ForgetDeviceCommand, ListDevicesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { authMachine, createAuthServices } from '../../advanced.js';
import { memoryStorage, sdkTransport, type AuthEmitted } from '../../index.js';
import { serviceActors } from '../../machines/service-registry.js';
import { createLocalUserPool, startLocalCognito, type LocalCognitoServer, type LocalUserPool } from '@cognito-auth-machine/local-pool';
import { sdkClientFor } from '../../packages/local-pool/test/sdk-harness.js';

/*
 * Remembered devices end to end over HTTP: a pool that requires MFA and lets a remembered device stand in for it
 * (DeviceConfiguration.ChallengeRequiredOnNewDevice), the machine and its services with one storage across sign-ins.
 */

const PASSWORD = 'Passw0rd-dev!';
const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' };

let pool: LocalUserPool;
let server: LocalCognitoServer;

beforeAll(async () => {
  pool = await createLocalUserPool({
    pool: { MfaConfiguration: 'ON', SmsConfiguration: SMS, DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } },
  });
  // One user per flow: devices one test remembers must not carry over to the other.
  for (const username of ['dana', 'dale']) {
    await pool.admin.createUser(username, { attributes: [{ Name: 'phone_number', Value: '+14325550101' }], suppress: true });
    await pool.admin.setPassword(username, PASSWORD, true);
  }
  server = await startLocalCognito({ cognito: pool.cognito });
});
afterAll(async () => {
  await server?.close();
});

function start(authFlow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH', storage: ReturnType<typeof memoryStorage>) {
  const services = createAuthServices({
    transport: sdkTransport({ endpoint: server.endpoint, maxAttempts: 1 }),
    storage,
    userPoolId: pool.userPoolId,
    clientId: pool.clientId,
  });
  const auth = createActor(authMachine.provide({ actors: serviceActors(services) }), { input: { authFlow } }).start();
  const emitted: AuthEmitted[] = [];
  auth.on('*', (e) => emitted.push(e));
  return { auth, emitted };
}

type Auth = ReturnType<typeof start>['auth'];
const settled = (auth: Auth) => waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });

async function signIn(auth: Auth, username: string) {
  await settled(auth);
  auth.send({ type: 'SIGN_IN', username, password: PASSWORD });
  await settled(auth);
}

async function answerSms(auth: Auth, username: string) {
  expect(auth.getSnapshot().value).toEqual({ challenge: 'smsMfa' });
  auth.send({ type: 'CONFIRM_SIGN_IN', code: pool.lastCode(username, 'Authentication')! });
  await settled(auth);
  expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
}

async function signOut(auth: Auth) {
  auth.send({ type: 'SIGN_OUT' });
  await settled(auth);
  expect(auth.getSnapshot().value).toBe('signedOut');
  auth.stop();
}

describe.each([['USER_SRP_AUTH', 'dana'], ['USER_PASSWORD_AUTH', 'dale']] as const)('remembered device with %s', (authFlow, username) => {
  it('MFA on the first sign-in, none on the next (DEVICE_SRP_AUTH), MFA again after ForgetDevice', async () => {
    // One storage for the three sign-ins, as one browser keeps it.
    const storage = memoryStorage();
    const first = start(authFlow, storage);
    await signIn(first.auth, username);
    await answerSms(first.auth, username);
    expect(first.emitted.map((e) => e.type)).toEqual(['signIn']);
    const accessToken = first.auth.getSnapshot().context.tokens!.accessToken;
    const sdk = sdkClientFor(server.endpoint);
    const listed = await sdk.send(new ListDevicesCommand({ AccessToken: accessToken }));
    expect(listed.Devices).toHaveLength(1);
    const deviceKey = listed.Devices![0]!.DeviceKey!;
    expect(storage.snapshot()[`CognitoIdentityServiceProvider.${pool.clientId}.${username}.deviceKey`]).toBe(deviceKey);
    await signOut(first.auth);

    const second = start(authFlow, storage);
    await signIn(second.auth, username);
    expect(second.auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
    expect(second.emitted.map((e) => e.type)).toEqual(['signIn']);
    // The device's tokens refresh with its key.
    second.auth.send({ type: 'REFRESH' });
    await settled(second.auth);
    expect(second.auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
    expect(second.emitted.map((e) => e.type)).toEqual(['signIn', 'tokenRefresh']);

    await sdk.send(new ForgetDeviceCommand({ AccessToken: second.auth.getSnapshot().context.tokens!.accessToken, DeviceKey: deviceKey }));
    sdk.destroy();
    await signOut(second.auth);

    const third = start(authFlow, storage);
    await signIn(third.auth, username);
    await answerSms(third.auth, username);
    const newKey = storage.snapshot()[`CognitoIdentityServiceProvider.${pool.clientId}.${username}.deviceKey`];
    expect(newKey).toBeTruthy();
    expect(newKey).not.toBe(deviceKey);
    await signOut(third.auth);
  });
});
