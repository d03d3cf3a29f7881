import { assign, enqueueActions } from 'xstate';
import { defineActions, errorOf } from './chart-setup.js';
import { refreshDelay } from './refresh-schedule.js';
import { MAX_TIMER_MS } from './timer-delay.js';
import type { SignedInSession } from './service-contracts.js';

/** What a signed-in user's account work leaves in context, gone with the session. */
const NO_ACCOUNT_STATE = { totpSetup: null, mfaPreference: null, devices: null, passkeys: null, accountAction: null } as const;

/** What the session records and announces: restore, refresh, other tabs, sign-out. */
export const sessionActions = defineActions({
  applyRefresh: enqueueActions(({ enqueue }, params: { session: SignedInSession }) => {
    enqueue.assign({ user: params.session.user, tokens: params.session.tokens, refreshFailures: 0, error: null });
    enqueue.emit({ type: 'tokenRefresh', user: params.session.user });
  }),
  countRefreshFailure: enqueueActions(({ context, enqueue }, params: { error: unknown }) => {
    const error = errorOf(params.error);
    enqueue.assign({ error, refreshFailures: context.refreshFailures + 1 });
    enqueue.emit({ type: 'tokenRefresh_failure', error });
  }),
  endSessionAfterRefreshFailure: enqueueActions(({ enqueue }, params: { error: unknown }) => {
    const error = errorOf(params.error);
    enqueue.assign({ error, user: null, tokens: null, refreshFailures: 0, ...NO_ACCOUNT_STATE });
    enqueue.emit({ type: 'tokenRefresh_failure', error });
    enqueue.emit({ type: 'signOut', global: false });
  }),
  /** Another tab wrote a session to the shared storage: take it as this tab's, announced as that tab did. */
  adoptSession: enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== 'SESSION_CHANGED_ELSEWHERE' || !event.session) return;
    const { user, tokens } = event.session;
    const sameUser = context.user?.userSub === user.userSub;
    enqueue.assign({ user, tokens, challenge: null, signUp: null, error: null, refreshFailures: 0 });
    enqueue.emit(sameUser ? { type: 'tokenRefresh', user } : { type: 'signIn', user });
  }),
  /** Another tab signed out and cleared the shared storage: this tab is signed out too (storage is already clear). */
  endSessionElsewhere: enqueueActions(({ enqueue }) => {
    enqueue.assign({ user: null, tokens: null, challenge: null, refreshFailures: 0, error: null, ...NO_ACCOUNT_STATE });
    enqueue.emit({ type: 'signOut', global: false });
  }),
  /**
   * Tokens that live longer than a timer can wait (about 24.8 days; Cognito's own live a day at most) would
   * overflow the refresh timer, which then fires at once: remember when the refresh is due, so that the timer
   * waits in steps until then.
   */
  planRefresh: assign(({ context }) => {
    const now = Date.now();
    const delay = context.tokens ? refreshDelay(context.tokens, context.refreshFailures, now) : 0;
    return { refreshDeferredUntil: delay > MAX_TIMER_MS ? now + delay : null };
  }),
  restore: assign((_, params: { session: SignedInSession | null }) =>
    params.session ? { user: params.session.user, tokens: params.session.tokens } : {},
  ),
  applySignOut: enqueueActions(({ enqueue }, params: { global: boolean }) => {
    enqueue.assign({ user: null, tokens: null, challenge: null, refreshFailures: 0, ...NO_ACCOUNT_STATE });
    enqueue.emit({ type: 'signOut', global: params.global });
  }),
});
