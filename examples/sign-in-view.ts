import type { AuthActor } from '../index.js';

type AuthSnapshot = ReturnType<AuthActor['getSnapshot']>;

/** What a sign-in form shows, in any framework: one of three screens, the busy flag, the error, the user. */
export interface SignInView {
  screen: 'signIn' | 'code' | 'signedIn';
  busy: boolean;
  /** For the code screen: where the code went, or that it comes from an authenticator app. */
  prompt: string;
  error: string | null;
  username: string | null;
}

export function signInView(snapshot: AuthSnapshot): SignInView {
  // The pending challenge, also while its answer is on its way (`challenge.responding`): the code screen stays, busy.
  const pending = snapshot.matches('challenge') ? snapshot.context.challenge?.name : undefined;
  const challenge = pending === 'SMS_MFA' || pending === 'SOFTWARE_TOKEN_MFA';
  const signedIn = snapshot.matches('signedIn') || snapshot.matches('signingOut');
  const destination = snapshot.context.challenge?.codeDelivery?.destination;
  const error = snapshot.context.error;
  return {
    screen: signedIn ? 'signedIn' : challenge ? 'code' : 'signIn',
    busy: snapshot.hasTag('busy'),
    prompt: pending === 'SMS_MFA'
      ? `Enter the code sent to ${destination ?? 'your phone'}.`
      : 'Enter the code from your authenticator app.',
    error: error ? error.message : null,
    username: snapshot.context.user?.username ?? null,
  };
}

/** Two views are the same when every field is: keeps frameworks from re-rendering on unrelated changes. */
export function sameView(a: SignInView, b: SignInView): boolean {
  return a.screen === b.screen && a.busy === b.busy && a.prompt === b.prompt && a.error === b.error && a.username === b.username;
}
