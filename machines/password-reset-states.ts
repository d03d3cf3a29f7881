import type { AuthEventOf } from './auth-events.js';
import { authSetup, failure, whenValid } from './auth-setup.js';
import { Secret } from './secret.js';

/** Forgot password: request a code, then set a new password with it. */
export const passwordResetStates = authSetup.createStateConfig({
  initial: 'requestingCode',
  on: {
    CANCEL: { target: 'signedOut', actions: ['clearPasswordReset', 'clearError'] },
  },
  states: {
    requestingCode: {
      tags: ['busy'],
      invoke: {
        id: 'forgotPassword',
        src: 'forgotPassword',
        input: ({ context, event }) => {
          const e = event as Partial<AuthEventOf<'FORGOT_PASSWORD'>>;
          return {
            username: context.passwordReset?.username ?? '',
            ...(e.type === 'FORGOT_PASSWORD' && e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
          };
        },
        onDone: {
          target: 'awaitingCode',
          actions: { type: 'storeResetDelivery', params: ({ event }) => ({ result: event.output }) },
        },
        onError: {
          target: '#auth.signedOut',
          actions: [
            { type: 'setError', params: failure },
            { type: 'emitForgotPasswordFailure', params: failure },
            'clearPasswordReset',
          ],
        },
      },
    },
    awaitingCode: {
      on: {
        CONFIRM_FORGOT_PASSWORD: whenValid('submitting', 'rememberResetTarget'),
        FORGOT_PASSWORD: whenValid('requestingCode', 'rememberPasswordReset'),
      },
    },
    submitting: {
      tags: ['busy'],
      invoke: {
        id: 'confirmForgotPassword',
        src: 'confirmForgotPassword',
        input: ({ context, event }) => {
          const e = event as AuthEventOf<'CONFIRM_FORGOT_PASSWORD'>;
          return {
            username: e.username ?? context.passwordReset?.username ?? '',
            code: new Secret(e.code),
            newPassword: new Secret(e.newPassword),
            ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
          };
        },
        onDone: { target: '#auth.signedOut', actions: 'finishPasswordReset' },
        onError: {
          target: 'awaitingCode',
          actions: [
            { type: 'setError', params: failure },
            { type: 'emitForgotPasswordSubmitFailure', params: failure },
          ],
        },
      },
    },
  },
});
