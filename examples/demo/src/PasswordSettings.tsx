import { useSelector } from '@xstate/react';
import { useState, useSyncExternalStore } from 'react';
import { fieldErrors, selectBusy, selectError } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { Field, SubmitButton } from './form-parts.js';
import { errorsFor, SettingsSection, useSignedInState } from './settings-section.js';
import { useEmitted } from './use-emitted.js';

const EVENTS = ['UPDATE_PASSWORD'] as const;

/** Change password: the current one, then the new one. A wrong current password keeps the session. */
export function PasswordSettings() {
  const { auth, send, log } = useDemo();
  const busy = useSelector(auth, selectBusy);
  const updating = useSignedInState('updatingPassword');
  const origin = useSyncExternalStore(log.subscribe, log.lastSent);
  const error = errorsFor(useSelector(auth, selectError), origin, EVENTS);
  const errors = fieldErrors(error, ['oldPassword', 'newPassword']);
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [done, setDone] = useState<string | null>(null);
  useEmitted('updatePassword', () => {
    setOldPassword('');
    setNewPassword('');
    setDone('Password changed. Use the new one next time you sign in.');
  });
  return (
    <SettingsSection id="password" title="Password" events={EVENTS} shownAtFields={errors} done={done}>
      <form
        noValidate
        aria-label="Change password"
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          send({ type: 'UPDATE_PASSWORD', oldPassword, newPassword });
        }}
      >
        <fieldset className="fieldset" disabled={busy}>
          <Field label="Current password" name="oldPassword" type="password" value={oldPassword} onChange={setOldPassword} autoComplete="current-password" error={errors.get('oldPassword')} />
          <Field label="New password" name="newPassword" type="password" value={newPassword} onChange={setNewPassword} autoComplete="new-password" error={errors.get('newPassword')} />
        </fieldset>
        <div className="actions">
          <SubmitButton busy={updating}>Change password</SubmitButton>
        </div>
      </form>
    </SettingsSection>
  );
}
