import { useSelector } from '@xstate/vue';
import { ref, type Ref } from 'vue';
import type { AuthActor } from '../../index.js';
import { sameView, signInView, type SignInView } from '../sign-in-view.js';

export interface SignIn {
  view: Ref<SignInView>;
  username: Ref<string>;
  password: Ref<string>;
  code: Ref<string>;
  signIn(): void;
  confirm(): void;
  cancel(): void;
  signOut(): void;
}

/** The logic of SignIn.vue: `useSelector` from @xstate/vue on the auth actor, and the events the form sends. */
export function useSignIn(auth: AuthActor): SignIn {
  const view = useSelector(auth, signInView, sameView);
  const username = ref('');
  const password = ref('');
  const code = ref('');
  return {
    view,
    username,
    password,
    code,
    signIn: () => auth.send({ type: 'SIGN_IN', username: username.value, password: password.value }),
    confirm: () => auth.send({ type: 'CONFIRM_SIGN_IN', code: code.value }),
    cancel: () => auth.send({ type: 'CANCEL' }),
    signOut: () => auth.send({ type: 'SIGN_OUT' }),
  };
}
