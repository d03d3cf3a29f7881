import { useSelector } from '@xstate/react';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { ChallengeStateName, MfaType } from '../../../core.js';
import { fieldErrors, selectBusy, selectError } from './auth-selectors.js';
import { roundOf } from './challenge-rounds.js';
import { useDemo } from './demo-context.js';
import { ErrorBanner, Field, Spinner, SubmitButton } from './form-parts.js';
import { SelectChallenge, WebAuthnChallenge } from './PasswordlessChallenges.js';
import { TotpQrCode } from './TotpQrCode.js';
import { formatDuration, useNow } from './use-now.js';

/**
 * One screen per challenge Cognito can ask for (a state of the challenge table); each answers with its own event.
 * App picks it from `context.challenge.name`, so it stays up while the chart is in `challenge.responding`.
 */
export function ChallengeScreen({ challenge }: { challenge: ChallengeStateName }) {
  switch (challenge) {
    case 'smsMfa':
      return <CodeChallenge screen="smsMfa" title="Enter the code we texted you" kind="sms" />;
    case 'totpMfa':
      return <CodeChallenge screen="totpMfa" title="Enter your authenticator code" kind="totp" />;
    case 'selectMfaType':
      return <SelectMfaType />;
    case 'totpSetup':
      return <TotpSetup />;
    case 'customChallenge':
      return <CustomChallenge />;
    case 'newPasswordRequired':
      return <NewPasswordRequired />;
    case 'emailOtp':
      return <CodeChallenge screen="emailOtp" title="Enter the code we emailed you" kind="email" />;
    case 'smsOtp':
      return <CodeChallenge screen="smsOtp" title="Enter the code we texted you" kind="sms" />;
    case 'selectChallenge':
      return <SelectChallenge />;
    case 'webAuthn':
      return <WebAuthnChallenge />;
  }
}

function ChallengeFrame(props: { screen: string; title: string; lede: ReactNode; onSubmit(e: FormEvent): void; children: ReactNode; submit: string }) {
  const { auth, send } = useDemo();
  const busy = useSelector(auth, selectBusy);
  const expiresAt = useSelector(auth, (s) => s.context.challenge?.expiresAt ?? 0);
  const now = useNow();
  return (
    <section className="screen" data-screen={props.screen} data-busy={busy || undefined}>
      <form noValidate aria-label={props.title} aria-busy={busy} onSubmit={props.onSubmit}>
        <h2 id="screen-title">{props.title}</h2>
        <p className="lede">{props.lede}</p>
        {/* While the answer is on its way (`challenge.responding`) the form stays, filled in and locked. */}
        <fieldset className="fieldset" disabled={busy}>
          {props.children}
        </fieldset>
        <div className="actions">
          <SubmitButton busy={busy}>{props.submit}</SubmitButton>
          <button type="button" className="button button--link" onClick={() => send({ type: 'CANCEL' })}>Cancel</button>
        </div>
        {expiresAt ? <p className="footnote">This sign-in attempt expires in {formatDuration(expiresAt - now)}.</p> : null}
      </form>
    </section>
  );
}

function CodeChallenge({ screen, title, kind }: { screen: string; title: string; kind: 'sms' | 'email' | 'totp' }) {
  const { auth, send } = useDemo();
  const error = useSelector(auth, selectError);
  const destination = useSelector(auth, (s) => s.context.challenge?.codeDelivery?.destination);
  const [code, setCode] = useState('');
  const errors = fieldErrors(error, ['code']);
  const lede =
    kind === 'sms' && screen === 'smsMfa' ? (
      <>We sent a 6-digit code to <strong>{destination ?? 'your phone'}</strong>. Find it in the outbox.</>
    ) : kind !== 'totp' ? (
      <>We sent a code to <strong>{destination ?? (kind === 'email' ? 'your email' : 'your phone')}</strong>. Find it in the outbox.</>
    ) : (
      <>Open your authenticator app (or the Authenticator panel) and type the 6-digit code.</>
    );
  return (
    <ChallengeFrame
      screen={screen}
      title={title}
      lede={lede}
      submit="Verify"
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'CONFIRM_SIGN_IN', code });
      }}
    >
      <ErrorBanner error={error} shownAtFields={errors} />
      <Field label="Code" name="code" value={code} onChange={setCode} inputMode="numeric" autoComplete="one-time-code" error={errors.get('code')} autoFocus />
    </ChallengeFrame>
  );
}

const MFA_LABELS: Record<string, string> = { SMS_MFA: 'Text message (SMS)', SOFTWARE_TOKEN_MFA: 'Authenticator app', EMAIL_OTP: 'Email' };

function SelectMfaType({ screen = 'selectMfaType', title = "How should we verify it's you?" }: { screen?: string; title?: string }) {
  const { auth, send } = useDemo();
  const error = useSelector(auth, selectError);
  const listed = useSelector(auth, (s) => s.context.challenge?.mfaTypes ?? ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
  // Cognito lists SMS among the factors to set up too, but SMS needs a phone number first: the chart sets up only these.
  const offered = screen === 'mfaSetupChoice' ? listed.filter((type) => type === 'SOFTWARE_TOKEN_MFA' || type === 'EMAIL_OTP') : listed;
  const [choice, setChoice] = useState<MfaType>((offered[0] as MfaType | undefined) ?? 'SMS_MFA');
  return (
    <ChallengeFrame
      screen={screen}
      title={title}
      lede={screen === 'selectMfaType' ? 'Your account has more than one second factor.' : 'This pool requires a second factor. Choose the one to set up.'}
      submit="Continue"
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'SELECT_MFA_TYPE', mfaType: choice });
      }}
    >
      <ErrorBanner error={error} shownAtFields={new Map()} />
      <div className="choices" role="radiogroup">
        {offered.map((type) => (
          <label key={type} className="choice">
            <input type="radio" name="mfaType" value={type} checked={choice === type} onChange={() => setChoice(type as MfaType)} />
            {MFA_LABELS[type] ?? type}
          </label>
        ))}
      </div>
    </ChallengeFrame>
  );
}

function TotpSetup() {
  const { auth, send } = useDemo();
  const error = useSelector(auth, selectError);
  const associating = useSelector(auth, (s) => s.matches({ challenge: { totpSetup: 'associating' } }));
  const choosing = useSelector(auth, (s) => s.matches({ challenge: { totpSetup: 'choosing' } }));
  const emailAddress = useSelector(auth, (s) => s.matches({ challenge: { totpSetup: 'emailAddress' } }));
  const secret = useSelector(auth, (s) => s.context.challenge?.totpSecret);
  const username = useSelector(auth, (s) => s.context.challenge?.username ?? '');
  const [code, setCode] = useState('');
  const [device, setDevice] = useState('My phone');
  const errors = fieldErrors(error, ['code', 'friendlyDeviceName']);
  // Where the pool offers email MFA too, the set-up starts with a choice; email is set up with an address.
  if (choosing) return <SelectMfaType screen="mfaSetupChoice" title="Set up a second factor" />;
  if (emailAddress) return <EmailMfaSetup />;
  if (associating) {
    return (
      <section className="screen" data-screen="totpSetup">
        <h2 id="screen-title">Set up an authenticator app</h2>
        <Spinner label="Asking Cognito for a secret…" />
      </section>
    );
  }
  const revealed = secret?.reveal() ?? '';
  const uri = `otpauth://totp/cognito-auth-machine:${encodeURIComponent(username)}?secret=${revealed}&issuer=cognito-auth-machine`;
  return (
    <ChallengeFrame
      screen="totpSetup"
      title="Set up an authenticator app"
      lede="This pool requires a second factor. Scan the QR code or add this key to an authenticator app (the Authenticator panel has added it), then type the code it shows."
      submit="Verify and sign in"
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'VERIFY_TOTP_SETUP', code, friendlyDeviceName: device });
      }}
    >
      <ErrorBanner error={error} shownAtFields={errors} />
      <div className="qr-setup">
        <TotpQrCode uri={uri} />
        <div className="secret">
          <span className="secret__label">Setup key</span>
          <code className="secret__value" data-testid="totp-secret">{revealed.replace(/(.{4})/g, '$1 ').trim()}</code>
          <span className="secret__uri">{uri}</span>
        </div>
      </div>
      <Field label="Code from the app" name="code" value={code} onChange={setCode} inputMode="numeric" error={errors.get('code')} />
      <Field label="Device name" name="friendlyDeviceName" value={device} onChange={setDevice} error={errors.get('friendlyDeviceName')} />
    </ChallengeFrame>
  );
}

function EmailMfaSetup() {
  const { auth, send } = useDemo();
  const error = useSelector(auth, selectError);
  const [email, setEmail] = useState('');
  const errors = fieldErrors(error, ['email']);
  return (
    <ChallengeFrame
      screen="emailMfaSetup"
      title="Set up email codes"
      lede="This pool requires a second factor. Give the address to send sign-in codes to; a code goes there now."
      submit="Send the code"
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'SET_UP_EMAIL_MFA', email });
      }}
    >
      <ErrorBanner error={error} shownAtFields={errors} />
      <Field label="Email" name="email" type="email" value={email} onChange={setEmail} autoComplete="email" error={errors.get('email')} autoFocus />
    </ChallengeFrame>
  );
}

function CustomChallenge() {
  const { auth, send } = useDemo();
  const error = useSelector(auth, selectError);
  const challenge = useSelector(auth, (s) => s.context.challenge);
  const question = challenge?.parameters.question ?? 'Answer the challenge';
  const round = roundOf(challenge);
  const [answer, setAnswer] = useState('');
  // A new round is a new challenge: the last answer is cleared with it.
  const session = challenge?.session;
  useEffect(() => setAnswer(''), [session]);
  const errors = fieldErrors(error, ['answer']);
  return (
    <ChallengeFrame
      screen="customChallenge"
      title="One more question"
      lede="This pool asks a question of its own (a custom auth challenge from its Lambda triggers)."
      submit="Answer"
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer });
      }}
    >
      <ErrorBanner error={error} shownAtFields={errors} />
      {!error && round?.notAccepted ? (
        <div className="banner banner--error" role="alert" data-testid="challenge-round">
          <strong className="banner__text">That answer was not accepted. Try again.</strong>
          {round.tries ? <span className="banner__detail">This is {round.tries}; the pool ends the sign-in after the last.</span> : null}
        </div>
      ) : null}
      <blockquote className="question" data-testid="challenge-question">{question}</blockquote>
      <Field label="Your answer" name="answer" value={answer} onChange={setAnswer} error={errors.get('answer')} autoFocus />
    </ChallengeFrame>
  );
}

function NewPasswordRequired() {
  const { auth, send } = useDemo();
  const error = useSelector(auth, selectError);
  const required = useSelector(auth, (s) => s.context.challenge?.requiredAttributes ?? []);
  const [newPassword, setNewPassword] = useState('');
  const [attributes, setAttributes] = useState<Record<string, string>>({});
  const paths = ['newPassword', ...required.map((name) => `requiredAttributes.${name}`)];
  const errors = fieldErrors(error, paths);
  return (
    <ChallengeFrame
      screen="newPasswordRequired"
      title="Choose a new password"
      lede="Your account was created with a temporary password. Choose your own to continue."
      submit="Set password and sign in"
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'COMPLETE_NEW_PASSWORD', newPassword, ...(required.length ? { requiredAttributes: attributes } : {}) });
      }}
    >
      <ErrorBanner error={error} shownAtFields={errors} />
      <Field label="New password" name="newPassword" type="password" value={newPassword} onChange={setNewPassword} autoComplete="new-password" error={errors.get('newPassword')} autoFocus />
      {required.map((name) => (
        <Field
          key={name}
          label={name.replace(/^custom:/, '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())}
          name={name}
          value={attributes[name] ?? ''}
          onChange={(value) => setAttributes((current) => ({ ...current, [name]: value }))}
          error={errors.get(`requiredAttributes.${name}`)}
        />
      ))}
    </ChallengeFrame>
  );
}
