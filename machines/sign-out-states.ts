import { authSetup } from './auth-setup.js';

/** Nobody is signed in: where every flow starts and ends. */
export const signedOut = authSetup.createStateConfig({
  on: {
    SIGN_UP: [
      { guard: 'eventIsValid', target: 'signingUp', actions: ['clearError', 'rememberSignUp'] },
      { actions: 'rejectInvalidEvent' },
    ],
    SIGN_IN: [
      { guard: 'eventIsValid', target: 'signingIn', actions: ['clearError', 'rememberSignInUsername'] },
      { actions: 'rejectInvalidEvent' },
    ],
    CONFIRM_SIGN_UP: [
      { guard: 'eventIsValid', target: 'confirmingSignUp.submitting', actions: ['clearError', 'rememberConfirmTarget'] },
      { actions: 'rejectInvalidEvent' },
    ],
    RESEND_SIGN_UP_CODE: [
      { guard: 'eventIsValid', target: 'confirmingSignUp.resending', actions: ['clearError', 'rememberConfirmTarget'] },
      { actions: 'rejectInvalidEvent' },
    ],
    FORGOT_PASSWORD: [
      { guard: 'eventIsValid', target: 'resettingPassword', actions: ['clearError', 'rememberPasswordReset'] },
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
            { type: 'setError', params: ({ event }) => ({ error: event.error }) },
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
            guard: { type: 'errorIsRetryable', params: ({ event }) => ({ error: event.error }) },
            target: '#auth.signedIn',
            actions: { type: 'setError', params: ({ event }) => ({ error: event.error }) },
          },
          {
            target: '#auth.signedOut',
            actions: [
              { type: 'setError', params: ({ event }) => ({ error: event.error }) },
              { type: 'applySignOut', params: { global: true } },
            ],
          },
        ],
      },
    },
  },
});
