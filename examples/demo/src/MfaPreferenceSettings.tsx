import { useSelector } from '@xstate/react';
import { useEffect, useId, useState } from 'react';
import type { MfaFactor, MfaPreference, MfaPreferenceValue } from '../../../core.js';
import { selectBusy } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { SubmitButton } from './form-parts.js';
import { SettingsSection, useSignedInState } from './settings-section.js';
import { useEmitted } from './use-emitted.js';

const EVENTS = ['UPDATE_MFA_PREFERENCE', 'FETCH_MFA_PREFERENCE'] as const;

type Choice = 'off' | 'on' | 'preferred';

/** Each choice as SetUserMFAPreference takes it: "on" clears a preference, "preferred" sets it. */
const VALUES: Record<Choice, MfaPreferenceValue> = { off: 'DISABLED', on: 'NOT_PREFERRED', preferred: 'PREFERRED' };

const choiceOf = (preference: MfaPreference | null, factor: MfaFactor): Choice =>
  preference?.preferred === factor ? 'preferred' : preference?.enabled.includes(factor) ? 'on' : 'off';

/**
 * Two-step verification: which second factors Cognito asks for at sign-in, and which one first. With two on and
 * neither preferred, Cognito lets the user choose at each sign-in.
 */
export function MfaPreferenceSettings() {
  const { auth, send } = useDemo();
  const preference = useSelector(auth, (s) => s.context.mfaPreference);
  const hasPhone = useSelector(auth, (s) => typeof s.context.user?.attributes.phone_number === 'string');
  // Cognito sends email codes only to a verified address (the ID token says `true`, GetUser `"true"`).
  const hasEmail = useSelector(auth, (s) => String(s.context.user?.attributes.email_verified) === 'true');
  const busy = useSelector(auth, selectBusy);
  const fetching = useSignedInState('fetchingMfaPreference');
  const updating = useSignedInState('updatingMfaPreference');
  const [sms, setSms] = useState<Choice>(() => choiceOf(preference, 'SMS'));
  const [totp, setTotp] = useState<Choice>(() => choiceOf(preference, 'TOTP'));
  const [email, setEmail] = useState<Choice>(() => choiceOf(preference, 'EMAIL'));
  const [done, setDone] = useState<string | null>(null);
  // The form follows what Cognito holds each time it is read.
  useEffect(() => {
    setSms(choiceOf(preference, 'SMS'));
    setTotp(choiceOf(preference, 'TOTP'));
    setEmail(choiceOf(preference, 'EMAIL'));
  }, [preference]);
  useEmitted('updateMFAPreference', () => setDone('Saved.'));
  // One factor can be preferred: preferring one makes the others merely on.
  const pick = (factor: MfaFactor, choice: Choice) => {
    setDone(null);
    const setters: Record<MfaFactor, (update: (current: Choice) => Choice) => void> = { SMS: setSms, TOTP: setTotp, EMAIL: setEmail };
    for (const [other, set] of Object.entries(setters) as [MfaFactor, (update: (current: Choice) => Choice) => void][]) {
      if (other === factor) set(() => choice);
      else if (choice === 'preferred') set((current) => (current === 'preferred' ? 'on' : current));
    }
  };
  const summary = !preference
    ? 'Reading from Cognito…'
    : preference.enabled.length === 0
      ? 'Off: signing in takes only the password.'
      : `On: ${preference.enabled.map((f) => (f === 'TOTP' ? 'authenticator app' : f === 'SMS' ? 'text message' : 'email')).join(' and ')}${preference.preferred && preference.enabled.length > 1 ? `, ${preference.preferred === 'TOTP' ? 'the app' : preference.preferred === 'SMS' ? 'text message' : 'email'} first` : ''}.`;
  return (
    <SettingsSection id="mfa" title="Two-step verification" events={EVENTS} done={done} lede={<span data-testid="mfa-summary">{summary}</span>}>
      <form
        noValidate
        aria-label="Two-step verification"
        onSubmit={(e) => {
          e.preventDefault();
          send({
            type: 'UPDATE_MFA_PREFERENCE',
            totp: VALUES[totp],
            ...(hasPhone ? { sms: VALUES[sms] } : {}),
            ...(hasEmail ? { email: VALUES[email] } : {}),
          });
        }}
      >
        <fieldset className="fieldset" disabled={busy || !preference}>
          <FactorChoice label="Text message (SMS)" name="smsMfa" value={sms} onChange={(c) => pick('SMS', c)} disabled={!hasPhone} hint={hasPhone ? 'A code texted to your phone number.' : 'Add a phone number to your profile first.'} />
          <FactorChoice label="Authenticator app" name="totpMfa" value={totp} onChange={(c) => pick('TOTP', c)} hint="A code from the app set up above." />
          <FactorChoice label="Email" name="emailMfa" value={email} onChange={(c) => pick('EMAIL', c)} disabled={!hasEmail} hint={hasEmail ? 'A code sent to your verified email address.' : 'Verify an email address in your profile first.'} />
        </fieldset>
        <div className="actions">
          <SubmitButton busy={updating || fetching}>Save two-step verification</SubmitButton>
        </div>
      </form>
    </SettingsSection>
  );
}

function FactorChoice(props: { label: string; name: string; value: Choice; onChange(choice: Choice): void; disabled?: boolean; hint: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value as Choice)}>
        <option value="off">Off</option>
        <option value="on">On</option>
        <option value="preferred">On, asked first</option>
      </select>
      <p className="field__hint">{props.hint}</p>
    </div>
  );
}
