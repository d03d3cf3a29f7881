import { accountEntries, type AccountEventType, type AccountStateName } from './account-actions.js';
import { authSetup, failure, transition } from './auth-setup.js';

/*
 * The `signedIn` states of the account actions, one per row of ACCOUNT_ACTIONS. Each waits for its Cognito request
 * (tagged busy, so the refresh timer waits too) and goes back to `idle`, which re-arms it; the session is kept
 * unless Cognito says it has ended.
 */

type AccountRoute = readonly (
  | { guard?: 'validWithExpiredToken' | 'eventIsValid' | 'accessTokenExpired'; target: string; actions: readonly ['clearError', 'holdAccountAction'] }
  | { actions: 'rejectInvalidEvent' }
)[];

/** From `signedIn.idle`: a valid account event runs its action, after a refresh when the access token has expired. */
export const accountRoutes = () =>
  Object.fromEntries(
    accountEntries().map(([type, entry]) => [
      type,
      entry.noPayload
        ? [
            transition({ guard: 'accessTokenExpired', target: 'refreshing', actions: ['clearError', 'holdAccountAction'] }),
            transition({ target: entry.state, actions: ['clearError', 'holdAccountAction'] }),
          ]
        : [
            transition({ guard: 'validWithExpiredToken', target: 'refreshing', actions: ['clearError', 'holdAccountAction'] }),
            transition({ guard: 'eventIsValid', target: entry.state, actions: ['clearError', 'holdAccountAction'] }),
            transition({ actions: 'rejectInvalidEvent' }),
          ],
    ]),
  ) as unknown as Record<AccountEventType, AccountRoute>;

type HeldRoute = readonly (
  | { guard: 'noAccountActionHeld' | 'validWhileNoneHeld'; actions: readonly ['clearError', 'holdAccountAction'] }
  | { guard: 'noAccountActionHeld'; actions: 'rejectInvalidEvent' }
)[];

/**
 * From `signedIn.refreshing`: a valid account event waits for the refresh and runs after it, with the new tokens.
 * One waits at a time; another is refused by name, as while an action runs.
 */
export const heldDuringRefresh = () =>
  Object.fromEntries(
    accountEntries().map(([type, entry]) => [
      type,
      entry.noPayload
        ? [transition({ guard: 'noAccountActionHeld', actions: ['clearError', 'holdAccountAction'] })]
        : [
            transition({ guard: 'validWhileNoneHeld', actions: ['clearError', 'holdAccountAction'] }),
            transition({ guard: 'noAccountActionHeld', actions: 'rejectInvalidEvent' }),
          ],
    ]),
  ) as unknown as Record<AccountEventType, HeldRoute>;

/** After a refresh: the account action that waited for it runs now. */
export const afterRefresh = () =>
  accountEntries().map(([type, entry]) =>
    transition({ guard: { type: 'accountActionHeld', params: { type } }, target: entry.state }),
  );

/** Every account actor has the same shape (the request and the tokens in, `unknown` out): typed as one of them. */
type AccountSrc = 'fetchUserAttributes';

function accountState(entry: ReturnType<typeof accountEntries>[number][1]) {
  return authSetup.createStateConfig({
    tags: ['busy'],
    invoke: {
      // One id for every action: the chart draws their shared way back to idle as one arrow.
      id: 'accountAction',
      src: entry.service as AccountSrc,
      input: ({ context }) => ({ ...context.accountAction?.request, tokens: context.tokens! }),
      onDone: entry.endsSession
        ? {
            target: '#auth.signedOut',
            actions: [
              { type: 'applyAccountResult', params: ({ event }: { event: { output: unknown } }) => ({ output: event.output }) },
              { type: 'applySignOut', params: { global: false } },
            ],
          }
        : { target: 'idle', actions: { type: 'applyAccountResult', params: ({ event }: { event: { output: unknown } }) => ({ output: event.output }) } },
      onError: [
        {
          guard: { type: 'accountErrorEndsSession', params: failure },
          target: '#auth.signedOut',
          actions: { type: 'endSessionAfterAccountFailure', params: failure },
        },
        { target: 'idle', actions: { type: 'failAccountAction', params: failure } },
      ],
    },
  });
}

/** The account states, by name, for `signedIn.states`. */
export const accountStates = () =>
  Object.fromEntries(accountEntries().map(([, entry]) => [entry.state, accountState(entry)])) as Record<
    AccountStateName,
    ReturnType<typeof accountState>
  >;
