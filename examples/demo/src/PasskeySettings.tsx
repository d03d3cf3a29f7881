import { useSelector } from '@xstate/react';
import { useState } from 'react';
import type { Passkey } from '../../../passkeys.js';
import { selectBusy } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { PasskeyNotice } from './PasskeyNotice.js';
import { passkeySupport } from './passkey-support.js';
import { SettingsSection, useSignedInState } from './settings-section.js';
import { useEmitted } from './use-emitted.js';

const EVENTS = ['FETCH_PASSKEYS', 'REGISTER_PASSKEY', 'DELETE_PASSKEY'] as const;

const nameOf = (passkey: Passkey) => passkey.friendlyCredentialName ?? `Passkey ${passkey.credentialId.slice(0, 8)}`;

const created = (passkey: Passkey) =>
  passkey.createdAt
    ? new Date(passkey.createdAt).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })
    : null;

/**
 * The user's passkeys as Cognito lists them (the settings view reads them when it opens and after each change):
 * add one with the browser's prompt, delete any. Adding needs a page on the pool's relying party (localhost here).
 */
export function PasskeySettings() {
  const { auth, send } = useDemo();
  const passkeys = useSelector(auth, (s) => s.context.passkeys);
  const busy = useSelector(auth, selectBusy);
  const registering = useSignedInState('registeringPasskey');
  const deleting = useSignedInState('deletingPasskey');
  const [done, setDone] = useState<string | null>(null);
  useEmitted('associateWebAuthnCredential', () => setDone('Passkey added. Next time, sign in with it.'));
  useEmitted('deleteWebAuthnCredential', () => setDone('Passkey deleted.'));
  const support = passkeySupport();
  return (
    <SettingsSection
      id="passkeys"
      title="Passkeys"
      events={EVENTS}
      done={done}
      lede={
        passkeys === null
          ? 'Reading from Cognito…'
          : passkeys.length === 0
            ? 'No passkey yet: add one to sign in without a password.'
            : 'Sign in with any of these instead of a password.'
      }
    >
      {passkeys && passkeys.length > 0 ? (
        <ul className="devices" data-testid="passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.credentialId} className="device" data-credential-id={passkey.credentialId}>
              <div className="device__text">
                <span className="device__name">{nameOf(passkey)}</span>
                <span className="device__meta">
                  {created(passkey) ? `added ${created(passkey)}` : 'added'}
                  {passkey.relyingPartyId ? ` · for ${passkey.relyingPartyId}` : ''}
                </span>
              </div>
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                aria-label={`Delete ${nameOf(passkey)}`}
                onClick={() => {
                  setDone(null);
                  send({ type: 'DELETE_PASSKEY', credentialId: passkey.credentialId });
                }}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={busy || !support.usable}
          onClick={() => {
            setDone(null);
            send({ type: 'REGISTER_PASSKEY' });
          }}
        >
          {registering ? <span className="spinner" aria-hidden="true" /> : null}
          Add a passkey
        </button>
      </div>
      {registering ? <p className="setting__lede">Follow your browser’s prompt to create the passkey…</p> : null}
      {deleting ? <p className="setting__lede">Deleting…</p> : null}
      <PasskeyNotice support={support} />
    </SettingsSection>
  );
}
