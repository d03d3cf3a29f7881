import { assign } from 'xstate';
import { eventAttributes, type AuthEventOf } from './auth-events.js';
import { authSetup, failure, whenValid } from './auth-setup.js';
import { isSecret, Secret } from './secret.js';
import { stepRoutes } from './sign-in-states.js';

/** SignUp: on to confirmation, straight to auto sign-in, or back when Cognito refuses. */
export const signingUp = authSetup.createStateConfig({
  tags: ['busy'],
  invoke: {
    id: 'signUp',
    src: 'signUp',
    input: ({ event }) => {
      const e = event as AuthEventOf<'SIGN_UP'>;
      return {
        username: e.username,
        ...(e.password ? { password: new Secret(e.password) } : {}),
        attributes: eventAttributes(e.attributes),
        ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
        ...(e.validationData ? { validationData: e.validationData } : {}),
      };
    },
    onDone: [
      {
        guard: { type: 'signUpConfirmedWithAutoSignIn', params: ({ event }) => ({ result: event.output }) },
        target: 'autoSigningIn',
        actions: [
          { type: 'storeSignUpResult', params: ({ event }) => ({ result: event.output }) },
          { type: 'emitSignUp', params: ({ event }) => ({ result: event.output }) },
        ],
      },
      {
        guard: { type: 'signUpConfirmed', params: ({ event }) => ({ result: event.output }) },
        target: 'signedOut',
        actions: [
          { type: 'emitSignUp', params: ({ event }) => ({ result: event.output }) },
          assign({ signUp: null }),
        ],
      },
      {
        target: 'confirmingSignUp',
        actions: [
          { type: 'storeSignUpResult', params: ({ event }) => ({ result: event.output }) },
          { type: 'emitSignUp', params: ({ event }) => ({ result: event.output }) },
        ],
      },
    ],
    onError: {
      target: 'signedOut',
      actions: [
        { type: 'setError', params: failure },
        { type: 'emitSignUpFailure', params: failure },
        assign({ signUp: null }),
      ],
    },
  },
});

/** Waiting for the code Cognito sent; resending it; submitting it. */
export const confirmingSignUp = authSetup.createStateConfig({
  initial: 'idle',
  on: {
    CANCEL: {
      target: 'signedOut',
      actions: [{ type: 'endAutoSignIn', params: { reason: 'Sign-up confirmation was cancelled' } }, 'clearError'],
    },
    RESUMED: { actions: 'endAutoSignInAfterReload' },
  },
  states: {
    idle: {
      on: {
        CONFIRM_SIGN_UP: whenValid('submitting', 'rememberConfirmTarget'),
        RESEND_SIGN_UP_CODE: whenValid('resending', 'rememberConfirmTarget'),
      },
    },
    resending: {
      tags: ['busy'],
      invoke: {
        id: 'resendSignUpCode',
        src: 'resendSignUpCode',
        input: ({ context, event }) => {
          const e = event as AuthEventOf<'RESEND_SIGN_UP_CODE'>;
          return {
            username: e.username ?? context.signUp?.username ?? '',
            ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
          };
        },
        onDone: {
          target: 'idle',
          actions: { type: 'storeCodeDelivery', params: ({ event }) => ({ result: event.output }) },
        },
        onError: { target: 'idle', actions: { type: 'setError', params: failure } },
      },
    },
    submitting: {
      tags: ['busy'],
      invoke: {
        id: 'confirmSignUp',
        src: 'confirmSignUp',
        input: ({ context, event }) => {
          const e = event as AuthEventOf<'CONFIRM_SIGN_UP'>;
          return {
            username: e.username ?? context.signUp?.username ?? '',
            code: new Secret(e.code),
            // Amplify's documented default: a verified alias held by another user moves to this one.
            forceAliasCreation: e.forceAliasCreation ?? true,
            ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
          };
        },
        onDone: [
          // Cognito's session stands for the first factor: auto sign-in goes through USER_AUTH with no password.
          {
            guard: { type: 'autoSignInWithSession', params: ({ event }) => ({ result: event.output }) },
            target: '#auth.autoSigningIn',
            actions: ['emitConfirmSignUp', { type: 'keepSignInSession', params: ({ event }) => ({ result: event.output }) }],
          },
          // No session (a client without USER_AUTH): the password held since SIGN_UP signs in, by the app's flow.
          { guard: 'autoSignInPending', target: '#auth.autoSigningIn', actions: 'emitConfirmSignUp' },
          {
            target: '#auth.signedOut',
            actions: [
              'emitConfirmSignUp',
              {
                type: 'endAutoSignIn',
                params: {
                  reason:
                    'Auto sign-in needs a session from ConfirmSignUp (app clients with USER_AUTH) or the password, which is kept in memory only: neither was at hand',
                },
              },
            ],
          },
        ],
        onError: {
          target: 'idle',
          actions: [
            { type: 'setError', params: failure },
            { type: 'emitConfirmSignUpFailure', params: failure },
          ],
        },
      },
    },
  },
});

/** Signing in with what SIGN_UP held in memory, once the sign-up is confirmed. */
export const autoSigningIn = authSetup.createStateConfig({
  tags: ['busy'],
  exit: 'forgetAutoSignInPassword',
  on: {
    // As for any sign-in: the call is stopped, and its late answer ignored; the auto sign-in ends, and says so.
    CANCEL: { target: 'signedOut', actions: 'cancelSignIn' },
  },
  invoke: {
    id: 'autoSignIn',
    src: 'signIn',
    input: ({ context }) => ({
      username: context.signUp?.username ?? '',
      ...(isSecret(context.signUp?.session)
        ? { authFlow: 'USER_AUTH' as const, session: context.signUp.session }
        : {
            ...(isSecret(context.signUp?.password) ? { password: context.signUp.password } : {}),
            authFlow: context.authFlow,
          }),
      ...(context.signUp?.clientMetadata ? { clientMetadata: context.signUp.clientMetadata } : {}),
    }),
    onDone: stepRoutes(),
    onError: {
      target: 'signedOut',
      actions: { type: 'failSignIn', params: failure },
    },
  },
});
