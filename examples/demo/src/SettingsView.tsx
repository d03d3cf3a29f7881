import { useSelector } from '@xstate/react';
import { useEffect, useState } from 'react';
import { selectError, selectStatePath } from './auth-selectors.js';
import { AttributeSettings } from './AttributeSettings.js';
import { DeleteAccountSettings } from './DeleteAccountSettings.js';
import { DeviceSettings } from './DeviceSettings.js';
import { useDemo } from './demo-context.js';
import { MfaPreferenceSettings } from './MfaPreferenceSettings.js';
import { PasskeySettings } from './PasskeySettings.js';
import { PasswordSettings } from './PasswordSettings.js';
import { TotpSettings } from './TotpSettings.js';

/**
 * The signed-in user's settings: each block sends one account event and shows its outcome. What Cognito holds
 * for two-step verification and the devices is read when the view opens and again after anything that changes it.
 */
export function SettingsView() {
  const { auth, send } = useDemo();
  const state = useSelector(auth, selectStatePath);
  const preference = useSelector(auth, (s) => s.context.mfaPreference);
  const devices = useSelector(auth, (s) => s.context.devices);
  const passkeys = useSelector(auth, (s) => s.context.passkeys);
  const failed = useSelector(auth, selectError) !== null;
  // A verified app changes what Cognito lists for the user: read again once the chart is back at rest.
  const [stale, setStale] = useState(true);
  useEffect(() => {
    // After a failure the user acts first: reading again in a loop would hide the error.
    if (state !== 'signedIn.idle' || failed) return;
    if (!preference || stale) {
      setStale(false);
      send({ type: 'FETCH_MFA_PREFERENCE' });
    } else if (!devices) {
      send({ type: 'FETCH_DEVICES' });
    } else if (!passkeys) {
      send({ type: 'FETCH_PASSKEYS' });
    }
  }, [state, preference, devices, passkeys, stale, failed, send]);
  return (
    <div className="settings" data-testid="settings">
      <AttributeSettings />
      <PasswordSettings />
      <TotpSettings onVerified={() => setStale(true)} />
      <MfaPreferenceSettings />
      <DeviceSettings />
      <PasskeySettings />
      <DeleteAccountSettings />
    </div>
  );
}
