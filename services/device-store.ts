import { AuthError } from '../machines/auth-error.js';
import type { TokenStorage } from './token-storage.js';

/** A device Cognito remembers for this user, with the secret it proves itself with (DEVICE_PASSWORD_VERIFIER). */
export interface StoredDevice {
  deviceKey: string;
  deviceGroupKey: string;
  randomPassword: string;
}

/**
 * The remembered device of each user of one app client, under Amplify v6's keys
 * (`CognitoIdentityServiceProvider.<clientId>.<username>.deviceKey`, `.deviceGroupKey`, `.randomPasswordKey`), so a
 * device Amplify confirmed stays remembered. Kept apart from the session: signing out does not forget the device.
 */
export interface DeviceStore {
  /** The device, or null unless all three keys are there. */
  load(username: string): Promise<StoredDevice | null>;
  /** All or nothing: a failed write removes what it wrote. */
  save(username: string, device: StoredDevice): Promise<void>;
  clear(username: string): Promise<void>;
}

const PREFIX = 'CognitoIdentityServiceProvider';
const KEYS = { deviceKey: 'deviceKey', deviceGroupKey: 'deviceGroupKey', randomPassword: 'randomPasswordKey' } as const;

function storageError(cause: unknown): AuthError {
  if (cause instanceof AuthError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new AuthError('StorageError', `Device storage failed: ${message}`, { cause });
}

class KeyedDeviceStore implements DeviceStore {
  constructor(
    private readonly storage: TokenStorage,
    private readonly clientId: string,
  ) {}

  private key(username: string, field: keyof typeof KEYS): string {
    return `${PREFIX}.${this.clientId}.${username}.${KEYS[field]}`;
  }

  async load(username: string): Promise<StoredDevice | null> {
    const [deviceKey, deviceGroupKey, randomPassword] = await Promise.all([
      this.storage.getItem(this.key(username, 'deviceKey')),
      this.storage.getItem(this.key(username, 'deviceGroupKey')),
      this.storage.getItem(this.key(username, 'randomPassword')),
    ]);
    return deviceKey && deviceGroupKey && randomPassword ? { deviceKey, deviceGroupKey, randomPassword } : null;
  }

  async save(username: string, device: StoredDevice): Promise<void> {
    try {
      // The key goes last: without it the other two are no device.
      await this.storage.removeItem(this.key(username, 'deviceKey'));
      await this.storage.setItem(this.key(username, 'deviceGroupKey'), device.deviceGroupKey);
      await this.storage.setItem(this.key(username, 'randomPassword'), device.randomPassword);
      await this.storage.setItem(this.key(username, 'deviceKey'), device.deviceKey);
    } catch (cause) {
      await this.clear(username).catch(() => undefined);
      throw storageError(cause);
    }
  }

  async clear(username: string): Promise<void> {
    try {
      await this.storage.removeItem(this.key(username, 'deviceKey'));
      await this.storage.removeItem(this.key(username, 'deviceGroupKey'));
      await this.storage.removeItem(this.key(username, 'randomPassword'));
    } catch (cause) {
      throw storageError(cause);
    }
  }
}

export function deviceStore(storage: TokenStorage, clientId: string): DeviceStore {
  return new KeyedDeviceStore(storage, clientId);
}
