import { useSelector } from '@xstate/react';
import { selectBusy } from './auth-selectors.js';
import { useDemo } from './demo-context.js';

/**
 * Sign-in through the pool's managed login: straight to Google (played by the local pool's test provider page), or
 * to the pool's own sign-in page, which asks for the password and any second factor itself.
 */
export function RedirectSignIn() {
  const { auth, send, managedLogin } = useDemo();
  const busy = useSelector(auth, selectBusy);
  if (!managedLogin) return null;
  return (
    <div className="redirect-sign-in" aria-label="Sign in through managed login" role="group">
      <p className="redirect-sign-in__or"><span>or</span></p>
      <button type="button" className="button button--secondary" disabled={busy} onClick={() => send({ type: 'SIGN_IN_WITH_REDIRECT', provider: 'Google' })}>
        Continue with Google
      </button>
      <button type="button" className="button button--secondary" disabled={busy} onClick={() => send({ type: 'SIGN_IN_WITH_REDIRECT' })}>
        Managed login
      </button>
    </div>
  );
}
