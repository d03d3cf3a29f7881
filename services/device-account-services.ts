import type { AccountRequestBase, ForgetDeviceRequest, UserDevice } from '../machines/account-contracts.js';
import type { SignedInSession } from '../machines/service-contracts.js';
import { fetchDevices, forgetDevice, rememberDevice, type AuthDevice } from './device-services.js';
import type { ServiceKit } from './service-kit.js';
import { userFromIdToken } from './token-claims.js';

/*
 * The device services as the chart's account actions call them (REMEMBER_DEVICE, FORGET_DEVICE, FETCH_DEVICES):
 * with the session's tokens, the user read from its ID token, and the devices as plain data for the context.
 */

function sessionOf(input: AccountRequestBase): SignedInSession {
  return { tokens: input.tokens, user: userFromIdToken(input.tokens.idToken) };
}

function userDeviceOf(device: AuthDevice): UserDevice {
  const { createDate, lastModifiedDate, lastAuthenticatedDate } = device;
  return {
    id: device.id,
    ...(device.name !== undefined ? { name: device.name } : {}),
    attributes: { ...device.attributes },
    ...(createDate ? { createDate: createDate.getTime() } : {}),
    ...(lastModifiedDate ? { lastModifiedDate: lastModifiedDate.getTime() } : {}),
    ...(lastAuthenticatedDate ? { lastAuthenticatedDate: lastAuthenticatedDate.getTime() } : {}),
  };
}

export function rememberThisDevice(kit: ServiceKit, input: AccountRequestBase, signal: AbortSignal): Promise<void> {
  return rememberDevice(kit, sessionOf(input), signal);
}

export function forgetUserDevice(kit: ServiceKit, input: ForgetDeviceRequest, signal: AbortSignal): Promise<void> {
  return forgetDevice(kit, { ...sessionOf(input), ...(input.deviceKey ? { deviceKey: input.deviceKey } : {}) }, signal);
}

export async function fetchUserDevices(kit: ServiceKit, input: AccountRequestBase, signal: AbortSignal): Promise<UserDevice[]> {
  return (await fetchDevices(kit, sessionOf(input), signal)).map(userDeviceOf);
}
