import { enqueueActions } from 'xstate';
import { defineActions, errorOf } from './chart-setup.js';
import type { RedirectSignIn, RedirectStarted } from './redirect-contracts.js';

/** What the redirect sign-in records and announces, as Amplify v6's Hub does. */
export const redirectActions = defineActions({
  applyRedirectSignIn: enqueueActions(({ enqueue }, params: { result: RedirectSignIn }) => {
    const { session, customState } = params.result;
    enqueue.assign({ user: session.user, tokens: session.tokens, challenge: null, signUp: null, error: null, refreshFailures: 0 });
    if (customState !== undefined) enqueue.emit({ type: 'customOAuthState', state: customState });
    enqueue.emit({ type: 'signInWithRedirect', user: session.user });
    enqueue.emit({ type: 'signIn', user: session.user });
  }),
  failRedirect: enqueueActions(({ enqueue }, params: { error: unknown }) => {
    const error = errorOf(params.error);
    enqueue.assign({ error });
    enqueue.emit({ type: 'signInWithRedirect_failure', error });
  }),
  /** The adapter came back with the URL itself (a native auth session): taken as the app would send it. */
  takeReturnUrl: enqueueActions(({ enqueue }, params: { started: RedirectStarted }) => {
    const url = params.started.returnUrl;
    if (url) enqueue.raise({ type: 'REDIRECT_RETURNED', url: url.reveal() });
  }),
});
