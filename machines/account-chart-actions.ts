import { assign, enqueueActions } from 'xstate';
import { AuthError } from './auth-error.js';
import { accountEntry, accountOutcome, accountRequestOf } from './account-actions.js';
import { defineActions, errorOf } from './chart-setup.js';

/** What the account actions record and announce: the held request, the result, a failure. */
export const accountChartActions = defineActions({
  /** Keeps the request of the account event taken, so that it can wait for a refresh and run after it. */
  holdAccountAction: assign(({ event }) => ({ accountAction: accountRequestOf(event) })),
  applyAccountResult: enqueueActions(({ context, enqueue }, params: { output: unknown }) => {
    if (!context.accountAction) return;
    const outcome = accountOutcome(context.accountAction, params.output, context);
    enqueue.assign({ ...outcome.context, accountAction: null, error: null });
    enqueue.emit(outcome.emitted);
  }),
  /** The action failed and the session is still good: say so, keep the tokens and the user. */
  failAccountAction: enqueueActions(({ context, enqueue }, params: { error: unknown }) => {
    if (!context.accountAction) return;
    const error = errorOf(params.error);
    const name = accountEntry(context.accountAction.type).emits;
    enqueue.assign({ error, accountAction: null });
    enqueue.emit({ type: `${name}_failure`, error });
  }),
  /**
   * Another tab changed the session while an action was on its way: the action's answer belongs to a session this
   * tab no longer holds, so it ends here, announced, and is not run again after a later refresh.
   */
  abandonAccountAction: enqueueActions(({ context, enqueue }) => {
    if (!context.accountAction) return;
    const name = accountEntry(context.accountAction.type).emits;
    const error = new AuthError('SessionChangedElsewhereError', `${name} did not finish: the session changed in another tab`);
    enqueue.assign({ error, accountAction: null });
    enqueue.emit({ type: `${name}_failure`, error });
  }),
  /** Cognito no longer takes the session (revoked, expired, user disabled or gone): it ends here, as a failed refresh ends it. */
  endSessionAfterAccountFailure: enqueueActions(({ context, enqueue }, params: { error: unknown }) => {
    const error = errorOf(params.error);
    const name = context.accountAction ? accountEntry(context.accountAction.type).emits : null;
    enqueue.assign({ error, user: null, tokens: null, refreshFailures: 0, accountAction: null, totpSetup: null, mfaPreference: null, devices: null, passkeys: null });
    if (name) enqueue.emit({ type: `${name}_failure`, error });
    enqueue.emit({ type: 'signOut', global: false });
  }),
});
