import { AuthError } from '../machines/auth-error.js';
import { eventAttributes, validateEvent, type AuthEventOf } from '../machines/auth-events.js';
import type { AuthEmitted, CodeDelivery } from '../machines/auth-types.js';
import { Secret } from '../machines/secret.js';
import { providedServices } from '../machines/service-registry.js';
import type { AuthActor } from '../runtime/auth-actor.js';

/**
 * The v5 calls that need no session: signing an account up, confirming it, resending its code, resetting a
 * password. v5 took them at any time: an app signed in as one user may sign a second account up, and a reset code
 * may be submitted after a reload.
 */
export type BesideSessionEvent =
  | AuthEventOf<'SIGN_UP'>
  | AuthEventOf<'CONFIRM_SIGN_UP'>
  | AuthEventOf<'RESEND_SIGN_UP_CODE'>
  | AuthEventOf<'FORGOT_PASSWORD'>
  | AuthEventOf<'CONFIRM_FORGOT_PASSWORD'>;

/** What the call did: the event the machine would have emitted for it (if any), and where a code went. */
export type BesideSessionOutcome =
  | { ok: true; emitted: AuthEmitted | null; codeDelivery?: CodeDelivery }
  | { ok: false; emitted: AuthEmitted | null; error: AuthError };

const withDelivery = (emitted: AuthEmitted | null, codeDelivery: CodeDelivery | undefined): BesideSessionOutcome => ({
  ok: true,
  emitted,
  ...(codeDelivery ? { codeDelivery } : {}),
});

/**
 * Makes one of these calls beside the chart, when its state does not take the event. The chart holds one session
 * and takes sign-up and password-reset events only in the flows they belong to (not while someone is signed in, a
 * reset code only inside the reset it started), so that they cannot replace the session or a flow in progress.
 * None of these Cognito calls (SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword,
 * ConfirmForgotPassword) takes or returns tokens, so making them here leaves the session and the chart's state
 * exactly as they were; they go through the machine's own services, and so its one transport, after the same
 * checks the chart makes at its transitions (bad input is refused and nothing is sent).
 */
export async function callBesideSession(actor: AuthActor, event: BesideSessionEvent): Promise<BesideSessionOutcome> {
  const services = providedServices(actor);
  if (!services) throw new AuthError('ConfigurationError', 'The auth machine was started without its services: start it with createAuth()');
  const checked = validateEvent(event, actor.getSnapshot().context);
  if (!checked.ok) throw checked.error;
  const signal = new AbortController().signal;
  const metadata = event.clientMetadata ? { clientMetadata: event.clientMetadata } : {};
  switch (event.type) {
    case 'SIGN_UP':
      return services
        .signUp(
          {
            username: event.username,
            ...(event.password !== undefined ? { password: new Secret(event.password) } : {}),
            attributes: eventAttributes(event.attributes),
            ...metadata,
            ...(event.validationData ? { validationData: event.validationData } : {}),
          },
          signal,
        )
        .then(
          (result): BesideSessionOutcome => ({
            ok: true,
            emitted: {
              type: 'signUp',
              user: { username: event.username, userSub: result.userSub },
              userConfirmed: result.userConfirmed,
              ...(result.codeDelivery ? { codeDelivery: result.codeDelivery } : {}),
            },
          }),
          (error: unknown) => failed(error, (e) => ({ type: 'signUp_failure', error: e })),
        );
    case 'CONFIRM_SIGN_UP': {
      const username = event.username ?? '';
      return services
        .confirmSignUp({ username, code: new Secret(event.code), forceAliasCreation: event.forceAliasCreation ?? true, ...metadata }, signal)
        .then(
          (): BesideSessionOutcome => ({ ok: true, emitted: { type: 'confirmSignUp', username } }),
          (error: unknown) => failed(error, (e) => ({ type: 'confirmSignUp_failure', error: e })),
        );
    }
    case 'RESEND_SIGN_UP_CODE':
      return services.resendSignUpCode({ username: event.username ?? '', ...metadata }, signal).then(
        (result) => withDelivery(null, result.codeDelivery),
        (error: unknown) => failed(error, () => null),
      );
    case 'FORGOT_PASSWORD':
      return services.forgotPassword({ username: event.username, ...metadata }, signal).then(
        (result) =>
          withDelivery(
            { type: 'forgotPassword', username: event.username, ...(result.codeDelivery ? { codeDelivery: result.codeDelivery } : {}) },
            result.codeDelivery,
          ),
        (error: unknown) => failed(error, (e) => ({ type: 'forgotPassword_failure', error: e })),
      );
    case 'CONFIRM_FORGOT_PASSWORD': {
      const username = event.username ?? '';
      return services
        .confirmForgotPassword({ username, code: new Secret(event.code), newPassword: new Secret(event.newPassword), ...metadata }, signal)
        .then(
          (): BesideSessionOutcome => ({ ok: true, emitted: { type: 'forgotPasswordSubmit', username } }),
          (error: unknown) => failed(error, (e) => ({ type: 'forgotPasswordSubmit_failure', error: e })),
        );
    }
  }
}

function failed(error: unknown, emit: (error: AuthError) => AuthEmitted | null): BesideSessionOutcome {
  const authError = error instanceof AuthError ? error : new AuthError('UnknownError', error instanceof Error ? error.message : String(error));
  return { ok: false, emitted: emit(authError), error: authError };
}
