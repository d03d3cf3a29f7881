import { authSetup, failure } from './auth-setup.js';

/** Restoring the session kept in storage, refreshed first if it has expired. */
export const initializing = authSetup.createStateConfig({
  tags: ['busy'],
  invoke: {
    id: 'restoreSession',
    src: 'restoreSession',
    onDone: [
      {
        guard: { type: 'sessionRestored', params: ({ event }) => ({ session: event.output }) },
        target: 'signedIn',
        actions: { type: 'restore', params: ({ event }) => ({ session: event.output }) },
      },
      { target: 'signedOut' },
    ],
    onError: { target: 'signedOut' },
  },
  on: {
    SESSION_RESTORED: [
      {
        guard: { type: 'sessionRestored', params: ({ event }) => ({ session: event.session }) },
        target: 'signedIn',
        actions: { type: 'restore', params: ({ event }) => ({ session: event.session }) },
      },
      { target: 'signedOut' },
    ],
  },
});

/** Signed in: tokens are refreshed before they expire, and on REFRESH. */
export const signedIn = authSetup.createStateConfig({
  initial: 'idle',
  on: {
    SIGN_OUT: [
      { guard: 'isGlobalSignOut', target: 'signingOut.global', actions: 'clearError' },
      { guard: 'eventIsValid', target: 'signingOut.local', actions: 'clearError' },
      { actions: 'rejectInvalidEvent' },
    ],
    SIGN_IN: { actions: 'rejectSignInWhileSignedIn' },
    SESSION_CHANGED_ELSEWHERE: [
      { guard: 'sessionGoneElsewhere', target: 'signedOut', actions: 'endSessionElsewhere' },
      { guard: 'holdsSameTokens' },
      // Re-entering idle re-arms the refresh timer for the new tokens (and ends a refresh of the old ones).
      { target: '.idle', reenter: true, actions: 'adoptSession' },
    ],
  },
  states: {
    idle: {
      after: { refreshDue: 'refreshing' },
      on: { REFRESH: 'refreshing' },
    },
    refreshing: {
      tags: ['busy'],
      // A refresh is already on its way: another one would only race it.
      on: { REFRESH: {} },
      invoke: {
        id: 'refreshTokens',
        src: 'refreshTokens',
        input: ({ context }) => ({ user: context.user!, tokens: context.tokens! }),
        onDone: {
          target: 'idle',
          actions: { type: 'applyRefresh', params: ({ event }) => ({ session: event.output }) },
        },
        onError: [
          {
            guard: { type: 'errorIsRetryable', params: failure },
            target: 'idle',
            actions: { type: 'countRefreshFailure', params: failure },
          },
          {
            target: '#auth.signedOut',
            actions: { type: 'endSessionAfterRefreshFailure', params: failure },
          },
        ],
      },
    },
  },
});
