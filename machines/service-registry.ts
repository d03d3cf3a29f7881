import { fromPromise, type ActorSystem, type PromiseActorLogic } from 'xstate';
import { AuthError } from './auth-error.js';
import type { AuthServices } from './service-contracts.js';
import type { AccountRequestBase, AccountServiceName } from './account-contracts.js';

/*
 * Every actor shares one chart; each reaches its own services through its actor system, so that no actor
 * builds a machine of its own for them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyActorSystem = ActorSystem<any>;
const servicesBySystem = new WeakMap<AnyActorSystem, AuthServices>();

type ServiceName = keyof AuthServices;
type InputOf<K extends ServiceName> = Parameters<AuthServices[K]>[0];
type OutputOf<K extends ServiceName> = Awaited<ReturnType<AuthServices[K]>>;

/** Gives an actor, before it starts, the services its chart calls. */
export function provideServices(actor: { system: AnyActorSystem }, services: AuthServices): void {
  servicesBySystem.set(actor.system, services);
}

/** The chart's service `name`: the function given to the running actor with `provideServices`. */
export function serviceActor<K extends ServiceName>(name: K) {
  return fromPromise<OutputOf<K>, InputOf<K>>(({ input, system, signal }) => {
    const services = servicesBySystem.get(system);
    if (!services) {
      throw new AuthError(
        'ConfigurationError',
        `The "${name}" service was not provided: start the machine with createAuth(), or give it with provideServices(actor, services) before start().`,
      );
    }
    return (services[name] as (input: InputOf<K>, signal: AbortSignal) => Promise<OutputOf<K>>).call(services, input, signal);
  });
}

/** The services as XState actors, for `machine.provide({ actors })`. */
export function serviceActors(services: AuthServices) {
  const actor = <K extends ServiceName>(name: K) =>
    fromPromise<OutputOf<K>, InputOf<K>>(({ input, signal }) =>
      (services[name] as (input: InputOf<K>, signal: AbortSignal) => Promise<OutputOf<K>>).call(services, input, signal),
    );
  return {
    restoreSession: actor('restoreSession'),
    signUp: actor('signUp'),
    confirmSignUp: actor('confirmSignUp'),
    resendSignUpCode: actor('resendSignUpCode'),
    signIn: actor('signIn'),
    respondToChallenge: actor('respondToChallenge'),
    associateTotp: actor('associateTotp'),
    refreshTokens: actor('refreshTokens'),
    signOut: actor('signOut'),
    forgotPassword: actor('forgotPassword'),
    confirmForgotPassword: actor('confirmForgotPassword'),
    ...accountServiceActors((name) => actor(name) as unknown as PromiseActorLogic<unknown, AccountRequestBase & Record<string, unknown>>),
  };
}

/** The account services' names, one per account action. */
export const ACCOUNT_SERVICE_NAMES = [
  'fetchUserAttributes',
  'updateUserAttributes',
  'confirmUserAttribute',
  'sendUserAttributeVerificationCode',
  'deleteUserAttributes',
  'updatePassword',
  'setUpTotp',
  'verifyTotpSetup',
  'updateMfaPreference',
  'fetchMfaPreference',
  'deleteUser',
  'rememberDevice',
  'forgetDevice',
  'fetchDevices',
] as const satisfies readonly AccountServiceName[];

/** An actor per account service, made by `make` (the chart's registry lookup, or given services). */
export function accountServiceActors<TActor>(make: (name: AccountServiceName) => TActor) {
  return Object.fromEntries(ACCOUNT_SERVICE_NAMES.map((name) => [name, make(name)])) as {
    [K in (typeof ACCOUNT_SERVICE_NAMES)[number]]: TActor;
  };
}
