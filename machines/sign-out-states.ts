import { authSetup, failure, whenValid } from './auth-setup.js';

/** Nobody is signed in: where every flow starts and ends. */
export const signedOut = authSetup.createStateConfig({
  on: {
    SIGN_UP: whenValid('signingUp', 'rememberSignUp'),
    SIGN_IN: whenValid('signingIn', 'rememberSignInUsername'),
    CONFIRM_SIGN_UP: whenValid('confirmingSignUp.submitting', 'rememberConfirmTarget'),
    RESEND_SIGN_UP_CODE: whenValid('confirmingSignUp.resending', 'rememberConfirmTarget'),
    FORGOT_PASSWORD: whenValid('resettingPassword', 'rememberPasswordReset'),
    SIGN_IN_WITH_REDIRECT: [
      { guard: 'eventIsValid', target: 'redirectSignIn.redirecting', actions: 'clearError' },
      { actions: 'rejectInvalidEvent' },
    ],
    // Back from Cognito's page after a reload: the app (or oauthRedirect()) passes the URL it came back to.
    REDIRECT_RETURNED: [
      { guard: 'eventIsValid', target: 'redirectSignIn.completing', actions: 'clearError' },
      { actions: 'rejectInvalidEvent' },
    ],
    // Another tab signed in: this one is signed in too.
    SESSION_CHANGED_ELSEWHERE: { guard: 'sessionAppearedElsewhere', target: 'signedIn', actions: 'adoptSession' },
    // Nobody is signed in: signing out has nothing to do, and is not an error.
    SIGN_OUT: {},
  },
});

/** Revoking the tokens (this device) or signing out everywhere (global). */
export const signingOut = authSetup.createStateConfig({
  tags: ['busy'],
  initial: 'local',
  states: {
    local: {
      invoke: {
        id: 'signOut',
        src: 'signOut',
        input: ({ context }) => ({ tokens: context.tokens!, global: false }),
        // A local sign-out always ends the session here; the service has already cleared storage.
        onDone: { target: '#auth.signedOut', actions: { type: 'applySignOut', params: { global: false } } },
        onError: {
          target: '#auth.signedOut',
          actions: [
            { type: 'setError', params: failure },
            { type: 'applySignOut', params: { global: false } },
          ],
        },
      },
    },
    global: {
      invoke: {
        id: 'signOut',
        src: 'signOut',
        input: ({ context }) => ({ tokens: context.tokens!, global: true }),
        onDone: { target: '#auth.signedOut', actions: { type: 'applySignOut', params: { global: true } } },
        onError: [
          {
            // Cognito never heard of it: the other devices are still signed in, so stay and say so.
            guard: { type: 'errorIsRetryable', params: failure },
            target: '#auth.signedIn',
            actions: { type: 'setError', params: failure },
          },
          {
            target: '#auth.signedOut',
            actions: [
              { type: 'setError', params: failure },
              { type: 'applySignOut', params: { global: true } },
            ],
          },
        ],
      },
    },
  },
});
