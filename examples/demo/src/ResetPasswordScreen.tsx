import { useSelector } from '@xstate/react';
import { useState } from 'react';
import { fieldErrors, selectError, selectStatePath } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { ErrorBanner, Field, Spinner, SubmitButton } from './form-parts.js';

export function ResetPasswordScreen() {
  const { auth, send } = useDemo();
  const state = useSelector(auth, selectStatePath);
  const error = useSelector(auth, selectError);
  const reset = useSelector(auth, (s) => s.context.passwordReset);
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const errors = fieldErrors(error, ['code', 'newPassword']);
  if (state === 'resettingPassword.requestingCode') {
    return (
      <section className="screen" data-screen="resetPassword">
        <h2 id="screen-title">Reset your password</h2>
        <Spinner label="Sending a code…" />
      </section>
    );
  }
  return (
    <section className="screen" data-screen="resetPassword">
      <form
        noValidate
        aria-label="Choose a new password"
        onSubmit={(e) => {
          e.preventDefault();
          send({ type: 'CONFIRM_FORGOT_PASSWORD', code, newPassword });
        }}
      >
        <h2 id="screen-title">Choose a new password</h2>
        <p className="lede">
          We sent a code to <strong>{reset?.codeDelivery?.destination ?? 'you'}</strong>. It is in the outbox.
        </p>
        <ErrorBanner error={error} shownAtFields={errors} />
        <Field label="Code" name="code" value={code} onChange={setCode} inputMode="numeric" autoComplete="one-time-code" error={errors.get('code')} autoFocus />
        <Field label="New password" name="newPassword" type="password" value={newPassword} onChange={setNewPassword} autoComplete="new-password" error={errors.get('newPassword')} />
        <div className="actions">
          <SubmitButton busy={state === 'resettingPassword.submitting'}>Change password</SubmitButton>
          <button type="button" className="button button--secondary" onClick={() => reset && send({ type: 'FORGOT_PASSWORD', username: reset.username })}>
            Send another code
          </button>
          <button type="button" className="button button--link" onClick={() => send({ type: 'CANCEL' })}>Cancel</button>
        </div>
      </form>
    </section>
  );
}
