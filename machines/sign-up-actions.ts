import { assign, emit, enqueueActions } from 'xstate';
import { AuthError } from './auth-error.js';
import type { AuthEventOf } from './auth-events.js';
import { defineActions, errorOf } from './chart-setup.js';
import { Secret } from './secret.js';
import type { CodeDeliveryResult, ConfirmSignUpResult, SignUpResult } from './service-contracts.js';

/** What sign-up, confirmation and auto sign-in record and announce. */
export const signUpActions = defineActions({
  rememberSignUp: assign(({ event }) => {
    const e = event as AuthEventOf<'SIGN_UP'>;
    return {
      signUp: {
        username: e.username,
        autoSignIn: e.autoSignIn === true,
        ...(e.autoSignIn && e.password ? { password: new Secret(e.password) } : {}),
        ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
      },
    };
  }),
  /** A confirm or resend for another username than the pending sign-up starts a new one, without auto sign-in. */
  rememberConfirmTarget: enqueueActions(({ context, event, enqueue }) => {
    const e = event as AuthEventOf<'CONFIRM_SIGN_UP'> | AuthEventOf<'RESEND_SIGN_UP_CODE'>;
    const username = e.username ?? context.signUp?.username;
    if (!username || context.signUp?.username === username) return;
    if (context.signUp?.autoSignIn) {
      enqueue.emit({
        type: 'autoSignIn_failure',
        error: new AuthError('AutoSignInError', `Sign-up of ${context.signUp.username} was left for another username`),
      });
    }
    enqueue.assign({ signUp: { username, autoSignIn: false } });
  }),
  storeSignUpResult: assign(({ context }, params: { result: SignUpResult }) => ({
    signUp: context.signUp && {
      ...context.signUp,
      userSub: params.result.userSub,
      ...(params.result.codeDelivery ? { codeDelivery: params.result.codeDelivery } : {}),
    },
  })),
  storeCodeDelivery: assign(({ context }, params: { result: CodeDeliveryResult }) => ({
    signUp: context.signUp && {
      ...context.signUp,
      ...(params.result.codeDelivery ? { codeDelivery: params.result.codeDelivery } : {}),
    },
  })),
  emitSignUp: emit(({ context }, params: { result: SignUpResult }) => ({
    type: 'signUp' as const,
    user: { username: context.signUp?.username ?? '', userSub: params.result.userSub },
    userConfirmed: params.result.userConfirmed,
    ...(params.result.codeDelivery ? { codeDelivery: params.result.codeDelivery } : {}),
  })),
  emitSignUpFailure: emit((_, params: { error: unknown }) => ({ type: 'signUp_failure' as const, error: errorOf(params.error) })),
  emitConfirmSignUp: emit(({ context }) => ({ type: 'confirmSignUp' as const, username: context.signUp?.username ?? '' })),
  emitConfirmSignUpFailure: emit((_, params: { error: unknown }) => ({
    type: 'confirmSignUp_failure' as const,
    error: errorOf(params.error),
  })),
  /** The password and the session for auto sign-in live only until auto sign-in is over, whatever its outcome. */
  forgetAutoSignInPassword: assign(({ context }) => {
    if (!context.signUp?.password && !context.signUp?.session) return {};
    const { password: _dropped, session: _spent, ...rest } = context.signUp;
    return { signUp: rest };
  }),
  /**
   * ConfirmSignUp answered with a session: auto sign-in spends it on USER_AUTH, and the password, no longer
   * needed, is dropped at once.
   */
  keepSignInSession: assign(({ context }, params: { result: ConfirmSignUpResult | void }) => {
    if (!context.signUp || !params.result?.session) return {};
    const { password: _dropped, ...rest } = context.signUp;
    return { signUp: { ...rest, session: params.result.session } };
  }),
  /** Ends a pending auto sign-in that can no longer happen, telling listeners why. */
  endAutoSignIn: enqueueActions(({ context, enqueue }, params: { reason: string }) => {
    if (context.signUp?.autoSignIn) {
      enqueue.emit({ type: 'autoSignIn_failure', error: new AuthError('AutoSignInError', params.reason) });
    }
    enqueue.assign({ signUp: null });
  }),
  /** The password for auto sign-in is never persisted, so a reload before confirmation ends auto sign-in. */
  endAutoSignInAfterReload: enqueueActions(({ context, enqueue }) => {
    if (!context.signUp?.autoSignIn) return;
    enqueue.emit({
      type: 'autoSignIn_failure',
      error: new AuthError(
        'AutoSignInError',
        'The page was reloaded before the sign-up was confirmed; the password for auto sign-in is kept only in memory, so sign in after confirming.',
      ),
    });
    const { password: _dropped, ...rest } = context.signUp;
    enqueue.assign({ signUp: { ...rest, autoSignIn: false } });
  }),
});
