/**
 * Sign-in with no framework: `auth.subscribe` renders the DOM, the forms send events. The same machine the
 * React demo runs; here with `fetchTransport` (no AWS SDK) against the pool that `npm start` serves.
 */
import { createAuth, type AuthActor } from '../../core.js';
import { fetchTransport } from '../../fetch.js';
import { loadDemoConfig } from '../demo/src/demo-config.js';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found as T;
}

function field(form: HTMLFormElement, name: string): string {
  const input = form.elements.namedItem(name);
  return input instanceof HTMLInputElement ? input.value : '';
}

export function mountSignIn(auth: AuthActor): () => void {
  const signInForm = element<HTMLFormElement>('sign-in');
  const codeForm = element<HTMLFormElement>('code');
  const signedIn = element('signed-in');
  const error = element('error');

  signInForm.addEventListener('submit', (e) => {
    e.preventDefault();
    auth.send({ type: 'SIGN_IN', username: field(signInForm, 'username'), password: field(signInForm, 'password') });
  });
  codeForm.addEventListener('submit', (e) => {
    e.preventDefault();
    auth.send({ type: 'CONFIRM_SIGN_IN', code: field(codeForm, 'code') });
  });
  element('cancel').addEventListener('click', () => auth.send({ type: 'CANCEL' }));
  element('sign-out').addEventListener('click', () => auth.send({ type: 'SIGN_OUT' }));

  const render = (snapshot: ReturnType<AuthActor['getSnapshot']>) => {
    const { context } = snapshot;
    const busy = snapshot.hasTag('busy');
    // The pending challenge, also while its answer is on its way (`challenge.responding`): the form stays, disabled.
    const pending = snapshot.matches('challenge') ? context.challenge?.name : undefined;
    const challenge = pending === 'SMS_MFA' || pending === 'SOFTWARE_TOKEN_MFA';
    element('state').textContent = JSON.stringify(snapshot.value).replace(/[{}"]/g, '').replace(/:/g, '.');
    signInForm.hidden = !(snapshot.matches('signedOut') || snapshot.matches('signingIn'));
    codeForm.hidden = !challenge;
    signedIn.hidden = !(snapshot.matches('signedIn') || snapshot.matches('signingOut'));
    document.querySelectorAll('button').forEach((button) => (button.disabled = busy));
    element('code-prompt').textContent = pending === 'SMS_MFA'
      ? `Enter the code sent to ${context.challenge?.codeDelivery?.destination ?? 'your phone'}.`
      : 'Enter the code from your authenticator app.';
    element('username').textContent = context.user?.username ?? '';
    element('email').textContent = String(context.user?.attributes.email ?? '');
    error.hidden = !context.error;
    error.textContent = context.error ? `${context.error.name}: ${context.error.message}` : '';
  };
  // A stored session (or its absence) may be read before this runs: render what is there now, then each change.
  render(auth.getSnapshot());
  const subscription = auth.subscribe(render);
  return () => subscription.unsubscribe();
}

const config = await loadDemoConfig();
mountSignIn(
  createAuth({
    userPoolId: config.userPoolId,
    userPoolClientId: config.userPoolClientId,
    transport: fetchTransport({ endpoint: config.endpoint }),
  }),
);
