import { fromPromise, type ActorSystem } from 'xstate';
import { AuthError } from './auth-error.js';
import type { PasskeyServices } from './passkey-contracts.js';

/*
 * The passkey services, for the actors that have them: `passkeys()` gives them before the actor starts. Kept apart
 * from the other services so that an app without passkeys builds none of the WebAuthn work.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyActorSystem = ActorSystem<any>;
const passkeysBySystem = new WeakMap<AnyActorSystem, PasskeyServices>();

type Name = keyof PasskeyServices;
type InputOf<K extends Name> = Parameters<PasskeyServices[K]>[0];
type OutputOf<K extends Name> = Awaited<ReturnType<PasskeyServices[K]>>;

export function providePasskeyServices(actor: { system: AnyActorSystem }, services: PasskeyServices): void {
  passkeysBySystem.set(actor.system, services);
}

/** Refused before anything is sent: the error says what the app must add. */
export function passkeysNotConfigured(): AuthError {
  return new AuthError(
    'PasskeysNotConfiguredError',
    'Passkeys are not configured: give createAuth passkeys({ adapter: browserWebAuthn() }) from cognito-auth-machine/passkeys',
  );
}

export function passkeyActor<K extends Name>(name: K) {
  return fromPromise<OutputOf<K>, InputOf<K>>(({ input, system, signal }) => {
    const services = passkeysBySystem.get(system);
    if (!services) return Promise.reject(passkeysNotConfigured());
    return (services[name] as (input: InputOf<K>, signal: AbortSignal) => Promise<OutputOf<K>>).call(services, input, signal);
  });
}
