import { useSelector } from '@xstate/react';
import { useState } from 'react';
import { fieldErrors, selectError, selectStatePath } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { ErrorBanner, Field, SubmitButton } from './form-parts.js';

export function ConfirmSignUpScreen() {
  const { auth, send } = useDemo();
  const state = useSelector(auth, selectStatePath);
  const error = useSelector(auth, selectError);
  const signUp = useSelector(auth, (s) => s.context.signUp);
  const [code, setCode] = useState('');
  const errors = fieldErrors(error, ['code']);
  const delivery = signUp?.codeDelivery;
  const resending = state === 'confirmingSignUp.resending';
  return (
    <section className="screen" data-screen="confirmSignUp">
      <form
        noValidate
        aria-label="Confirm sign-up"
        onSubmit={(e) => {
          e.preventDefault();
          send({ type: 'CONFIRM_SIGN_UP', code });
        }}
      >
        <h2 id="screen-title">Check your {delivery?.deliveryMedium === 'SMS' ? 'phone' : 'email'}</h2>
        <p className="lede">
          We sent a code to <strong>{delivery?.destination ?? 'you'}</strong>
          {signUp?.username ? <> for <strong>{signUp.username}</strong></> : null}. It is in the outbox on the right.
        </p>
        <ErrorBanner error={error} shownAtFields={errors} />
        <Field label="Confirmation code" name="code" value={code} onChange={setCode} inputMode="numeric" autoComplete="one-time-code" error={errors.get('code')} autoFocus />
        <div className="actions">
          <SubmitButton busy={state === 'confirmingSignUp.submitting'}>Confirm account</SubmitButton>
          <button type="button" className="button button--secondary" disabled={resending} aria-busy={resending} onClick={() => send({ type: 'RESEND_SIGN_UP_CODE' })}>
            {resending ? <span className="spinner" aria-hidden="true" /> : null}
            Resend code
          </button>
          <button type="button" className="button button--link" onClick={() => send({ type: 'CANCEL' })}>Cancel</button>
        </div>
      </form>
    </section>
  );
}
