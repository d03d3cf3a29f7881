import { assign, emit, enqueueActions } from 'xstate';
import type { AuthEventOf } from './auth-events.js';
import { defineActions, errorOf } from './chart-setup.js';
import type { CodeDeliveryResult } from './service-contracts.js';

/** What a password reset records and announces. */
export const passwordResetActions = defineActions({
  rememberPasswordReset: assign(({ context, event }) => {
    const e = event as AuthEventOf<'FORGOT_PASSWORD'> | AuthEventOf<'SIGN_IN'>;
    return { passwordReset: { username: e.username ?? context.passwordReset?.username ?? '' } };
  }),
  /** A code submitted for another username than the pending reset resets that user: events must name them. */
  rememberResetTarget: assign(({ context, event }) => {
    const username = (event as AuthEventOf<'CONFIRM_FORGOT_PASSWORD'>).username;
    if (!username || context.passwordReset?.username === username) return {};
    return { passwordReset: { username } };
  }),
  storeResetDelivery: enqueueActions(({ context, enqueue }, params: { result: CodeDeliveryResult }) => {
    const username = context.passwordReset?.username ?? '';
    const codeDelivery = params.result.codeDelivery;
    enqueue.assign({ passwordReset: { username, ...(codeDelivery ? { codeDelivery } : {}) } });
    enqueue.emit({ type: 'forgotPassword', username, ...(codeDelivery ? { codeDelivery } : {}) });
  }),
  emitForgotPasswordFailure: emit((_, params: { error: unknown }) => ({
    type: 'forgotPassword_failure' as const,
    error: errorOf(params.error),
  })),
  finishPasswordReset: enqueueActions(({ context, enqueue }) => {
    enqueue.emit({ type: 'forgotPasswordSubmit', username: context.passwordReset?.username ?? '' });
    enqueue.assign({ passwordReset: null, error: null });
  }),
  emitForgotPasswordSubmitFailure: emit((_, params: { error: unknown }) => ({
    type: 'forgotPasswordSubmit_failure' as const,
    error: errorOf(params.error),
  })),
  clearPasswordReset: assign({ passwordReset: null }),
});
