import { passwordResetStates } from './password-reset-states.js';
import { redirectSignIn } from './redirect-states.js';
import { authSetup, failure } from './auth-setup.js';
import { initializing, signedIn } from './session-states.js';
import { signedOut, signingOut } from './sign-out-states.js';
import { challenge, signingIn } from './sign-in-states.js';
import { autoSigningIn, confirmingSignUp, signingUp } from './sign-up-states.js';

/**
 * Builds the chart. Nothing here runs when a module is imported: `createAuth` builds it on its first call, and
 * `authMachine` (cognito-auth-machine/advanced) is built where it is imported. A fresh build has state nodes of its
 * own, to change one chart's definition (say, to see that a changed transition is noticed) without touching the others.
 */
export function createAuthMachine() {
  return authSetup.createMachine({
    id: 'auth',
    context: ({ input }) => ({
      authFlow: input?.authFlow ?? 'USER_SRP_AUTH',
      user: null,
      tokens: null,
      challenge: null,
      signInUsername: null,
      signUp: null,
      passwordReset: null,
      error: null,
      refreshFailures: 0,
      refreshDeferredUntil: null,
      totpSetup: null,
      mfaPreference: null,
      devices: null,
      passkeys: null,
      accountAction: null,
    }),
    initial: 'initializing',
    on: {
      // What the app sends that is not an event at all.
      EVENT_REFUSED: { actions: { type: 'setError', params: failure } },
      // Any other event the active states do not take: nothing is sent, and the error says what they take.
      '*': { actions: 'refuseEventInThisState' },
    },
    states: {
      initializing,
      signedOut,
      signingUp,
      confirmingSignUp,
      autoSigningIn,
      signingIn,
      challenge,
      signedIn,
      signingOut,
      resettingPassword: passwordResetStates,
      redirectSignIn,
    },
  });
}

