import type { AuthEventOf } from './auth-events.js';
import { authSetup, failure } from './auth-setup.js';
import type { RedirectStarted } from './redirect-contracts.js';
import { Secret } from './secret.js';

const started = ({ event }: { event: { output: RedirectStarted } }) => ({ started: event.output });

/**
 * Sign-in through Cognito's managed login (social providers included): to Cognito and back, then the code is
 * exchanged for tokens. `redirecting` sends the user away; a browser page unloads there, a native app's
 * adapter may come back with the return URL at once; otherwise the actor waits in `awaitingReturn` for
 * REDIRECT_RETURNED. After a reload, the return is taken from signedOut.
 */
export const redirectSignIn = authSetup.createStateConfig({
  initial: 'redirecting',
  on: {
    // The user gave up at Cognito's page, or the app stops waiting: nothing was signed in.
    CANCEL: { target: '#auth.signedOut', actions: 'clearError' },
  },
  states: {
    redirecting: {
      tags: ['busy'],
      invoke: {
        id: 'beginRedirect',
        src: 'beginRedirect',
        input: ({ event }) => {
          const e = event as AuthEventOf<'SIGN_IN_WITH_REDIRECT'>;
          return {
            ...(e.provider !== undefined ? { provider: e.provider } : {}),
            ...(e.customState !== undefined ? { customState: e.customState } : {}),
            ...(e.loginHint !== undefined ? { loginHint: e.loginHint } : {}),
          };
        },
        // Waits for the return; an adapter that already has the return URL hands it over at once.
        onDone: { target: 'awaitingReturn', actions: { type: 'takeReturnUrl', params: started } },
        onError: { target: '#auth.signedOut', actions: { type: 'failRedirect', params: failure } },
      },
    },
    awaitingReturn: {
      on: {
        REDIRECT_RETURNED: [
          { guard: 'eventIsValid', target: 'completing', actions: 'clearError' },
          { actions: 'rejectInvalidEvent' },
        ],
      },
    },
    completing: {
      tags: ['busy'],
      invoke: {
        id: 'completeRedirect',
        src: 'completeRedirect',
        input: ({ event }) => ({ url: new Secret((event as AuthEventOf<'REDIRECT_RETURNED'>).url) }),
        onDone: { target: '#auth.signedIn', actions: { type: 'applyRedirectSignIn', params: ({ event }) => ({ result: event.output }) } },
        onError: { target: '#auth.signedOut', actions: { type: 'failRedirect', params: failure } },
      },
    },
  },
});
