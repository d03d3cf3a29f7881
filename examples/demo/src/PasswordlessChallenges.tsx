import { useSelector } from '@xstate/react';
import { useState, useSyncExternalStore } from 'react';
import { selectBusy, selectError } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import type { LogEntry } from './event-log.js';
import { ErrorBanner, Field, Spinner } from './form-parts.js';
import { PasskeyNotice } from './PasskeyNotice.js';
import { passkeySupport } from './passkey-support.js';

/**
 * The challenges of choice-based sign-in (USER_AUTH) that are not a code form: Cognito's list of first factors
 * (SELECT_CHALLENGE), and the passkey ceremony the machine runs itself (WEB_AUTHN).
 */

const FACTOR_LABELS: Record<string, string> = {
  EMAIL_OTP: 'Email me a code',
  SMS_OTP: 'Text me a code',
  WEB_AUTHN: 'Use a passkey',
};

/** The first factor the page's last SIGN_IN asked for, read from the log (the page's record of what it sent). */
function lastPreferred(entries: readonly LogEntry[]): string | null {
  const signIn = entries.find((entry) => entry.direction === 'sent' && entry.type === 'SIGN_IN');
  return signIn ? (/preferredChallenge: "(\w+)"/.exec(signIn.text)?.[1] ?? null) : null;
}

export function SelectChallenge() {
  const { auth, send, log } = useDemo();
  const error = useSelector(auth, selectError);
  const busy = useSelector(auth, selectBusy);
  const offered = useSelector(auth, (s) => s.context.challenge?.availableChallenges ?? []);
  const username = useSelector(auth, (s) => s.context.challenge?.username ?? '');
  const entries = useSyncExternalStore(log.subscribe, log.entries);
  const [password, setPassword] = useState('');
  const support = passkeySupport();
  const preferred = lastPreferred(entries);
  // Cognito answers a factor this account cannot use with the list of those it can, not with an error.
  const notOffered = preferred !== null && !offered.includes(preferred);
  const passwordFactor = offered.includes('PASSWORD_SRP') ? 'PASSWORD_SRP' : offered.includes('PASSWORD') ? 'PASSWORD' : null;
  const codes = offered.filter((factor) => factor in FACTOR_LABELS);
  return (
    <section className="screen" data-screen="selectChallenge" data-busy={busy || undefined}>
      <div className="screen__body">
        <h2 id="screen-title">How would you like to sign in?</h2>
        <p className="lede">Cognito offers these ways for <strong>{username}</strong> (USER_AUTH's SELECT_CHALLENGE).</p>
        {notOffered ? (
          <div className="banner banner--error" role="alert" data-testid="factor-not-offered">
            <strong className="banner__text">
              {preferred === 'WEB_AUTHN'
                ? 'This account has no passkey, so Cognito did not offer passkey sign-in.'
                : `Cognito did not offer ${preferred} for this account.`}
            </strong>
            <span className="banner__detail">Choose another way below, or cancel.</span>
          </div>
        ) : null}
        <ErrorBanner error={error} shownAtFields={new Map()} />
        <div className="choices" role="group" aria-label="Ways to sign in">
          {codes.map((factor) => (
            <button
              key={factor}
              type="button"
              className="button button--secondary"
              data-challenge={factor}
              disabled={busy || (factor === 'WEB_AUTHN' && !support.usable)}
              onClick={() => send({ type: 'SELECT_CHALLENGE', challenge: factor as 'EMAIL_OTP' })}
            >
              {FACTOR_LABELS[factor]}
            </button>
          ))}
        </div>
        {offered.includes('WEB_AUTHN') ? <PasskeyNotice support={support} /> : null}
        {passwordFactor ? (
          <form
            noValidate
            aria-label="Sign in with your password"
            onSubmit={(e) => {
              e.preventDefault();
              send({ type: 'SELECT_CHALLENGE', challenge: passwordFactor, password });
            }}
          >
            <Field label="Or your password" name="password" type="password" value={password} onChange={setPassword} autoComplete="current-password" />
            <button type="submit" className="button button--secondary" disabled={busy}>Sign in with my password</button>
          </form>
        ) : null}
        <div className="actions">
          <button type="button" className="button button--link" onClick={() => send({ type: 'CANCEL' })}>Cancel</button>
        </div>
      </div>
    </section>
  );
}

export function WebAuthnChallenge() {
  const { auth, send } = useDemo();
  const error = useSelector(auth, selectError);
  const failed = useSelector(auth, (s) => s.matches({ challenge: { webAuthn: 'failed' } }));
  const answering = useSelector(auth, (s) => s.matches({ challenge: 'responding' }));
  const support = passkeySupport();
  return (
    <section className="screen" data-screen="webAuthn" data-step={failed ? 'failed' : answering ? 'responding' : 'ceremony'}>
      <div className="screen__body">
        <h2 id="screen-title">Sign in with your passkey</h2>
        {failed ? (
          <>
            <p className="lede">The passkey did not sign you in. Try again, or cancel and choose another way.</p>
            <ErrorBanner error={error} shownAtFields={new Map()} />
            <PasskeyNotice support={support} />
            <div className="actions">
              <button type="button" className="button button--primary" onClick={() => send({ type: 'RETRY' })}>Try again</button>
              <button type="button" className="button button--link" onClick={() => send({ type: 'CANCEL' })}>Cancel</button>
            </div>
          </>
        ) : (
          <>
            <Spinner label={answering ? 'Cognito is checking the passkey…' : 'Waiting for your passkey: follow your browser’s prompt.'} />
            <div className="actions">
              <button type="button" className="button button--link" onClick={() => send({ type: 'CANCEL' })}>Cancel</button>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
