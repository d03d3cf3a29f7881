import { useSelector } from '@xstate/react';
import { useState } from 'react';
import type { UserDevice } from '../../../core.js';
import { selectBusy } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { SettingsSection, useSignedInState } from './settings-section.js';
import { clockTime } from './use-now.js';
import { useEmitted } from './use-emitted.js';

const EVENTS = ['FETCH_DEVICES', 'REMEMBER_DEVICE', 'FORGET_DEVICE'] as const;

/**
 * This browser's device key, where the library keeps it (Amplify v6's key in the session's storage): a device's
 * identifier, not a secret, read to mark "this browser" in the list.
 */
function thisDeviceKey(clientId: string, username: string): string | null {
  return sessionStorage.getItem(`CognitoIdentityServiceProvider.${clientId}.${username}.deviceKey`);
}

const nameOf = (device: UserDevice) => device.name ?? device.id;
/** ListDevices names it `dev:device_remembered_status` (DeviceType's attributes). */
const isRemembered = (device: UserDevice) => device.attributes['dev:device_remembered_status'] === 'remembered';

/**
 * The devices Cognito tracks for the user: this browser can be remembered (then it stands in for MFA where the pool
 * says so), and any device forgotten. The list is read when the view opens and again after each change.
 */
export function DeviceSettings() {
  const { auth, send, pool } = useDemo();
  const devices = useSelector(auth, (s) => s.context.devices);
  const username = useSelector(auth, (s) => s.context.user?.username ?? '');
  const busy = useSelector(auth, selectBusy);
  const remembering = useSignedInState('rememberingDevice');
  const forgetting = useSignedInState('forgettingDevice');
  const [done, setDone] = useState<string | null>(null);
  useEmitted('rememberDevice', () => setDone('This browser is remembered.'));
  useEmitted('forgetDevice', () => setDone('Device forgotten.'));
  const current = thisDeviceKey(pool.userPoolClientId, username);
  const here = devices?.find((device) => device.id === current);
  const remembered = here !== undefined && isRemembered(here);
  return (
    <SettingsSection
      id="devices"
      title="Devices"
      events={EVENTS}
      done={done}
      lede={devices === null ? 'Reading from Cognito…' : devices.length === 0 ? 'Cognito tracks no device for this account.' : 'The browsers and apps this account signed in on.'}
    >
      {devices && devices.length > 0 ? (
        <ul className="devices" data-testid="devices">
          {devices.map((device) => (
            <li key={device.id} className="device" data-device-key={device.id}>
              <div className="device__text">
                <span className="device__name">{nameOf(device)}</span>
                <span className="device__meta">
                  {device.id === current ? <span className="badge badge--ok">this browser</span> : null}
                  {isRemembered(device) ? 'remembered' : 'not remembered'}
                  {device.lastAuthenticatedDate ? ` · last sign-in ${clockTime(device.lastAuthenticatedDate)}` : ''}
                </span>
              </div>
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                aria-label={`Forget ${device.id === current ? 'this browser' : nameOf(device)}`}
                onClick={() => {
                  setDone(null);
                  send({ type: 'FORGET_DEVICE', deviceKey: device.id });
                }}
              >
                Forget
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {here && !remembered ? (
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => {
              setDone(null);
              send({ type: 'REMEMBER_DEVICE' });
            }}
          >
            {remembering ? <span className="spinner" aria-hidden="true" /> : null}
            Remember this browser
          </button>
        </div>
      ) : null}
      {forgetting ? <p className="setting__lede">Forgetting…</p> : null}
    </SettingsSection>
  );
}
