import { useSelector } from '@xstate/react';
import { useState, useSyncExternalStore } from 'react';
import { totpSetupUri } from '../../../core.js';
import { fieldErrors, selectBusy, selectError } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { Field, SubmitButton } from './form-parts.js';
import { errorsFor, SettingsSection, useSignedInState } from './settings-section.js';
import { TotpQrCode } from './TotpQrCode.js';
import { useEmitted } from './use-emitted.js';

const EVENTS = ['SET_UP_TOTP', 'VERIFY_TOTP_SETUP'] as const;
const APP_NAME = 'cognito-auth-machine';

/**
 * Set up an authenticator app while signed in: Cognito hands out a key (the QR code), the app's first code
 * proves it was added. Verified is not yet used at sign-in: two-step verification below turns it on.
 */
export function TotpSettings({ onVerified }: { onVerified(): void }) {
  const { auth, send, log } = useDemo();
  const busy = useSelector(auth, selectBusy);
  const associating = useSignedInState('settingUpTotp');
  const verifying = useSignedInState('verifyingTotpSetup');
  const uri = useSelector(auth, (s) => (s.context.totpSetup ? totpSetupUri(s.context, APP_NAME) : null));
  const secret = useSelector(auth, (s) => s.context.totpSetup?.sharedSecret);
  const hasApp = useSelector(auth, (s) => s.context.mfaPreference?.enabled.includes('TOTP') ?? false);
  const origin = useSyncExternalStore(log.subscribe, log.lastSent);
  const error = errorsFor(useSelector(auth, selectError), origin, EVENTS);
  const errors = fieldErrors(error, ['code', 'friendlyDeviceName']);
  const [code, setCode] = useState('');
  const [device, setDevice] = useState('My phone');
  const [done, setDone] = useState<string | null>(null);
  useEmitted('verifyTOTPSetup', () => {
    setCode('');
    setDone('Authenticator app added. Turn it on under two-step verification.');
    onVerified();
  });
  const revealed = secret?.reveal() ?? '';
  return (
    <SettingsSection
      id="totp"
      title="Authenticator app"
      events={EVENTS}
      shownAtFields={errors}
      done={done}
      lede={
        uri
          ? 'Scan the QR code with an authenticator app (the Authenticator panel has added it), then type the code it shows.'
          : hasApp
            ? 'An authenticator app is on for this account. A new one replaces it once verified.'
            : 'Codes from an app on your phone, as a second step at sign-in.'
      }
    >
      {uri ? (
        <form
          noValidate
          aria-label="Verify the authenticator app"
          onSubmit={(e) => {
            e.preventDefault();
            setDone(null);
            send({ type: 'VERIFY_TOTP_SETUP', code, friendlyDeviceName: device });
          }}
        >
          <div className="qr-setup">
            <TotpQrCode uri={uri} />
            <div className="secret">
              <span className="secret__label">Or type this key</span>
              <code className="secret__value" data-testid="settings-totp-secret">{revealed.replace(/(.{4})/g, '$1 ').trim()}</code>
            </div>
          </div>
          <fieldset className="fieldset" disabled={busy}>
            <Field label="Code from the app" name="totpCode" value={code} onChange={setCode} inputMode="numeric" autoComplete="one-time-code" error={errors.get('code')} />
            <Field label="Device name" name="friendlyDeviceName" value={device} onChange={setDevice} error={errors.get('friendlyDeviceName')} />
          </fieldset>
          <div className="actions">
            <SubmitButton busy={verifying}>Verify app</SubmitButton>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => { setDone(null); send({ type: 'SET_UP_TOTP' }); }}>
            {associating ? <span className="spinner" aria-hidden="true" /> : null}
            {hasApp ? 'Replace with a new authenticator app' : 'Set up authenticator app'}
          </button>
        </div>
      )}
    </SettingsSection>
  );
}
