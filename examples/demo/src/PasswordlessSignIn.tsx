import { useSelector } from '@xstate/react';
import type { AuthEvent } from '../../../core.js';
import { selectBusy } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { PasskeyNotice } from './PasskeyNotice.js';
import { passkeySupport } from './passkey-support.js';

/**
 * Choice-based sign-in (USER_AUTH) without a password: the user names a first factor, or lets Cognito list the ones
 * this account may use. The username is the sign-in form's.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
 */
type FirstFactor = NonNullable<Extract<AuthEvent, { type: 'SIGN_IN' }>['preferredChallenge']>;

const WAYS: { challenge: FirstFactor | null; label: string }[] = [
  { challenge: 'EMAIL_OTP', label: 'Sign in with an email code' },
  { challenge: 'SMS_OTP', label: 'Sign in with a text message code' },
  { challenge: 'WEB_AUTHN', label: 'Sign in with a passkey' },
  { challenge: null, label: 'Let Cognito offer the choice' },
];

export function PasswordlessSignIn({ username }: { username: string }) {
  const { auth, send } = useDemo();
  const busy = useSelector(auth, selectBusy);
  const support = passkeySupport();
  return (
    <div className="redirect-sign-in passwordless" role="group" aria-label="Sign in without a password" data-testid="passwordless">
      <p className="redirect-sign-in__or"><span>or without a password</span></p>
      <div className="passwordless__ways">
        {WAYS.map(({ challenge, label }) => (
          <button
            key={label}
            type="button"
            className="button button--secondary"
            disabled={busy || (challenge === 'WEB_AUTHN' && !support.usable)}
            data-challenge={challenge ?? 'SELECT_CHALLENGE'}
            onClick={() => send({ type: 'SIGN_IN', username, authFlow: 'USER_AUTH', ...(challenge ? { preferredChallenge: challenge } : {}) })}
          >
            {label}
          </button>
        ))}
      </div>
      <PasskeyNotice support={support} />
    </div>
  );
}
