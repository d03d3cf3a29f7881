import { AuthError } from '../machines/auth-error.js';
import type { AuthenticationResultType, AuthStepOutput, CognitoOperation, InputOf, OutputOf } from './cognito-api.js';
import { toAuthError } from './error-mapping.js';
import type { DeviceStore, StoredDevice } from './device-store.js';
import type { SrpStarter } from './password-verifier.js';
import { createDeviceVerifier } from './srp/device-verifier.js';
import { startSrp } from './srp/srp-client.js';

/*
 * Remembered devices in sign-in (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html):
 * the sign-in names the stored device (DEVICE_KEY), answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER with its
 * secret, and confirms a device Cognito newly issued (NewDeviceMetadata).
 */

/** What device sign-in needs of the service kit (services/service-kit.ts), which calls in here. */
export interface DeviceKit {
  readonly devices: DeviceStore;
  readonly clientId: string;
  readonly options: { startSrp?: SrpStarter };
  call<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>>;
  hashParam(username: string): Promise<{ SECRET_HASH?: string }>;
  now(): number;
  ensureCurrent(signal: AbortSignal): void;
}

/** DeviceName for ConfirmDevice when there is no user agent to show (a server, React Native). */
export const DEFAULT_DEVICE_NAME = 'cognito-auth-machine';

function deviceName(): string {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  return typeof agent === 'string' && agent !== '' ? agent.slice(0, 1024) : DEFAULT_DEVICE_NAME;
}

/** The stored device, or none when storage cannot be read: the sign-in then goes on as on a new device. */
export async function storedDevice(kit: DeviceKit, username: string): Promise<StoredDevice | null> {
  try {
    return await kit.devices.load(username);
  } catch {
    return null;
  }
}

/** Cognito's answer for a device key it no longer knows (forgotten, or from another pool). */
export function isForgottenDevice(error: unknown): boolean {
  const authError = toAuthError(error);
  return authError.name === 'ResourceNotFoundException' && authError.message.includes('Device does not exist');
}

/**
 * A sign-in that named a device Cognito no longer knows is tried once more without it, after the stale keys are
 * dropped, as Amplify does.
 */
export async function withForgottenDeviceRetry<T>(
  kit: DeviceKit,
  username: string,
  attempt: (device: StoredDevice | null) => Promise<T>,
): Promise<T> {
  const device = await storedDevice(kit, username);
  try {
    return await attempt(device);
  } catch (error) {
    if (!device || !isForgottenDevice(error)) throw error;
    await kit.devices.clear(username).catch(() => undefined);
    return attempt(null);
  }
}

/**
 * DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER, answered with the stored device: the chart never sees them. SRP as
 * for a password, with the device group key in place of the pool name and the device key in place of the user.
 */
export async function answerDeviceChallenge(kit: DeviceKit, output: AuthStepOutput, typedUsername: string, signal: AbortSignal): Promise<AuthStepOutput> {
  if (output.ChallengeName !== 'DEVICE_SRP_AUTH') {
    throw new AuthError('InvalidResponseError', `Cognito asked for ${output.ChallengeName ?? 'a challenge'} before DEVICE_SRP_AUTH`);
  }
  const username = output.ChallengeParameters?.USERNAME ?? typedUsername;
  const device = (await storedDevice(kit, username)) ?? (await storedDevice(kit, typedUsername));
  if (!device) throw new AuthError('InvalidResponseError', 'Cognito asked for DEVICE_SRP_AUTH, but no device is remembered here');
  const srp = await (kit.options.startSrp ?? startSrp)();
  const verifierStep = await kit.call(
    'RespondToAuthChallenge',
    {
      ClientId: kit.clientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      ...(output.Session ? { Session: output.Session } : {}),
      ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.deviceKey, SRP_A: srp.srpA, ...(await kit.hashParam(username)) },
    },
    signal,
  );
  const p = verifierStep.ChallengeParameters ?? {};
  if (verifierStep.ChallengeName !== 'DEVICE_PASSWORD_VERIFIER' || !p.SRP_B || !p.SALT || !p.SECRET_BLOCK) {
    throw new AuthError('InvalidResponseError', 'Cognito answered DEVICE_SRP_AUTH without a DEVICE_PASSWORD_VERIFIER challenge');
  }
  const { signature, timestamp } = await srp.respond({
    poolName: device.deviceGroupKey,
    userIdForSrp: device.deviceKey,
    password: device.randomPassword,
    salt: p.SALT,
    srpB: p.SRP_B,
    secretBlock: p.SECRET_BLOCK,
    now: new Date(kit.now()),
  });
  return kit.call(
    'RespondToAuthChallenge',
    {
      ClientId: kit.clientId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      ...(verifierStep.Session ? { Session: verifierStep.Session } : {}),
      ChallengeResponses: {
        USERNAME: username,
        DEVICE_KEY: device.deviceKey,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
        ...(await kit.hashParam(username)),
      },
    },
    signal,
  );
}

/**
 * Confirms the device Cognito issued with the tokens (ConfirmDevice with a new verifier) and keeps its keys. The
 * sign-in stands either way: a failure only means the device is not remembered, and is returned for the app to see.
 */
export async function keepNewDevice(
  kit: DeviceKit,
  result: AuthenticationResultType,
  username: string,
  signal: AbortSignal,
): Promise<AuthError | undefined> {
  const metadata = result.NewDeviceMetadata;
  if (!metadata?.DeviceKey || !metadata.DeviceGroupKey || !result.AccessToken) return undefined;
  try {
    const verifier = await createDeviceVerifier(metadata.DeviceGroupKey, metadata.DeviceKey);
    await kit.call(
      'ConfirmDevice',
      {
        AccessToken: result.AccessToken,
        DeviceKey: metadata.DeviceKey,
        DeviceSecretVerifierConfig: { PasswordVerifier: verifier.passwordVerifier, Salt: verifier.salt },
        DeviceName: deviceName(),
      },
      signal,
    );
    kit.ensureCurrent(signal);
    await kit.devices.save(username, {
      deviceKey: metadata.DeviceKey,
      deviceGroupKey: metadata.DeviceGroupKey,
      randomPassword: verifier.randomPassword,
    });
    return undefined;
  } catch (error) {
    return toAuthError(error);
  }
}
