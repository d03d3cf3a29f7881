import { fromPromise, type ActorSystem } from 'xstate';
import { AuthError } from './auth-error.js';
import type { RedirectServices } from './redirect-contracts.js';

/*
 * The redirect sign-in's services, for the actors that have them: `oauthRedirect()` gives them before the actor
 * starts. Kept apart from the other services so that an app without redirect sign-in builds none of it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyActorSystem = ActorSystem<any>;
const redirectBySystem = new WeakMap<AnyActorSystem, RedirectServices>();

type Name = keyof RedirectServices;
type InputOf<K extends Name> = Parameters<RedirectServices[K]>[0];
type OutputOf<K extends Name> = Awaited<ReturnType<RedirectServices[K]>>;

export function provideRedirectServices(actor: { system: AnyActorSystem }, services: RedirectServices): void {
  redirectBySystem.set(actor.system, services);
}

/** Refused as bad input: nothing is sent anywhere, and the error says what the app must add. */
export function redirectNotConfigured(): AuthError {
  const message = 'is not configured: give createAuth an oauth config and oauthRedirect() from cognito-auth-machine/oauth';
  return new AuthError('ValidationError', `SIGN_IN_WITH_REDIRECT was not sent: oauth ${message}`, {
    fields: [{ path: 'oauth', message }],
  });
}

export function redirectActor<K extends Name>(name: K) {
  return fromPromise<OutputOf<K>, InputOf<K>>(({ input, system, signal }) => {
    const services = redirectBySystem.get(system);
    if (!services) return Promise.reject(redirectNotConfigured());
    return (services[name] as (input: InputOf<K>, signal: AbortSignal) => Promise<OutputOf<K>>).call(services, input, signal);
  });
}
