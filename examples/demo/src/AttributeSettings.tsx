import { useSelector } from '@xstate/react';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { fieldErrors, selectBusy, selectError } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { Field, SubmitButton } from './form-parts.js';
import { errorsFor, SettingsSection, useSignedInState } from './settings-section.js';
import { useEmitted } from './use-emitted.js';

/** The attributes a user of the demo pool may change on this page, with their labels. */
const EDITABLE = [
  { name: 'name', label: 'Name', type: 'text' },
  { name: 'email', label: 'Email', type: 'email' },
  { name: 'phone_number', label: 'Phone number', type: 'tel' },
  { name: 'custom:favorite_flavor', label: 'Favorite flavor', type: 'text' },
] as const;

const EVENTS = ['UPDATE_USER_ATTRIBUTES', 'DELETE_USER_ATTRIBUTES'] as const;
const VERIFY_EVENTS = ['CONFIRM_USER_ATTRIBUTE', 'SEND_USER_ATTRIBUTE_VERIFICATION_CODE'] as const;

type Drafts = Record<string, string>;

const draftsOf = (attributes: Record<string, unknown>): Drafts =>
  Object.fromEntries(EDITABLE.map(({ name }) => [name, attributes[name] === undefined ? '' : String(attributes[name])]));

/**
 * Edit attributes. A changed email is only the user's once the code sent to it is confirmed: until then the
 * block asks for that code (it is in the outbox) and can send a new one.
 */
export function AttributeSettings() {
  const { auth, send, log } = useDemo();
  const attributes = useSelector(auth, (s) => s.context.user?.attributes ?? {});
  const busy = useSelector(auth, selectBusy);
  const updating = useSignedInState('updatingUserAttributes');
  const deleting = useSignedInState('deletingUserAttributes');
  const origin = useSyncExternalStore(log.subscribe, log.lastSent);
  const error = errorsFor(useSelector(auth, selectError), origin, EVENTS);
  const [drafts, setDrafts] = useState<Drafts>(() => draftsOf(attributes));
  const [done, setDone] = useState<string | null>(null);
  // Cleared fields wait for the update of the changed ones, then are deleted in a second request.
  const toDelete = useRef<string[]>([]);
  const shown = JSON.stringify(draftsOf(attributes));
  // What Cognito holds now is what the form shows after each change.
  useEffect(() => setDrafts(JSON.parse(shown) as Drafts), [shown]);
  useEmitted('updateUserAttributes', (event) => {
    const waiting = Object.entries(event.attributes).filter(([, update]) => update.nextStep === 'CONFIRM_ATTRIBUTE_WITH_CODE');
    setDone(waiting.length ? 'Saved. Confirm the new address with the code we sent.' : 'Saved.');
  });
  // The deletion goes once the chart is back at rest, after the update it waited for; a failed update keeps them.
  const idle = useSignedInState('idle');
  const failed = useSelector(auth, selectError) !== null;
  useEffect(() => {
    if (!idle || toDelete.current.length === 0) return;
    const names = toDelete.current;
    toDelete.current = [];
    if (!failed) send({ type: 'DELETE_USER_ATTRIBUTES', attributeNames: names });
  }, [idle, failed, send]);
  useEmitted('deleteUserAttributes', () => setDone('Saved.'));
  const paths = EDITABLE.map(({ name }) => `attributes.${name}`);
  const errors = fieldErrors(error, paths);
  const save = () => {
    const before = draftsOf(attributes);
    const changed = Object.fromEntries(EDITABLE.map(({ name }) => name).filter((name) => drafts[name] !== before[name] && drafts[name] !== '').map((name) => [name, drafts[name] ?? '']));
    const cleared = EDITABLE.map(({ name }) => name).filter((name) => drafts[name] === '' && before[name] !== '');
    setDone(null);
    if (Object.keys(changed).length) {
      toDelete.current = cleared;
      send({ type: 'UPDATE_USER_ATTRIBUTES', attributes: changed });
    } else if (cleared.length) {
      send({ type: 'DELETE_USER_ATTRIBUTES', attributeNames: cleared });
    } else {
      setDone('Nothing changed.');
    }
  };
  return (
    <SettingsSection id="attributes" title="Profile" events={EVENTS} shownAtFields={errors} done={done} lede="Clear a field to remove the attribute.">
      <form
        noValidate
        aria-label="Profile"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <fieldset className="fieldset" disabled={busy}>
          {EDITABLE.map(({ name, label, type }) => (
            <Field
              key={name}
              label={label}
              name={name}
              type={type}
              value={drafts[name] ?? ''}
              onChange={(value) => setDrafts((current) => ({ ...current, [name]: value }))}
              error={errors.get(`attributes.${name}`)}
            />
          ))}
        </fieldset>
        <div className="actions">
          <SubmitButton busy={updating || deleting}>Save profile</SubmitButton>
        </div>
      </form>
      <EmailVerification />
    </SettingsSection>
  );
}

/** The email's code: asked for while the email is not verified, and sent again on request. */
function EmailVerification() {
  const { auth, send, log } = useDemo();
  const email = useSelector(auth, (s) => s.context.user?.attributes.email);
  const verified = useSelector(auth, (s) => s.context.user?.attributes.email_verified === true);
  const busy = useSelector(auth, selectBusy);
  const confirming = useSignedInState('confirmingUserAttribute');
  const sending = useSignedInState('sendingUserAttributeVerificationCode');
  const origin = useSyncExternalStore(log.subscribe, log.lastSent);
  const error = errorsFor(useSelector(auth, selectError), origin, VERIFY_EVENTS);
  const errors = fieldErrors(error, ['code']);
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState<string | null>(null);
  // With the code sent to the new address, Cognito says so in the update's answer: that address is waiting.
  useEmitted('updateUserAttributes', (event) => {
    const update = event.attributes.email;
    if (update?.nextStep === 'CONFIRM_ATTRIBUTE_WITH_CODE') setSentTo(update.codeDelivery?.destination ?? String(email ?? ''));
  });
  useEmitted('sendUserAttributeVerificationCode', (event) => setSentTo(event.codeDelivery?.destination ?? String(email ?? '')));
  useEmitted('confirmUserAttribute', (event) => {
    setCode('');
    setSentTo(null);
    setConfirmed(`${event.attributeName === 'email' ? 'Email' : event.attributeName} confirmed.`);
  });
  if (!email || (verified && !sentTo)) {
    return confirmed ? <p className="banner banner--success setting__done" role="status">{confirmed}</p> : null;
  }
  return (
    <form
      noValidate
      className="verify"
      aria-label="Confirm your email"
      data-testid="email-verification"
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'CONFIRM_USER_ATTRIBUTE', attributeName: 'email', code });
      }}
    >
      <p className="verify__text">
        {sentTo ? (
          <>We sent a code to <strong>{sentTo}</strong>. Find it in the outbox.</>
        ) : (
          <><strong>{String(email)}</strong> is not confirmed yet. Send a code to it.</>
        )}
      </p>
      {origin && (VERIFY_EVENTS as readonly string[]).includes(origin) && error && errors.size === 0 ? (
        <p className="field__error" role="alert">{error.message}</p>
      ) : null}
      <fieldset className="fieldset" disabled={busy}>
        <Field label="Code" name="emailCode" value={code} onChange={setCode} inputMode="numeric" autoComplete="one-time-code" error={errors.get('code')} />
      </fieldset>
      <div className="actions">
        <SubmitButton busy={confirming}>Confirm email</SubmitButton>
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => send({ type: 'SEND_USER_ATTRIBUTE_VERIFICATION_CODE', attributeName: 'email' })}>
          {sending ? <span className="spinner" aria-hidden="true" /> : null}
          {sentTo ? 'Send a new code' : 'Send a code'}
        </button>
      </div>
    </form>
  );
}
