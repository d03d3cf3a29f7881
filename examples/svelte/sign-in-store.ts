import { useSelector } from '@xstate/svelte';
import type { Readable } from 'svelte/store';
import type { AuthActor } from '../../index.js';
import { sameView, signInView, type SignInView } from '../sign-in-view.js';

export interface SignInStore {
  view: Readable<SignInView>;
  signIn(username: string, password: string): void;
  confirm(code: string): void;
  cancel(): void;
  signOut(): void;
}

/** The logic of SignIn.svelte: `useSelector` from @xstate/svelte (a store) and the events the form sends. */
export function signInStore(auth: AuthActor): SignInStore {
  return {
    view: useSelector(auth, signInView, sameView),
    signIn: (username, password) => auth.send({ type: 'SIGN_IN', username, password }),
    confirm: (code) => auth.send({ type: 'CONFIRM_SIGN_IN', code }),
    cancel: () => auth.send({ type: 'CANCEL' }),
    signOut: () => auth.send({ type: 'SIGN_OUT' }),
  };
}
