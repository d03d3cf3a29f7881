import {
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminUpdateDeviceStatusCommand,
  ConfirmDeviceCommand,
  DescribeUserPoolCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  UpdateDeviceStatusCommand,
  UpdateUserPoolCommand,
  type AuthenticationResultType,
  type CreateUserPoolCommandInput,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { createDeviceVerifier, poolNameOf, startSrp } from 'cognito-auth-machine/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, expectError } from './helpers.js';
import { PASSWORD, startHarness, type Harness } from './sdk-harness.js';

const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

interface Remembered {
  deviceKey: string;
  groupKey: string;
  randomPassword: string;
}

async function mfaPool(deviceConfiguration: CreateUserPoolCommandInput['DeviceConfiguration']) {
  const ids = await h.pool({ MfaConfiguration: 'ON', SmsConfiguration: SMS, DeviceConfiguration: deviceConfiguration });
  const username = `u${Math.random().toString(36).slice(2, 10)}`;
  await h.user(ids.userPoolId, username, { phone_number: '+14325551212' });
  return { ...ids, username };
}

type Pool = Awaited<ReturnType<typeof mfaPool>>;

function initiate(pool: Pool, deviceKey?: string): Promise<InitiateAuthCommandOutput> {
  return h.sdk.send(new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: pool.username, PASSWORD, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
  }));
}

async function answerSms(pool: Pool, step: InitiateAuthCommandOutput): Promise<AuthenticationResultType> {
  expect(step.ChallengeName).toBe('SMS_MFA');
  const code = h.server.messages().filter((m) => m.username === pool.username && m.purpose === 'Authentication').at(-1)!.code;
  const out = await h.sdk.send(new RespondToAuthChallengeCommand({
    ClientId: pool.clientId,
    ChallengeName: 'SMS_MFA',
    Session: step.Session,
    ChallengeResponses: { USERNAME: pool.username, SMS_MFA_CODE: code },
  }));
  return out.AuthenticationResult!;
}

/** Signs in with SMS MFA and confirms the device the pool issued. */
async function rememberDevice(pool: Pool): Promise<Remembered & { tokens: AuthenticationResultType; confirmationNecessary: boolean }> {
  const tokens = await answerSms(pool, await initiate(pool));
  const metadata = tokens.NewDeviceMetadata!;
  expect(metadata.DeviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
  expect(decodeJwt(tokens.AccessToken!).device_key).toBe(metadata.DeviceKey);
  const verifier = await createDeviceVerifier(metadata.DeviceGroupKey!, metadata.DeviceKey!);
  const confirmed = await h.sdk.send(new ConfirmDeviceCommand({
    AccessToken: tokens.AccessToken,
    DeviceKey: metadata.DeviceKey,
    DeviceName: 'test browser',
    DeviceSecretVerifierConfig: { PasswordVerifier: verifier.passwordVerifier, Salt: verifier.salt },
  }));
  return {
    deviceKey: metadata.DeviceKey!,
    groupKey: metadata.DeviceGroupKey!,
    randomPassword: verifier.randomPassword,
    tokens,
    confirmationNecessary: confirmed.UserConfirmationNecessary!,
  };
}

/** DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER as a client answers them. */
async function deviceSignIn(pool: Pool, device: Remembered, step: InitiateAuthCommandOutput, password = device.randomPassword) {
  expect(step.ChallengeName).toBe('DEVICE_SRP_AUTH');
  const srp = await startSrp();
  const verifierStep = await h.sdk.send(new RespondToAuthChallengeCommand({
    ClientId: pool.clientId,
    ChallengeName: 'DEVICE_SRP_AUTH',
    Session: step.Session,
    ChallengeResponses: { USERNAME: pool.username, DEVICE_KEY: device.deviceKey, SRP_A: srp.srpA },
  }));
  expect(verifierStep.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
  const p = verifierStep.ChallengeParameters!;
  const { signature, timestamp } = await srp.respond({
    poolName: device.groupKey,
    userIdForSrp: device.deviceKey,
    password,
    salt: p.SALT!,
    srpB: p.SRP_B!,
    secretBlock: p.SECRET_BLOCK!,
  });
  return h.sdk.send(new RespondToAuthChallengeCommand({
    ClientId: pool.clientId,
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    Session: verifierStep.Session,
    ChallengeResponses: {
      USERNAME: pool.username,
      DEVICE_KEY: device.deviceKey,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
      PASSWORD_CLAIM_SIGNATURE: signature,
      TIMESTAMP: timestamp,
    },
  }));
}

describe('device tracking (local pool over HTTP)', () => {
  it('DeviceConfiguration is kept by CreateUserPool and replaced by UpdateUserPool', async () => {
    const { userPoolId } = await h.pool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } });
    const described = await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    expect(described.UserPool!.DeviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false });
    await h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: userPoolId, DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } }));
    const updated = await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    expect(updated.UserPool!.DeviceConfiguration).toEqual({ DeviceOnlyRememberedOnUserPrompt: true });
  });

  it('without DeviceConfiguration no device is issued', async () => {
    const pool = await mfaPool(undefined);
    const tokens = await answerSms(pool, await initiate(pool));
    expect(tokens.AccessToken).toBeTruthy();
    expect(tokens.NewDeviceMetadata).toBeUndefined();
    expect(decodeJwt(tokens.AccessToken!).device_key).toBeUndefined();
  });

  it('a remembered device skips MFA through DEVICE_SRP_AUTH; a forgotten one is "Device does not exist."', async () => {
    const pool = await mfaPool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false });
    const device = await rememberDevice(pool);
    expect(device.confirmationNecessary).toBe(false);

    const out = await deviceSignIn(pool, device, await initiate(pool, device.deviceKey));
    expect(out.ChallengeName).toBeUndefined();
    expect(out.AuthenticationResult!.AccessToken).toBeTruthy();
    expect(out.AuthenticationResult!.NewDeviceMetadata).toBeUndefined();
    expect(decodeJwt(out.AuthenticationResult!.AccessToken!).device_key).toBe(device.deviceKey);

    const { Device } = await h.sdk.send(new GetDeviceCommand({ AccessToken: out.AuthenticationResult!.AccessToken, DeviceKey: device.deviceKey }));
    expect(Device!.DeviceKey).toBe(device.deviceKey);
    expect(Device!.DeviceAttributes).toEqual(expect.arrayContaining([
      { Name: 'device_status', Value: 'valid' },
      { Name: 'device_name', Value: 'test browser' },
      { Name: 'dev:device_remembered_status', Value: 'remembered' },
    ]));
    expect(Device!.DeviceCreateDate).toBeInstanceOf(Date);

    await h.sdk.send(new ForgetDeviceCommand({ AccessToken: out.AuthenticationResult!.AccessToken, DeviceKey: device.deviceKey }));
    await expectError(initiate(pool, device.deviceKey), 'ResourceNotFoundException', 'Device does not exist.');
    await expectError(
      h.sdk.send(new GetDeviceCommand({ AccessToken: out.AuthenticationResult!.AccessToken, DeviceKey: device.deviceKey })),
      'ResourceNotFoundException',
      'Device does not exist.',
    );
    // Without the key the sign-in asks for MFA again and issues a new device.
    const again = await answerSms(pool, await initiate(pool));
    expect(again.NewDeviceMetadata!.DeviceKey).not.toBe(device.deviceKey);
  });

  it('a wrong device password is refused', async () => {
    const pool = await mfaPool({ ChallengeRequiredOnNewDevice: true });
    const device = await rememberDevice(pool);
    await expectError(
      deviceSignIn(pool, device, await initiate(pool, device.deviceKey), 'not the device password'),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  it('ConfirmDevice: a second confirmation is DeviceKeyExistsException, an unknown key ResourceNotFoundException', async () => {
    const pool = await mfaPool({ ChallengeRequiredOnNewDevice: true });
    const tokens = await answerSms(pool, await initiate(pool));
    const metadata = tokens.NewDeviceMetadata!;
    const verifier = await createDeviceVerifier(metadata.DeviceGroupKey!, metadata.DeviceKey!);
    const confirm = (DeviceKey: string) => h.sdk.send(new ConfirmDeviceCommand({
      AccessToken: tokens.AccessToken,
      DeviceKey,
      DeviceSecretVerifierConfig: { PasswordVerifier: verifier.passwordVerifier, Salt: verifier.salt },
    }));
    // Concurrent confirmations: exactly one succeeds.
    const results = await Promise.allSettled([confirm(metadata.DeviceKey!), confirm(metadata.DeviceKey!)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as Error).name).toBe('DeviceKeyExistsException');
    await expectError(confirm('us-east-1_00000000-0000-4000-8000-000000000000'), 'ResourceNotFoundException', 'Device does not exist.');
  });

  it('DeviceOnlyRememberedOnUserPrompt: MFA is asked until UpdateDeviceStatus remembers the device', async () => {
    const pool = await mfaPool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true });
    const device = await rememberDevice(pool);
    expect(device.confirmationNecessary).toBe(true);
    const notYet = await deviceSignIn(pool, device, await initiate(pool, device.deviceKey));
    expect(notYet.ChallengeName).toBe('SMS_MFA');
    const tokens = await answerSms(pool, notYet);
    expect(tokens.NewDeviceMetadata).toBeUndefined();
    await h.sdk.send(new UpdateDeviceStatusCommand({ AccessToken: tokens.AccessToken, DeviceKey: device.deviceKey, DeviceRememberedStatus: 'remembered' }));
    const skipped = await deviceSignIn(pool, device, await initiate(pool, device.deviceKey));
    expect(skipped.AuthenticationResult!.AccessToken).toBeTruthy();
  });

  it('refresh needs the DEVICE_KEY the tokens are tied to, and stops when the device is forgotten', async () => {
    const pool = await mfaPool({ ChallengeRequiredOnNewDevice: true });
    const device = await rememberDevice(pool);
    const refresh = (deviceKey?: string) => h.sdk.send(new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: pool.clientId,
      AuthParameters: { REFRESH_TOKEN: device.tokens.RefreshToken!, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
    }));
    await expectError(refresh(), 'NotAuthorizedException', 'Invalid Refresh Token');
    await expectError(refresh('us-east-1_00000000-0000-4000-8000-000000000000'), 'NotAuthorizedException', 'Invalid Refresh Token');
    const refreshed = await refresh(device.deviceKey);
    expect(decodeJwt(refreshed.AuthenticationResult!.AccessToken!).device_key).toBe(device.deviceKey);
    const viaNew = await h.sdk.send(new GetTokensFromRefreshTokenCommand({
      ClientId: pool.clientId,
      RefreshToken: device.tokens.RefreshToken,
      DeviceKey: device.deviceKey,
    }));
    expect(viaNew.AuthenticationResult!.AccessToken).toBeTruthy();
    await h.sdk.send(new AdminForgetDeviceCommand({ UserPoolId: pool.userPoolId, Username: pool.username, DeviceKey: device.deviceKey }));
    await expectError(refresh(device.deviceKey), 'NotAuthorizedException', 'Invalid Refresh Token');
  });

  it('global sign-out ends the tokens but not the device', async () => {
    const pool = await mfaPool({ ChallengeRequiredOnNewDevice: true });
    const device = await rememberDevice(pool);
    await h.sdk.send(new GlobalSignOutCommand({ AccessToken: device.tokens.AccessToken }));
    await expectError(
      h.sdk.send(new ListDevicesCommand({ AccessToken: device.tokens.AccessToken })),
      'NotAuthorizedException',
      'Access Token has been revoked',
    );
    const out = await deviceSignIn(pool, device, await initiate(pool, device.deviceKey));
    expect(out.AuthenticationResult!.AccessToken).toBeTruthy();
  });

  it('ListDevices pages; the admin operations read, change and forget devices', async () => {
    const pool = await mfaPool({ ChallengeRequiredOnNewDevice: true });
    const first = await rememberDevice(pool);
    const second = await rememberDevice(pool);
    const access = second.tokens.AccessToken;
    const page1 = await h.sdk.send(new ListDevicesCommand({ AccessToken: access, Limit: 1 }));
    expect(page1.Devices).toHaveLength(1);
    expect(page1.PaginationToken).toBeTruthy();
    const page2 = await h.sdk.send(new ListDevicesCommand({ AccessToken: access, Limit: 1, PaginationToken: page1.PaginationToken }));
    expect(page2.PaginationToken).toBeUndefined();
    expect([page1.Devices![0]!.DeviceKey, page2.Devices![0]!.DeviceKey].sort()).toEqual([first.deviceKey, second.deviceKey].sort());

    const user = { UserPoolId: pool.userPoolId, Username: pool.username };
    expect((await h.sdk.send(new AdminListDevicesCommand(user))).Devices).toHaveLength(2);
    await h.sdk.send(new AdminUpdateDeviceStatusCommand({ ...user, DeviceKey: first.deviceKey, DeviceRememberedStatus: 'not_remembered' }));
    const got = await h.sdk.send(new AdminGetDeviceCommand({ ...user, DeviceKey: first.deviceKey }));
    expect(got.Device!.DeviceAttributes).toContainEqual({ Name: 'dev:device_remembered_status', Value: 'not_remembered' });
    // Not remembered any more: the device is proven, then MFA is asked.
    const step = await deviceSignIn(pool, first, await initiate(pool, first.deviceKey));
    expect(step.ChallengeName).toBe('SMS_MFA');

    await h.sdk.send(new AdminForgetDeviceCommand({ ...user, DeviceKey: first.deviceKey }));
    expect((await h.sdk.send(new AdminListDevicesCommand(user))).Devices!.map((d) => d.DeviceKey)).toEqual([second.deviceKey]);
    await expectError(h.sdk.send(new AdminGetDeviceCommand({ ...user, DeviceKey: first.deviceKey })), 'ResourceNotFoundException', 'Device does not exist.');
    await expectError(h.sdk.send(new AdminListDevicesCommand({ ...user, Username: 'nobody' })), 'UserNotFoundException');

    const page = await (await fetch(`${h.server.endpoint}/_local/`)).text();
    expect(page).toContain(second.deviceKey);
    expect(page).toContain('test browser');
    expect(page).not.toContain(first.deviceKey);
  });

  it('USER_SRP_AUTH with DEVICE_KEY goes on to the device challenge after PASSWORD_VERIFIER', async () => {
    const pool = await mfaPool({ ChallengeRequiredOnNewDevice: true });
    const device = await rememberDevice(pool);
    const srp = await startSrp();
    const first = await h.sdk.send(new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: pool.clientId,
      AuthParameters: { USERNAME: pool.username, SRP_A: srp.srpA, DEVICE_KEY: device.deviceKey },
    }));
    const p = first.ChallengeParameters!;
    const { signature, timestamp } = await srp.respond({
      poolName: poolNameOf(pool.userPoolId), userIdForSrp: p.USER_ID_FOR_SRP!, password: PASSWORD, salt: p.SALT!, srpB: p.SRP_B!, secretBlock: p.SECRET_BLOCK!,
    });
    const step = await h.sdk.send(new RespondToAuthChallengeCommand({
      ClientId: pool.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: first.Session,
      ChallengeResponses: {
        USERNAME: p.USER_ID_FOR_SRP!, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp,
        DEVICE_KEY: device.deviceKey,
      },
    }));
    const out = await deviceSignIn(pool, device, step);
    expect(out.AuthenticationResult!.AccessToken).toBeTruthy();
  });
});

describe('device persistence', () => {
  it('an exported and imported pool keeps its devices: the device still signs in without MFA', async () => {
    const pool = await mfaPool({ ChallengeRequiredOnNewDevice: true });
    const device = await rememberDevice(pool);
    const saved = await h.server.cognito.exportData({ userPoolId: pool.userPoolId });
    const restored = await startHarness();
    try {
      await restored.server.cognito.importData(JSON.parse(JSON.stringify(saved)));
      const previous = h;
      h = restored;
      try {
        const out = await deviceSignIn(pool, device, await initiate(pool, device.deviceKey));
        expect(out.AuthenticationResult!.AccessToken).toBeTruthy();
      } finally {
        h = previous;
      }
    } finally {
      await restored.close();
    }
  });
});
