import { passwordResetStates } from './password-reset-states.js';
import { authSetup } from './auth-setup.js';
import { initializing, signedIn, signingOut } from './session-states.js';
import { challenge, signingIn } from './sign-in-states.js';
import { autoSigningIn, confirmingSignUp, signingUp } from './sign-up-states.js';

export { CHALLENGE_SESSION_MS, type AuthMachineInput } from './chart-setup.js';

/**
 * Builds the chart. `authMachine` is the one every actor shares; a fresh build is for changing one chart's
 * definition (tests that alter a transition) without touching the others.
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
    }),
    initial: 'initializing',
    states: {
      initializing,
      signedOut: {
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
            {
              guard: 'eventIsValid',
              target: 'confirmingSignUp.submitting',
              actions: ['clearError', 'rememberConfirmTarget'],
            },
            { actions: 'rejectInvalidEvent' },
          ],
          RESEND_SIGN_UP_CODE: [
            {
              guard: 'eventIsValid',
              target: 'confirmingSignUp.resending',
              actions: ['clearError', 'rememberConfirmTarget'],
            },
            { actions: 'rejectInvalidEvent' },
          ],
          FORGOT_PASSWORD: [
            { guard: 'eventIsValid', target: 'resettingPassword', actions: ['clearError', 'rememberPasswordReset'] },
            { actions: 'rejectInvalidEvent' },
          ],
          SESSION_CHANGED_ELSEWHERE: { guard: 'sessionAppearedElsewhere', target: 'signedIn', actions: 'adoptSession' },
        },
      },
      signingUp,
      confirmingSignUp,
      autoSigningIn,
      signingIn,
      challenge,
      signedIn,
      signingOut,
      resettingPassword: passwordResetStates,
    },
  });
}

/** The auth statechart. Give it services with `authMachine.provide({ actors })`, or start it with createAuth(). */
export const authMachine = createAuthMachine();
