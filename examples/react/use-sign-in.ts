import { useSelector } from '@xstate/react';
import { useCallback } from 'react';
import type { AuthActor } from '../../index.js';
import { sameView, signInView, type SignInView } from '../sign-in-view.js';

export interface SignIn {
  view: SignInView;
  signIn(username: string, password: string): void;
  confirm(code: string): void;
  cancel(): void;
  signOut(): void;
}

/**
 * The logic of SignIn.tsx: `useSelector` from @xstate/react on the auth actor (a re-render only when the view
 * changes) and the events the form sends.
 */
export function useSignIn(auth: AuthActor): SignIn {
  const view = useSelector(auth, signInView, sameView);
  return {
    view,
    signIn: useCallback((username: string, password: string) => auth.send({ type: 'SIGN_IN', username, password }), [auth]),
    confirm: useCallback((code: string) => auth.send({ type: 'CONFIRM_SIGN_IN', code }), [auth]),
    cancel: useCallback(() => auth.send({ type: 'CANCEL' }), [auth]),
    signOut: useCallback(() => auth.send({ type: 'SIGN_OUT' }), [auth]),
  };
}
