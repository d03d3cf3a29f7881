import { useSelector } from '@xstate/react';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { AuthError, AuthFlow } from '../../../core.js';
import { fieldErrors, selectBusy, selectError } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { ErrorBanner, Field, SubmitButton } from './form-parts.js';
import { PasswordlessSignIn } from './PasswordlessSignIn.js';
import { RedirectSignIn } from './RedirectSignIn.js';

export type SignedOutTab = 'signIn' | 'signUp' | 'forgotPassword';

export interface SignInDraft {
  username: string;
  password: string;
  authFlow: AuthFlow;
}

export const EMPTY_SIGN_IN: SignInDraft = { username: '', password: '', authFlow: 'USER_SRP_AUTH' };

/** What the signed-out forms hold, kept by the page while other screens are up. */
export interface SignedOutDrafts {
  tab: SignedOutTab;
  setTab(tab: SignedOutTab): void;
  signIn: SignInDraft;
  setSignIn(draft: SignInDraft): void;
  forgotUsername: string;
  setForgotUsername(username: string): void;
}

/** The tab whose form sent the event an error answers: a refused reset is shown on the reset form, not above sign-in. */
const TAB_OF_EVENT: Record<string, SignedOutTab> = { SIGN_UP: 'signUp', FORGOT_PASSWORD: 'forgotPassword' };

/** The error, for the form on `tab` only. */
function useErrorFor(tab: SignedOutTab): AuthError | null {
  const { auth, log } = useDemo();
  const error = useSelector(auth, selectError);
  const origin = useSyncExternalStore(log.subscribe, log.lastSent);
  return error && (TAB_OF_EVENT[origin ?? ''] ?? 'signIn') === tab ? error : null;
}

const FLOWS: { value: AuthFlow; label: string }[] = [
  { value: 'USER_SRP_AUTH', label: 'Password (SRP, the default)' },
  { value: 'USER_PASSWORD_AUTH', label: 'Password (plain, USER_PASSWORD_AUTH)' },
  { value: 'CUSTOM_WITHOUT_SRP', label: 'Custom challenge, no password' },
  { value: 'CUSTOM_WITH_SRP', label: 'Password, then custom challenge' },
];

const TABS: { id: SignedOutTab; label: string }[] = [
  { id: 'signIn', label: 'Sign in' },
  { id: 'signUp', label: 'Create account' },
  { id: 'forgotPassword', label: 'Forgot password' },
];

export function SignedOutScreen({ drafts, notice }: { drafts: SignedOutDrafts; notice: string | null }) {
  const { tab, setTab } = drafts;
  return (
    <section className="screen" aria-labelledby="screen-title" data-screen="signedOut">
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} role="tab" type="button" aria-selected={tab === t.id} className="tab" onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      {notice ? <div className="banner banner--success" role="status">{notice}</div> : null}
      {tab === 'signIn' ? <SignInForm draft={drafts.signIn} onChange={drafts.setSignIn} onForgot={() => setTab('forgotPassword')} /> : null}
      {tab === 'signUp' ? <SignUpForm /> : null}
      {tab === 'forgotPassword' ? <ForgotPasswordForm username={drafts.forgotUsername} onChange={drafts.setForgotUsername} /> : null}
    </section>
  );
}

function SignInForm({ draft, onChange, onForgot }: { draft: SignInDraft; onChange(draft: SignInDraft): void; onForgot(): void }) {
  const { auth, send } = useDemo();
  const busy = useSelector(auth, selectBusy);
  const error = useErrorFor('signIn');
  const { username, password, authFlow } = draft;
  const setUsername = (value: string) => onChange({ ...draft, username: value });
  const setPassword = (value: string) => onChange({ ...draft, password: value });
  const setAuthFlow = (value: AuthFlow) => onChange({ ...draft, authFlow: value });
  const needsPassword = authFlow !== 'CUSTOM_WITHOUT_SRP';
  const errors = fieldErrors(error, ['username', 'password']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send({ type: 'SIGN_IN', username, ...(needsPassword ? { password } : {}), authFlow });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Sign in">
      <h2 id="screen-title">Welcome back</h2>
      <p className="lede">Sign in with your username or email address.</p>
      <ErrorBanner error={error} shownAtFields={errors} />
      <Field label="Username or email" name="username" value={username} onChange={setUsername} autoComplete="username" error={errors.get('username')} />
      {needsPassword ? (
        <Field label="Password" name="password" type="password" value={password} onChange={setPassword} autoComplete="current-password" error={errors.get('password')} />
      ) : null}
      <div className="field">
        <label htmlFor="auth-flow">Sign-in method</label>
        <select id="auth-flow" name="authFlow" value={authFlow} onChange={(e) => setAuthFlow(e.target.value as AuthFlow)}>
          {FLOWS.map((flow) => (
            <option key={flow.value} value={flow.value}>{flow.label}</option>
          ))}
        </select>
      </div>
      <div className="actions">
        <SubmitButton busy={busy}>Sign in</SubmitButton>
        <button type="button" className="button button--link" onClick={onForgot}>Forgot your password?</button>
      </div>
      <PasswordlessSignIn username={username} />
      <RedirectSignIn />
    </form>
  );
}

const FLAVORS = ['Cookie Dough', 'Mint Chocolate Chip', 'Pistachio', 'Salted Caramel', 'Strawberry'];

function SignUpForm() {
  const { auth, send } = useDemo();
  const busy = useSelector(auth, selectBusy);
  const error = useErrorFor('signUp');
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [flavor, setFlavor] = useState(FLAVORS[0] ?? '');
  const [password, setPassword] = useState('');
  const [autoSignIn, setAutoSignIn] = useState(true);
  const errors = fieldErrors(error, ['username', 'password', 'attributes.email', 'attributes.phone_number', 'attributes.custom:favorite_flavor']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send({
      type: 'SIGN_UP',
      username,
      // Left empty, the account has no password: the pool allows passwordless first factors.
      ...(password ? { password } : {}),
      attributes: {
        email,
        ...(phone ? { phone_number: phone } : {}),
        ...(flavor ? { 'custom:favorite_flavor': flavor } : {}),
      },
      autoSignIn,
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Create account">
      <h2 id="screen-title">Create your account</h2>
      <p className="lede">We will send a confirmation code to your email.</p>
      <ErrorBanner error={error} shownAtFields={errors} />
      <Field label="Username" name="username" value={username} onChange={setUsername} autoComplete="username" error={errors.get('username')} />
      <Field label="Email" name="email" type="email" value={email} onChange={setEmail} autoComplete="email" error={errors.get('attributes.email')} />
      <Field
        label="Phone number (optional)"
        name="phone_number"
        type="tel"
        value={phone}
        onChange={setPhone}
        autoComplete="tel"
        placeholder="+14325551212"
        hint="In international format, starting with +"
        error={errors.get('attributes.phone_number')}
      />
      <div className={`field${errors.get('attributes.custom:favorite_flavor') ? ' field--invalid' : ''}`}>
        <label htmlFor="favorite-flavor">Favorite ice cream flavor</label>
        <input id="favorite-flavor" name="favorite_flavor" list="flavors" value={flavor} onChange={(e) => setFlavor(e.target.value)} />
        <datalist id="flavors">
          {FLAVORS.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        <p className="field__hint">Stored as the custom attribute <code>custom:favorite_flavor</code></p>
      </div>
      <Field label="Password" name="password" type="password" value={password} onChange={setPassword} autoComplete="new-password" error={errors.get('password')} hint="At least 8 characters with upper and lower case, a digit and a symbol; or leave it empty to sign in with a code or a passkey" />
      <label className="checkbox">
        <input type="checkbox" name="autoSignIn" checked={autoSignIn} onChange={(e) => setAutoSignIn(e.target.checked)} />
        Sign me in once my account is confirmed
      </label>
      <div className="actions">
        <SubmitButton busy={busy}>Create account</SubmitButton>
      </div>
    </form>
  );
}

function ForgotPasswordForm({ username, onChange: setUsername }: { username: string; onChange(username: string): void }) {
  const { auth, send } = useDemo();
  const busy = useSelector(auth, selectBusy);
  const error = useErrorFor('forgotPassword');
  const errors = fieldErrors(error, ['username']);
  return (
    <form
      noValidate
      aria-label="Forgot password"
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'FORGOT_PASSWORD', username });
      }}
    >
      <h2 id="screen-title">Reset your password</h2>
      <p className="lede">We will send a code to the email or phone on your account.</p>
      <ErrorBanner error={error} shownAtFields={errors} />
      <Field label="Username or email" name="username" value={username} onChange={setUsername} autoComplete="username" error={errors.get('username')} />
      <div className="actions">
        <SubmitButton busy={busy}>Send code</SubmitButton>
      </div>
    </form>
  );
}
