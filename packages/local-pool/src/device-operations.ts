import { confirmedDevice, deviceNotFound, deviceSettingsOf, deviceType } from './devices.js';
import { fail } from './local-cognito-error.js';
import { page } from './pagination.js';
import type { PoolRecord, UserRecord } from './pool-records.js';
import { poolOf, type ServiceState } from './service-state.js';
import { userOfAccessToken } from './token-issuer.js';
import { findUser } from './user-directory.js';

type Input = Record<string, unknown>;

/** The user behind the AccessToken (optional in the model for GetDevice and ForgetDevice, needed here all the same). */
function tokenUser(state: ServiceState, input: Input): { pool: PoolRecord; user: UserRecord } {
  if (typeof input.AccessToken !== 'string') fail('InvalidParameterException', 'Missing required parameter AccessToken');
  return userOfAccessToken(state, input.AccessToken);
}

function adminUser(state: ServiceState, input: Input): { pool: PoolRecord; user: UserRecord } {
  const pool = poolOf(state, String(input.UserPoolId));
  const user = findUser(pool, String(input.Username));
  if (!user) fail('UserNotFoundException', 'User does not exist.');
  return { pool, user };
}

function base64ToHex(value: unknown, member: string): string {
  const text = typeof value === 'string' ? value : '';
  const bytes = Buffer.from(text, 'base64');
  if (text === '' || bytes.length === 0 || bytes.toString('base64').replace(/=+$/, '') !== text.replace(/=+$/, '')) {
    fail('InvalidParameterException', `DeviceSecretVerifierConfig.${member} must be base64.`);
  }
  return bytes.toString('hex');
}

/**
 * Keeps the SRP verifier of a device issued at sign-in
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html). Synchronous:
 * of two concurrent confirmations exactly one succeeds and the other gets DeviceKeyExistsException.
 */
export function confirmDevice(state: ServiceState, input: Input): Input {
  const { pool, user } = tokenUser(state, input);
  const device = user.devices?.get(String(input.DeviceKey));
  if (!device) deviceNotFound();
  if (device.verifier !== undefined) fail('DeviceKeyExistsException', 'Device key already exists.');
  const config = (input.DeviceSecretVerifierConfig ?? {}) as Record<string, unknown>;
  const verifier = base64ToHex(config.PasswordVerifier, 'PasswordVerifier');
  const salt = base64ToHex(config.Salt, 'Salt');
  const settings = deviceSettingsOf(pool);
  device.verifier = verifier;
  device.salt = salt;
  if (typeof input.DeviceName === 'string') device.name = input.DeviceName;
  device.remembered = !settings.onlyRememberedOnUserPrompt;
  device.modifiedAt = state.clock.now();
  return { UserConfirmationNecessary: settings.onlyRememberedOnUserPrompt };
}

function getDeviceOf(user: UserRecord, input: Input): Input {
  return { Device: deviceType(confirmedDevice(user, String(input.DeviceKey))) };
}

const DEFAULT_LIMIT = 60;

/** Confirmed devices, remembered or not, oldest first. */
function listDevicesOf(user: UserRecord, input: Input): Input {
  const devices = [...(user.devices?.values() ?? [])].filter((d) => d.verifier !== undefined);
  const limit = typeof input.Limit === 'number' && input.Limit > 0 ? input.Limit : DEFAULT_LIMIT;
  const listed = page(devices, (d) => `${String(d.createdAt).padStart(16, '0')}:${d.key}`, limit, input.PaginationToken);
  return { Devices: listed.items.map(deviceType), ...(listed.next ? { PaginationToken: listed.next } : {}) };
}

function updateDeviceStatusOf(state: ServiceState, user: UserRecord, input: Input): Input {
  const device = confirmedDevice(user, String(input.DeviceKey));
  if (input.DeviceRememberedStatus !== undefined) device.remembered = input.DeviceRememberedStatus === 'remembered';
  device.modifiedAt = state.clock.now();
  return {};
}

/** The device's key stops working for sign-in and refresh. */
function forgetDeviceOf(user: UserRecord, input: Input): Input {
  const key = String(input.DeviceKey);
  if (!user.devices?.has(key)) deviceNotFound();
  user.devices.delete(key);
  return {};
}

export const getDevice = (state: ServiceState, input: Input): Input => getDeviceOf(tokenUser(state, input).user, input);
export const listDevices = (state: ServiceState, input: Input): Input => listDevicesOf(tokenUser(state, input).user, input);
export const updateDeviceStatus = (state: ServiceState, input: Input): Input => updateDeviceStatusOf(state, tokenUser(state, input).user, input);
export const forgetDevice = (state: ServiceState, input: Input): Input => forgetDeviceOf(tokenUser(state, input).user, input);
export const adminGetDevice = (state: ServiceState, input: Input): Input => getDeviceOf(adminUser(state, input).user, input);
export const adminListDevices = (state: ServiceState, input: Input): Input => listDevicesOf(adminUser(state, input).user, input);
export const adminUpdateDeviceStatus = (state: ServiceState, input: Input): Input => updateDeviceStatusOf(state, adminUser(state, input).user, input);
export const adminForgetDevice = (state: ServiceState, input: Input): Input => forgetDeviceOf(adminUser(state, input).user, input);
