import { authSetup, failure, transition } from './auth-setup.js';
import type { SignedInSession } from './service-contracts.js';
import { accountRoutes, accountStates, afterRefresh, heldDuringRefresh } from './account-states.js';

/** Where a restore ends, whoever read the storage: signed in with the session found, or signed out. */
function restoredTo<TArgs>(sessionOf: (args: TArgs) => SignedInSession | null) {
  const session = (args: TArgs) => ({ session: sessionOf(args) });
  return [
    transition({ guard: { type: 'sessionRestored', params: session }, target: 'signedIn', actions: { type: 'restore', params: session } }),
    transition({ target: 'signedOut' }),
  ];
}

/** Restoring the session kept in storage, refreshed first if it has expired. */
export const initializing = authSetup.createStateConfig({
  tags: ['busy'],
  invoke: {
    id: 'restoreSession',
    src: 'restoreSession',
    onDone: restoredTo(({ event }: { event: { output: SignedInSession | null } }) => event.output),
    onError: { target: 'signedOut' },
  },
  on: {
    SESSION_RESTORED: restoredTo(({ event }: { event: { session: SignedInSession | null } }) => event.session),
  },
});

/**
 * Signed in: tokens are refreshed before they expire, and on REFRESH. The account actions (account-states.ts) run
 * from `idle`; while one runs the refresh waits, and SIGN_OUT is still taken (the action's answer is then ignored).
 */
export const signedIn = authSetup.createStateConfig({
  initial: 'idle',
  on: {
    SIGN_OUT: [
      { guard: 'isGlobalSignOut', target: 'signingOut.global', actions: 'clearError' },
      { guard: 'eventIsValid', target: 'signingOut.local', actions: 'clearError' },
      { actions: 'rejectInvalidEvent' },
    ],
    SIGN_IN: { actions: 'rejectSignInWhileSignedIn' },
    SIGN_IN_WITH_REDIRECT: { actions: 'rejectSignInWhileSignedIn' },
    SESSION_CHANGED_ELSEWHERE: [
      { guard: 'sessionGoneElsewhere', target: 'signedOut', actions: ['abandonAccountAction', 'endSessionElsewhere'] },
      { guard: 'holdsSameTokens' },
      // Re-entering idle re-arms the refresh timer for the new tokens (and ends a refresh of the old ones).
      { target: '.idle', reenter: true, actions: ['adoptSession', 'abandonAccountAction'] },
    ],
  },
  states: {
    idle: {
      entry: 'planRefresh',
      after: {
        refreshDue: [
          // Fired early, at the longest wait a timer holds: wait again rather than refresh.
          { guard: 'refreshDeferred', target: 'idle', reenter: true },
          { target: 'refreshing' },
        ],
      },
      on: { REFRESH: 'refreshing', ...accountRoutes() },
    },
    refreshing: {
      tags: ['busy'],
      // A refresh is already on its way: another one would only race it.
      on: { REFRESH: {}, ...heldDuringRefresh() },
      invoke: {
        id: 'refreshTokens',
        src: 'refreshTokens',
        input: ({ context }) => ({ user: context.user!, tokens: context.tokens! }),
        onDone: [
          // An account action that waited for fresh tokens runs now.
          ...afterRefresh().map((route) => ({
            ...route,
            actions: { type: 'applyRefresh' as const, params: ({ event }: { event: { output: SignedInSession } }) => ({ session: event.output }) },
          })),
          {
            target: 'idle',
            actions: { type: 'applyRefresh', params: ({ event }) => ({ session: event.output }) },
          },
        ],
        onError: [
          {
            guard: { type: 'errorIsRetryable', params: failure },
            target: 'idle',
            actions: [{ type: 'failAccountAction', params: failure }, { type: 'countRefreshFailure', params: failure }],
          },
          {
            target: '#auth.signedOut',
            actions: [{ type: 'failAccountAction', params: failure }, { type: 'endSessionAfterRefreshFailure', params: failure }],
          },
        ],
      },
    },
    ...accountStates(),
  },
});
