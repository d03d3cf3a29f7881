import { assign, enqueueActions, raise } from 'xstate';
import { AuthError } from './auth-error.js';
import type { AuthEventOf } from './auth-events.js';
import type { AuthStepResult } from './auth-types.js';
import { defineActions, errorOf } from './chart-setup.js';
import type { Secret } from './secret.js';
import type { TotpAssociation } from './service-contracts.js';

/** What sign-in and its challenges record and announce. */
export const signInActions = defineActions({
  rememberSignInUsername: assign(({ event }) => ({
    signInUsername: (event as AuthEventOf<'SIGN_IN'>).username,
    signUp: null,
    challenge: null,
  })),
  /** Cognito said the user must confirm the sign-up first: continue there with the username just typed. */
  confirmAfterSignIn: assign(({ context }) => ({ signUp: { username: context.signInUsername ?? '', autoSignIn: false } })),
  resetAfterSignIn: assign(({ context }) => ({ passwordReset: { username: context.signInUsername ?? '' } })),

  applySignedIn: enqueueActions(({ context, enqueue }, params: { step: AuthStepResult }) => {
    if (params.step.type !== 'signedIn') return;
    const { user, tokens, deviceNotRemembered } = params.step;
    const wasAutoSignIn = context.signUp?.autoSignIn === true;
    enqueue.assign({ user, tokens, challenge: null, signUp: null, error: null, refreshFailures: 0 });
    enqueue.emit({ type: 'signIn', user, ...(deviceNotRemembered ? { deviceNotRemembered } : {}) });
    if (wasAutoSignIn) enqueue.emit({ type: 'autoSignIn', user });
  }),
  applyChallenge: assign((_, params: { step: AuthStepResult }) =>
    params.step.type === 'challenge' ? { challenge: params.step.challenge, error: null } : {},
  ),
  failSignIn: enqueueActions(({ context, enqueue }, params: { error: unknown }) => {
    const error = errorOf(params.error);
    enqueue.assign({ error, challenge: null });
    enqueue.emit({ type: 'signIn_failure', error });
    if (context.signUp?.autoSignIn) enqueue.emit({ type: 'autoSignIn_failure', error });
    enqueue.assign({ signUp: null });
  }),
  /**
   * An answer Cognito (or the way there) refused: a wrong code, a weak password, no connection. Announced as
   * Amplify v6's confirmSignIn rejects, or as v5's completeNewPassword did for a new password.
   */
  reportAnswerFailure: enqueueActions(({ context, enqueue }, params: { error: unknown }) => {
    const error = errorOf(params.error);
    enqueue.assign({ error });
    enqueue.emit({ type: context.challenge?.name === 'NEW_PASSWORD_REQUIRED' ? 'completeNewPassword_failure' : 'confirmSignIn_failure', error });
  }),
  expireChallenge: enqueueActions(({ context, enqueue }) => {
    const error = new AuthError(
      'SessionExpiredError',
      'The sign-in challenge expired: Cognito keeps a challenge open for 3 minutes. Sign in again.',
    );
    enqueue.assign({ error, challenge: null });
    enqueue.emit({ type: 'signIn_failure', error });
    if (context.signUp?.autoSignIn) enqueue.emit({ type: 'autoSignIn_failure', error });
    enqueue.assign({ signUp: null });
  }),
  /**
   * The app gave up on a sign-in, whether Cognito is still to answer it or asked for a challenge: nothing to
   * report but the end of an auto sign-in. An answer still on its way is dropped with the call that awaits it.
   */
  cancelSignIn: enqueueActions(({ context, enqueue }) => {
    if (context.signUp?.autoSignIn) {
      enqueue.emit({ type: 'autoSignIn_failure', error: new AuthError('AutoSignInError', 'Sign-in was cancelled') });
    }
    enqueue.assign({ challenge: null, signUp: null, error: null });
  }),
  /** The ceremony's assertion answers the WEB_AUTHN challenge, as an app's event answers the others. */
  answerWithPasskey: raise((_, params: { credential: Secret }) => ({ type: 'WEB_AUTHN_CREDENTIAL' as const, credential: params.credential })),
  storeTotpAssociation: assign(({ context }, params: { association: TotpAssociation }) => ({
    challenge: context.challenge && {
      ...context.challenge,
      session: params.association.session,
      totpSecret: params.association.secretCode,
    },
  })),
  rejectSignInWhileSignedIn: assign({
    error: new AuthError(
      'UserAlreadyAuthenticatedException',
      'A user is already signed in: send SIGN_OUT before signing in again.',
    ),
  }),
});
