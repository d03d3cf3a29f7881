import { createActor, toPromise, waitFor, type AnyActorLogic } from 'xstate';
import { describe, expect, it, vi } from 'vitest';
import { AuthError } from '../../machines/auth-error.js';
import { authMachine } from '../../machines/auth-machine.js';
import { errorOf } from '../../machines/chart-setup.js';
import { acceptedEvents, invalidStateError, isInternalEvent } from '../../machines/refused-event.js';
import type { AuthServices } from '../../machines/service-contracts.js';
import { provideServices, serviceActors } from '../../machines/service-registry.js';

/* How the chart reaches its services, how it names what it refuses, and how it turns anything thrown into an AuthError. */

const NAMES = [
  'restoreSession',
  'signUp',
  'confirmSignUp',
  'resendSignUpCode',
  'signIn',
  'respondToChallenge',
  'associateTotp',
  'refreshTokens',
  'signOut',
  'forgotPassword',
  'confirmForgotPassword',
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
] as const;

/** Services that answer with their own name and the input they were given. */
function echoServices(): AuthServices {
  return Object.fromEntries(NAMES.map((name) => [name, vi.fn(async (input: unknown) => ({ name, input }))])) as unknown as AuthServices;
}

describe('services', () => {
  it('serviceActors: each actor calls the service of its own name with its input', async () => {
    const services = echoServices();
    const actors = serviceActors(services);
    expect(Object.keys(actors)).toEqual([...NAMES]);
    for (const name of NAMES) {
      const output = await toPromise(createActor(actors[name] as AnyActorLogic, { input: { of: name } }).start());
      expect(output).toEqual({ name, input: { of: name } });
    }
  });

  it('an actor given its services with provideServices restores through them', async () => {
    const services = echoServices();
    (services.restoreSession as ReturnType<typeof vi.fn>).mockResolvedValue(null);
    const actor = createActor(authMachine, { input: {} });
    provideServices(actor, services);
    actor.start();
    await waitFor(actor, (s) => s.matches('signedOut'));
    expect(services.restoreSession).toHaveBeenCalledTimes(1);
    actor.stop();
  });

  it('without its services, the chart says how to give them, and stays usable', async () => {
    const actor = createActor(authMachine, { input: {} }).start();
    await waitFor(actor, (s) => s.matches('signedOut'));
    actor.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    await waitFor(actor, (s) => !s.hasTag('busy'));
    expect(actor.getSnapshot().context.error).toMatchObject({
      name: 'ConfigurationError',
      message:
        'The "signIn" service was not provided: start the machine with createAuth(), or give it with provideServices(actor, services) before start().',
    });
    actor.stop();
  });
});

describe('refused events', () => {
  const snapshotOf = (value: unknown, busy: boolean, ownEvents: string[][]) =>
    ({ value, hasTag: (tag: string) => busy && tag === 'busy', _nodes: ownEvents.map((events) => ({ ownEvents: events })) }) as never;

  it("the library's own and XState's events are internal; the app's are not", () => {
    expect(isInternalEvent('xstate.after.refreshDue.auth.signedIn.idle')).toBe(true);
    expect(isInternalEvent('SESSION_CHANGED_ELSEWHERE')).toBe(true);
    expect(isInternalEvent('RESUMED')).toBe(true);
    expect(isInternalEvent('SIGN_IN')).toBe(false);
    expect(isInternalEvent('MY.xstate.')).toBe(false);
  });

  it('names the state as the app matches it, whether busy, and the events it takes, each once', () => {
    const snapshot = snapshotOf({ signedIn: { deeper: 'refreshing' } }, true, [['*', 'SIGN_OUT'], ['SIGN_OUT', 'xstate.after.x', 'RESUMED']]);
    expect(acceptedEvents(snapshot)).toEqual(['SIGN_OUT']);
    const error = invalidStateError('SIGN_IN', snapshot);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.name).toBe('InvalidStateException');
    expect(error.message).toBe('SIGN_IN is not taken in signedIn.deeper.refreshing while it waits for Cognito: it takes SIGN_OUT');
  });

  it('a state that takes nothing says so', () => {
    expect(invalidStateError('CANCEL', snapshotOf('signingIn', true, [[]])).message).toBe(
      'CANCEL is not taken in signingIn while it waits for Cognito: it takes no event until that ends',
    );
    expect(invalidStateError('CANCEL', snapshotOf('signedOut', false, [['SIGN_IN']])).message).toBe(
      'CANCEL is not taken in signedOut: it takes SIGN_IN',
    );
  });
});

describe('errorOf: what a service throws, as an AuthError', () => {
  it('an AuthError is kept as it is', () => {
    const error = new AuthError('CodeMismatchException', 'Wrong code');
    expect(errorOf(error)).toBe(error);
  });

  it('another Error keeps its message, with the original as the cause', () => {
    const original = new TypeError('fetch failed');
    const error = errorOf(original);
    expect(error).toMatchObject({ name: 'UnknownError', message: 'fetch failed', retryable: false });
    expect(error.cause).toBe(original);
  });

  it('anything else is written out', () => {
    expect(errorOf('socket closed')).toMatchObject({ name: 'UnknownError', message: 'socket closed' });
    expect(errorOf(undefined).message).toBe('undefined');
  });
});
