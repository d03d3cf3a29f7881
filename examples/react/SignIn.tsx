import { useState, type FormEvent } from 'react';
import type { AuthActor } from '../../index.js';
import { useSignIn } from './use-sign-in.js';

/** Username and password, then an SMS or TOTP code, then signed in: the same sign-in as the Vue and Svelte examples. */
export function SignIn({ auth }: { auth: AuthActor }) {
  const { view, signIn, confirm, cancel, signOut } = useSignIn(auth);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const submit = (action: () => void) => (e: FormEvent) => {
    e.preventDefault();
    action();
  };

  return (
    <>
      {view.screen === 'signIn' && (
        <form onSubmit={submit(() => signIn(username, password))}>
          <label>
            Username or email <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" />
          </label>
          <label>
            Password{' '}
            <input value={password} onChange={(e) => setPassword(e.target.value)} type="password" autoComplete="current-password" />
          </label>
          <button type="submit" disabled={view.busy}>Sign in</button>
        </form>
      )}

      {view.screen === 'code' && (
        <form onSubmit={submit(() => confirm(code))}>
          <p>{view.prompt}</p>
          <label>
            Code <input value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" />
          </label>
          <button type="submit" disabled={view.busy}>Verify</button>
          <button type="button" onClick={cancel}>Cancel</button>
        </form>
      )}

      {view.screen === 'signedIn' && (
        <section>
          <p>
            Signed in as <strong>{view.username}</strong>
          </p>
          <button type="button" disabled={view.busy} onClick={signOut}>Sign out</button>
        </section>
      )}

      {view.error && <p role="alert">{view.error}</p>}
    </>
  );
}
