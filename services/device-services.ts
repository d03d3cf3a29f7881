import { AuthError } from '../machines/auth-error.js';
import type { SignedInSession } from '../machines/service-contracts.js';
import type { AttributeType, DeviceType } from './cognito-api.js';
import { accountCall } from './account-services.js';
import type { ServiceKit } from './service-kit.js';

/** A device as Amplify v6's fetchDevices shows it. */
export interface AuthDevice {
  id: string;
  name?: string;
  attributes: Record<string, string>;
  createDate?: Date;
  lastModifiedDate?: Date;
  lastAuthenticatedDate?: Date;
}

function dateOf(value: Date | number | undefined): Date | undefined {
  if (value === undefined) return undefined;
  return value instanceof Date ? value : new Date(value * 1000);
}

function attributesOf(list: AttributeType[] | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const { Name, Value } of list ?? []) if (Name) attributes[Name] = Value ?? '';
  return attributes;
}

function deviceOf(device: DeviceType): AuthDevice {
  const attributes = attributesOf(device.DeviceAttributes);
  const createDate = dateOf(device.DeviceCreateDate);
  const lastModifiedDate = dateOf(device.DeviceLastModifiedDate);
  const lastAuthenticatedDate = dateOf(device.DeviceLastAuthenticatedDate);
  return {
    id: device.DeviceKey ?? '',
    ...(attributes.device_name !== undefined ? { name: attributes.device_name } : {}),
    attributes,
    ...(createDate ? { createDate } : {}),
    ...(lastModifiedDate ? { lastModifiedDate } : {}),
    ...(lastAuthenticatedDate ? { lastAuthenticatedDate } : {}),
  };
}

async function currentDeviceKey(kit: ServiceKit, session: SignedInSession): Promise<string> {
  const device = await kit.devices.load(session.user.username);
  if (!device) throw new AuthError('DeviceNotRememberedError', 'No device is remembered for this user on this device');
  return device.deviceKey;
}

/*
 * Remembered-device services for the signed-in user
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html).
 * Like the other account requests, one Cognito refuses as a revoked or expired session clears the stored one.
 */

/** Marks this device remembered (UpdateDeviceStatus), for pools that remember devices only when the user agrees. */
export async function rememberDevice(kit: ServiceKit, input: SignedInSession, signal: AbortSignal): Promise<void> {
  const deviceKey = await currentDeviceKey(kit, input);
  await accountCall(kit, 'UpdateDeviceStatus', { AccessToken: input.tokens.accessToken, DeviceKey: deviceKey, DeviceRememberedStatus: 'remembered' }, signal);
}

/**
 * Forgets a device (ForgetDevice), this one when no key is given. Forgetting this device also drops its keys here,
 * so the next sign-in is as on a new device.
 */
export async function forgetDevice(
  kit: ServiceKit,
  input: SignedInSession & { deviceKey?: string },
  signal: AbortSignal,
): Promise<void> {
  const stored = await kit.devices.load(input.user.username);
  const deviceKey = input.deviceKey ?? stored?.deviceKey;
  if (!deviceKey) throw new AuthError('DeviceNotRememberedError', 'No device is remembered for this user on this device');
  await accountCall(kit, 'ForgetDevice', { AccessToken: input.tokens.accessToken, DeviceKey: deviceKey }, signal);
  if (stored?.deviceKey === deviceKey) await kit.devices.clear(input.user.username);
}

/** The user's devices (ListDevices, at most 60, as Amplify asks). */
export async function fetchDevices(kit: ServiceKit, input: SignedInSession, signal: AbortSignal): Promise<AuthDevice[]> {
  const output = await accountCall(kit, 'ListDevices', { AccessToken: input.tokens.accessToken, Limit: 60 }, signal);
  return (output.Devices ?? []).map(deviceOf);
}
