import { randomUUID } from 'node:crypto';
import { fail } from './local-cognito-error.js';
import type { DeviceRecord, PoolRecord, UserRecord } from './pool-records.js';
import { randomString, type ServiceState } from './service-state.js';

/**
 * The pool's DeviceConfiguration
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceConfigurationType.html):
 * any member set turns device tracking on.
 */
export interface DeviceSettings {
  tracking: boolean;
  /** A remembered device signs in with device SRP instead of SMS or TOTP MFA. */
  challengeRequiredOnNewDevice: boolean;
  /** ConfirmDevice leaves the device not remembered until UpdateDeviceStatus remembers it. */
  onlyRememberedOnUserPrompt: boolean;
}

export function deviceSettingsOf(pool: PoolRecord): DeviceSettings {
  const config = pool.input.DeviceConfiguration as Record<string, unknown> | undefined;
  return {
    tracking: config !== undefined && Object.values(config).some((value) => value !== undefined && value !== null),
    challengeRequiredOnNewDevice: config?.ChallengeRequiredOnNewDevice === true,
    onlyRememberedOnUserPrompt: config?.DeviceOnlyRememberedOnUserPrompt === true,
  };
}

/** Issued devices never confirmed beyond this many per user are dropped, oldest first, so sign-ins cannot grow memory. */
const MAX_UNCONFIRMED = 20;

/** A new device for NewDeviceMetadata: `<region>_<uuid>`, in the user's device group. */
export function issueDevice(state: ServiceState, user: UserRecord): DeviceRecord {
  user.devices ??= new Map();
  const now = state.clock.now();
  const groupKey = [...user.devices.values()][0]?.groupKey ?? `-${randomString(9)}`;
  const device: DeviceRecord = {
    key: `${state.region}_${randomUUID()}`,
    groupKey,
    remembered: false,
    createdAt: now,
    modifiedAt: now,
    lastAuthenticatedAt: now,
  };
  user.devices.set(device.key, device);
  const unconfirmed = [...user.devices.values()].filter((d) => d.verifier === undefined);
  for (const old of unconfirmed.slice(0, Math.max(0, unconfirmed.length - MAX_UNCONFIRMED))) user.devices.delete(old.key);
  return device;
}

export function deviceNotFound(): never {
  fail('ResourceNotFoundException', 'Device does not exist.');
}

/** A device the user confirmed; an unknown, forgotten or never-confirmed key is "Device does not exist.". */
export function confirmedDevice(user: UserRecord, key: string): DeviceRecord {
  const device = user.devices?.get(key);
  if (!device || device.verifier === undefined) deviceNotFound();
  return device;
}

/** DeviceType (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceType.html). */
export function deviceType(device: DeviceRecord): Record<string, unknown> {
  return {
    DeviceKey: device.key,
    DeviceAttributes: [
      { Name: 'device_status', Value: 'valid' },
      ...(device.name !== undefined ? [{ Name: 'device_name', Value: device.name }] : []),
      { Name: 'dev:device_remembered_status', Value: device.remembered ? 'remembered' : 'not_remembered' },
    ],
    DeviceCreateDate: device.createdAt / 1000,
    DeviceLastModifiedDate: device.modifiedAt / 1000,
    DeviceLastAuthenticatedDate: device.lastAuthenticatedAt / 1000,
  };
}
