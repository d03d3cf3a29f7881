import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceActors } from '../../machines/service-registry.js';
import { createActor, waitFor } from 'xstate';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { validateEvent, type AuthEvent } from '../../machines/auth-events.js';
import { createAuthMachine } from '../../machines/auth-machine.js';
import { EMPTY_CONTEXT } from '../support/empty-context.js';
import type { AuthContext } from '../../machines/auth-types.js';
import { createAuthServices } from '../../services/auth-services.js';
import type { CognitoOperation, InputOf, OutputOf } from '../../services/cognito-api.js';
import type { Transport } from '../../services/transport.js';
import { inProcessBackend, type World } from './backends.js';

/*
 * Properties of the real machine over the in-process local pool, for any sequence of events with any payloads,
 * sent in whatever state the machine is in (busy ones included): the actor never fails or throws, it always
 * comes back to a state where the user can act, and no request reaches the transport carrying user input that
 * the event validation refuses.
 */


type Params = Record<string, string | undefined>;

/** The app event a request's user-typed fields came from, rebuilt from the request; null for requests with none. */
function eventBehind(op: CognitoOperation, input: Record<string, unknown>): { type: string; [key: string]: unknown } | null {
  const params = (input.AuthParameters ?? input.ChallengeResponses ?? {}) as Params;
  switch (op) {
    case 'SignUp':
      return { type: 'SIGN_UP', username: input.Username, password: input.Password };
    case 'ConfirmSignUp':
      return { type: 'CONFIRM_SIGN_UP', username: input.Username, code: input.ConfirmationCode };
    case 'ResendConfirmationCode':
      return { type: 'RESEND_SIGN_UP_CODE', username: input.Username };
    case 'ForgotPassword':
      return { type: 'FORGOT_PASSWORD', username: input.Username };
    case 'ConfirmForgotPassword':
      return { type: 'CONFIRM_FORGOT_PASSWORD', username: input.Username, code: input.ConfirmationCode, newPassword: input.Password };
    case 'VerifySoftwareToken':
      return { type: 'VERIFY_TOTP_SETUP', code: input.UserCode };
    case 'InitiateAuth':
      if (input.AuthFlow === 'REFRESH_TOKEN_AUTH') return null;
      return params.PASSWORD === undefined
        ? { type: 'SIGN_IN', username: params.USERNAME, authFlow: 'CUSTOM_WITHOUT_SRP' }
        : { type: 'SIGN_IN', username: params.USERNAME, password: params.PASSWORD };
    case 'RespondToAuthChallenge':
      switch (input.ChallengeName) {
        case 'SMS_MFA':
          return { type: 'CONFIRM_SIGN_IN', code: params.SMS_MFA_CODE };
        case 'SOFTWARE_TOKEN_MFA':
          return { type: 'CONFIRM_SIGN_IN', code: params.SOFTWARE_TOKEN_MFA_CODE };
        case 'SELECT_MFA_TYPE':
          return { type: 'SELECT_MFA_TYPE', mfaType: params.ANSWER };
        case 'CUSTOM_CHALLENGE':
          return { type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: params.ANSWER };
        case 'NEW_PASSWORD_REQUIRED':
          return { type: 'COMPLETE_NEW_PASSWORD', newPassword: params.NEW_PASSWORD };
        default:
          return null; // PASSWORD_VERIFIER, MFA_SETUP: computed by the library, nothing typed.
      }
    default:
      return null; // tokens and sessions only: RevokeToken, GlobalSignOut, AssociateSoftwareToken, …
  }
}

/** Requests that reached the transport during the property runs, by operation. */
const reached = new Map<string, number>();

/** Passes every call on, after checking that the user input in it is input the events accept. */
function validatingTransport(inner: Transport, refused: string[]): Transport {
  return {
    send<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>> {
      reached.set(op, (reached.get(op) ?? 0) + 1);
      const event = eventBehind(op, input as Record<string, unknown>);
      if (event) {
        const result = validateEvent(event, EMPTY_CONTEXT);
        if (!result.ok) refused.push(`${op}: ${result.error.message}`);
      }
      return inner.send(op, input, signal);
    },
  };
}

// Values that pass validation often enough to reach the pool, mixed with anything at all.
const names = fc.constantFrom('alice', 'bob', 'carol@example.com', 'dave-1');
const passwords = fc.constantFrom('Passw0rd!', 'N3w-Passw0rd!', 'weak');
const codes = fc.constantFrom('123456', '000000', '4');
const any = fc.oneof(fc.anything(), fc.string(), fc.constant(''), fc.constant(' padded '), fc.constant(undefined));
const field = <T>(likely: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: likely }, { weight: 1, arbitrary: any });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const eventArb = fc.oneof(
  fc.record({
    type: fc.constant('SIGN_UP'),
    username: field(names),
    password: field(passwords),
    attributes: maybe(field(fc.constant({ email: 'someone@example.com' }))),
    autoSignIn: maybe(field(fc.boolean())),
  }),
  fc.record({ type: fc.constant('SIGN_IN'), username: field(names), password: maybe(field(passwords)), authFlow: maybe(any) }),
  fc.record({ type: fc.constant('CONFIRM_SIGN_UP'), username: maybe(field(names)), code: field(codes) }),
  fc.record({ type: fc.constant('RESEND_SIGN_UP_CODE'), username: maybe(field(names)) }),
  fc.record({ type: fc.constant('CONFIRM_SIGN_IN'), code: field(codes), mfaType: maybe(any) }),
  fc.record({ type: fc.constant('SELECT_MFA_TYPE'), mfaType: field(fc.constantFrom('SMS', 'TOTP', 'SMS_MFA')) }),
  fc.record({ type: fc.constant('VERIFY_TOTP_SETUP'), code: field(codes) }),
  fc.record({ type: fc.constant('SEND_CUSTOM_CHALLENGE_ANSWER'), answer: field(codes) }),
  fc.record({ type: fc.constant('COMPLETE_NEW_PASSWORD'), newPassword: field(passwords), requiredAttributes: maybe(any) }),
  fc.record({ type: fc.constant('SIGN_OUT'), global: maybe(field(fc.boolean())) }),
  fc.record({ type: fc.constant('FORGOT_PASSWORD'), username: field(names) }),
  fc.record({ type: fc.constant('CONFIRM_FORGOT_PASSWORD'), username: maybe(field(names)), code: field(codes), newPassword: field(passwords) }),
  fc.constantFrom({ type: 'REFRESH' }, { type: 'CANCEL' }, { type: 'NOT_AN_EVENT' }, { type: 'xstate.init' }),
  fc.dictionary(fc.string(), fc.anything()).map((payload) => ({ ...payload, type: 'SIGN_UP' })),
);

/** Between events: none (sent while busy), a microtask, or until the machine settles. */
const pauseArb = fc.constantFrom('none', 'tick', 'settle');

let world: World;
beforeAll(async () => {
  await inProcessBackend.setup();
  world = await inProcessBackend.open({ mfaRequired: false });
});
afterAll(() => inProcessBackend.teardown());

describe('any events, any payloads, in any state', () => {
  it('the request check refuses what the events refuse', () => {
    const check = (op: CognitoOperation, input: Record<string, unknown>) => validateEvent(eventBehind(op, input)!, EMPTY_CONTEXT).ok;
    expect(check('SignUp', { Username: 'has space', Password: 'Passw0rd!' })).toBe(false);
    expect(check('SignUp', { Username: 'alice', Password: 'Passw0rd!' })).toBe(true);
    expect(check('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: '' } })).toBe(false);
    expect(check('RespondToAuthChallenge', { ChallengeName: 'SMS_MFA', ChallengeResponses: { SMS_MFA_CODE: '12 34' } })).toBe(false);
    expect(check('VerifySoftwareToken', { UserCode: '12345' })).toBe(false);
    expect(check('ConfirmForgotPassword', { Username: 'alice', ConfirmationCode: '1', Password: ' padded ' })).toBe(false);
  });

  it('never fail the actor, always settle, and never send refused input to Cognito', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(eventArb, pauseArb), { maxLength: 12 }), async (steps) => {
        const refused: string[] = [];
        const failures: unknown[] = [];
        const services = createAuthServices({
          transport: validatingTransport(world.transport, refused),
          storage: memoryStorage(),
          userPoolId: world.userPoolId,
          clientId: world.clientId,
        });
        const actor = createActor(createAuthMachine().provide({ actors: serviceActors(services) }), { input: { authFlow: 'USER_PASSWORD_AUTH' } });
        actor.subscribe({ error: (error) => failures.push(error) });
        actor.start();
        try {
          for (const [event, pause] of steps) {
            expect(() => actor.send(event as AuthEvent)).not.toThrow();
            if (pause === 'tick') await Promise.resolve();
            if (pause === 'settle') await waitFor(actor, (s) => !s.hasTag('busy'), { timeout: 5_000 });
          }
          await waitFor(actor, (s) => !s.hasTag('busy') || s.status !== 'active', { timeout: 5_000 });
          expect(failures).toEqual([]);
          expect(actor.getSnapshot().status).toBe('active');
          expect(refused).toEqual([]);
        } finally {
          actor.stop();
        }
      }),
      // The mutation run asks for fewer: it repeats this test for every mutant of the machine.
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
    // The runs did reach Cognito (not only validation errors).
    console.log(`\nproperty runs reached the transport with: ${[...reached].map(([op, n]) => `${op} ×${n}`).join(', ')}\n`);
    expect([...reached.values()].reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
  });
});
