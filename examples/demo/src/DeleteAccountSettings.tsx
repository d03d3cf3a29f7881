import { useSelector } from '@xstate/react';
import { useState } from 'react';
import { selectBusy } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { SettingsSection, useSignedInState } from './settings-section.js';

const EVENTS = ['DELETE_USER'] as const;

/** Delete the account: asked twice, since nothing brings it back. The session ends with it. */
export function DeleteAccountSettings() {
  const { auth, send } = useDemo();
  const username = useSelector(auth, (s) => s.context.user?.username ?? '');
  const busy = useSelector(auth, selectBusy);
  const deleting = useSignedInState('deletingUser');
  const [asking, setAsking] = useState(false);
  return (
    <SettingsSection id="delete" title="Delete account" events={EVENTS} lede="Removes the user from the pool and signs out. It cannot be undone.">
      {asking ? (
        <div className="confirm-delete" role="group" aria-label="Confirm deletion">
          <p className="confirm-delete__text">Delete <strong>{username}</strong> for good?</p>
          <div className="actions">
            <button type="button" className="button button--danger-solid" disabled={busy} onClick={() => send({ type: 'DELETE_USER' })}>
              {deleting ? <span className="spinner" aria-hidden="true" /> : null}
              Yes, delete my account
            </button>
            <button type="button" className="button button--link" disabled={busy} onClick={() => setAsking(false)}>Keep it</button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="button button--danger" disabled={busy} onClick={() => setAsking(true)}>Delete account…</button>
        </div>
      )}
    </SettingsSection>
  );
}
