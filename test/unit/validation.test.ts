import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { validateEvent } from '../../machines/auth-events.js';
import { STANDARD_ATTRIBUTES } from '../../machines/attribute-schema.js';
import type { AuthContext } from '../../machines/auth-types.js';
import { AuthError } from '../../machines/auth-error.js';
import type { AuthConfig } from '../../runtime/create-auth.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { scriptedTransport } from '../support/scripted-transport.js';
import { createAuth, session, signedInHarness, startAuth, stopAll, type Harness } from '../support/auth-harness.js';
import { EMPTY_CONTEXT } from '../support/empty-context.js';

afterEach(stopAll);

type Setup = () => Promise<Harness>;

const signedOut: Setup = () => startAuth();

const confirmingSignUp: Setup = async () => {
  const h = await startAuth({ script: { SignUp: [{ UserConfirmed: false, UserSub: 'sub-1' }] } });
  h.send({ type: 'SIGN_UP', username: 'alice', password: 'Passw0rd!x' });
  await h.settle();
  return h;
};

function challenge(first: Record<string, unknown>, flow: 'USER_PASSWORD_AUTH' | 'CUSTOM_WITHOUT_SRP' = 'USER_PASSWORD_AUTH'): Setup {
  return async () => {
    const h = await startAuth({
      script: {
        InitiateAuth: [{ Session: session('v'), ...first }],
        AssociateSoftwareToken: [{ SecretCode: 'JBSWY3DPEHPK3PXP', Session: session('assoc') }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', authFlow: flow, ...(flow === 'USER_PASSWORD_AUTH' ? { password: 'Passw0rd!x' } : {}) });
    await h.settle();
    return h;
  };
}

const smsMfa = challenge({ ChallengeName: 'SMS_MFA', ChallengeParameters: { USERNAME: 'alice' } });
const selectMfaType = challenge({ ChallengeName: 'SELECT_MFA_TYPE', ChallengeParameters: { USERNAME: 'alice', MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' } });
const totpSetup = challenge({ ChallengeName: 'MFA_SETUP', ChallengeParameters: { USERNAME: 'alice', MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
const customChallenge = challenge({ ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { USERNAME: 'alice' } }, 'CUSTOM_WITHOUT_SRP');
const newPasswordRequired = challenge({
  ChallengeName: 'NEW_PASSWORD_REQUIRED',
  ChallengeParameters: { USERNAME: 'alice', requiredAttributes: '["userAttributes.phone_number"]', userAttributes: '{}' },
});
const signedIn: Setup = () => signedInHarness();
const awaitingCode: Setup = async () => {
  const h = await startAuth({ script: { ForgotPassword: [{}] } });
  h.send({ type: 'FORGOT_PASSWORD', username: 'alice' });
  await h.settle();
  return h;
};

type Case = [description: string, setup: Setup, expectedState: unknown, event: Record<string, unknown> & { type: string }, fields: string[]];

const ok = { username: 'alice', password: 'Passw0rd!x' };

const cases: Case[] = [
  // SIGN_UP
  ['SIGN_UP with an empty username', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, username: '' }, ['username']],
  ['SIGN_UP with a username holding a space', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, username: 'al ice' }, ['username']],
  ['SIGN_UP with a numeric username', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, username: 42 }, ['username']],
  ['SIGN_UP with a password that is not a string', signedOut, 'signedOut', { type: 'SIGN_UP', username: 'alice', password: 7 }, ['password']],
  ['SIGN_UP with an empty password', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, password: '' }, ['password']],
  ['SIGN_UP with a password starting with a space', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, password: ' Passw0rd!x' }, ['password']],
  // The password may be left out: a sign-up without one, where the pool offers passwordless sign-in.
  ['SIGN_UP with nothing', signedOut, 'signedOut', { type: 'SIGN_UP' }, ['username']],
  ['SIGN_UP with phone_number not in E.164', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: { phone_number: '432-555-1212' } }, ['attributes.phone_number']],
  ['SIGN_UP with phoneNumber not in E.164', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: { phoneNumber: '0014325551212' } }, ['attributes.phoneNumber']],
  ['SIGN_UP with an attribute neither standard nor custom', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: { favorite_flavor: 'x' } }, ['attributes.favorite_flavor']],
  ['SIGN_UP with an empty custom: name', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: { 'custom:': 'x' } }, ['attributes.custom:']],
  ['SIGN_UP with a bad email', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: { email: 'alice.example.com' } }, ['attributes.email']],
  ['SIGN_UP with phone_number given twice', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: { phone_number: '+14325551212', phoneNumber: '+14325551212' } }, ['attributes.phoneNumber']],
  ['SIGN_UP with a numeric attribute value', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: { email: 7 } }, ['attributes.email']],
  ['SIGN_UP with an attribute named constructor', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: { constructor: 'x' } }, ['attributes.constructor']],
  // As a JSON request body parsed on a server would carry it: an own key, which a record schema leaves out of what it gives.
  ['SIGN_UP with an attribute named __proto__', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: JSON.parse('{"__proto__":"x","email":"a@example.com"}') as unknown }, ['attributes.__proto__']],
  ['SIGN_UP with a custom attribute name over 20 characters', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: { 'custom:abcdefghijklmnopqrstu': 'x' } }, ['attributes.custom:abcdefghijklmnopqrstu']],
  ['SIGN_UP with an attribute value over 2048 characters', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: { 'custom:bio': 'x'.repeat(2049) } }, ['attributes.custom:bio']],
  ['SIGN_UP with a birthdate not YYYY-MM-DD', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: { birthdate: '1/2/1990' } }, ['attributes.birthdate']],
  ['SIGN_UP with attributes not a map', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, attributes: 'email=a@example.com' }, ['attributes']],
  ['SIGN_UP with autoSignIn not a boolean', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, autoSignIn: 'yes' }, ['autoSignIn']],
  ['SIGN_UP with clientMetadata values not strings', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, clientMetadata: { n: 1 } }, ['clientMetadata.n']],
  ['SIGN_UP with validationData not a map', signedOut, 'signedOut', { type: 'SIGN_UP', ...ok, validationData: 'x' }, ['validationData']],
  // RESEND_SIGN_UP_CODE
  ['RESEND_SIGN_UP_CODE without a username and no sign-up pending', signedOut, 'signedOut', { type: 'RESEND_SIGN_UP_CODE' }, ['username']],
  ['RESEND_SIGN_UP_CODE with an empty username', confirmingSignUp, { confirmingSignUp: 'idle' }, { type: 'RESEND_SIGN_UP_CODE', username: '' }, ['username']],
  ['RESEND_SIGN_UP_CODE with a numeric username', confirmingSignUp, { confirmingSignUp: 'idle' }, { type: 'RESEND_SIGN_UP_CODE', username: 7 }, ['username']],
  // CONFIRM_SIGN_UP
  ['CONFIRM_SIGN_UP without a username and no sign-up pending', signedOut, 'signedOut', { type: 'CONFIRM_SIGN_UP', code: '123987' }, ['username']],
  ['CONFIRM_SIGN_UP with an empty code', confirmingSignUp, { confirmingSignUp: 'idle' }, { type: 'CONFIRM_SIGN_UP', code: '' }, ['code']],
  ['CONFIRM_SIGN_UP without a code', confirmingSignUp, { confirmingSignUp: 'idle' }, { type: 'CONFIRM_SIGN_UP' }, ['code']],
  ['CONFIRM_SIGN_UP with a numeric code', confirmingSignUp, { confirmingSignUp: 'idle' }, { type: 'CONFIRM_SIGN_UP', code: 123987 }, ['code']],
  ['CONFIRM_SIGN_UP with forceAliasCreation a string', confirmingSignUp, { confirmingSignUp: 'idle' }, { type: 'CONFIRM_SIGN_UP', code: '123987', forceAliasCreation: 'true' }, ['forceAliasCreation']],
  ['CONFIRM_SIGN_UP with an empty username', confirmingSignUp, { confirmingSignUp: 'idle' }, { type: 'CONFIRM_SIGN_UP', username: '', code: '123987' }, ['username']],
  // SIGN_IN
  ['SIGN_IN with an empty username', signedOut, 'signedOut', { type: 'SIGN_IN', ...ok, username: '' }, ['username']],
  ['SIGN_IN without a password for USER_PASSWORD_AUTH', signedOut, 'signedOut', { type: 'SIGN_IN', username: 'alice' }, ['password']],
  ['SIGN_IN with an empty password', signedOut, 'signedOut', { type: 'SIGN_IN', ...ok, password: '' }, ['password']],
  ['SIGN_IN with a numeric password', signedOut, 'signedOut', { type: 'SIGN_IN', ...ok, password: 12345678 }, ['password']],
  ['SIGN_IN with an unknown authFlow', signedOut, 'signedOut', { type: 'SIGN_IN', ...ok, authFlow: 'ADMIN_USER_PASSWORD_AUTH' }, ['authFlow']],
  ['SIGN_IN with USER_SRP_AUTH and no password', signedOut, 'signedOut', { type: 'SIGN_IN', username: 'alice', authFlow: 'USER_SRP_AUTH' }, ['password']],
  // CONFIRM_SIGN_IN
  ['CONFIRM_SIGN_IN with an empty code', smsMfa, { challenge: 'smsMfa' }, { type: 'CONFIRM_SIGN_IN', code: '' }, ['code']],
  ['CONFIRM_SIGN_IN without a code', smsMfa, { challenge: 'smsMfa' }, { type: 'CONFIRM_SIGN_IN' }, ['code']],
  ['CONFIRM_SIGN_IN with a numeric code', smsMfa, { challenge: 'smsMfa' }, { type: 'CONFIRM_SIGN_IN', code: 123456 }, ['code']],
  ['CONFIRM_SIGN_IN with an unknown mfaType', smsMfa, { challenge: 'smsMfa' }, { type: 'CONFIRM_SIGN_IN', code: '902113', mfaType: 'WEB_AUTHN' }, ['mfaType']],
  // SELECT_MFA_TYPE
  ['SELECT_MFA_TYPE with an unknown mfaType', selectMfaType, { challenge: 'selectMfaType' }, { type: 'SELECT_MFA_TYPE', mfaType: 'WEB_AUTHN' }, ['mfaType']],
  ['SELECT_MFA_TYPE without an mfaType', selectMfaType, { challenge: 'selectMfaType' }, { type: 'SELECT_MFA_TYPE' }, ['mfaType']],
  ['SELECT_MFA_TYPE with a numeric mfaType', selectMfaType, { challenge: 'selectMfaType' }, { type: 'SELECT_MFA_TYPE', mfaType: 1 }, ['mfaType']],
  // VERIFY_TOTP_SETUP
  ['VERIFY_TOTP_SETUP with an empty code', totpSetup, { challenge: { totpSetup: 'idle' } }, { type: 'VERIFY_TOTP_SETUP', code: '' }, ['code']],
  ['VERIFY_TOTP_SETUP with five digits', totpSetup, { challenge: { totpSetup: 'idle' } }, { type: 'VERIFY_TOTP_SETUP', code: '12345' }, ['code']],
  ['VERIFY_TOTP_SETUP with letters', totpSetup, { challenge: { totpSetup: 'idle' } }, { type: 'VERIFY_TOTP_SETUP', code: 'abcdef' }, ['code']],
  ['VERIFY_TOTP_SETUP with an empty device name', totpSetup, { challenge: { totpSetup: 'idle' } }, { type: 'VERIFY_TOTP_SETUP', code: '507193', friendlyDeviceName: '' }, ['friendlyDeviceName']],
  // SEND_CUSTOM_CHALLENGE_ANSWER
  ['SEND_CUSTOM_CHALLENGE_ANSWER with an empty answer', customChallenge, { challenge: 'customChallenge' }, { type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '' }, ['answer']],
  ['SEND_CUSTOM_CHALLENGE_ANSWER without an answer', customChallenge, { challenge: 'customChallenge' }, { type: 'SEND_CUSTOM_CHALLENGE_ANSWER' }, ['answer']],
  ['SEND_CUSTOM_CHALLENGE_ANSWER with a numeric answer', customChallenge, { challenge: 'customChallenge' }, { type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: 4 }, ['answer']],
  // COMPLETE_NEW_PASSWORD
  ['COMPLETE_NEW_PASSWORD with an empty new password', newPasswordRequired, { challenge: 'newPasswordRequired' }, { type: 'COMPLETE_NEW_PASSWORD', newPassword: '' }, ['newPassword']],
  ['COMPLETE_NEW_PASSWORD without a new password', newPasswordRequired, { challenge: 'newPasswordRequired' }, { type: 'COMPLETE_NEW_PASSWORD' }, ['newPassword']],
  ['COMPLETE_NEW_PASSWORD with phone_number not in E.164', newPasswordRequired, { challenge: 'newPasswordRequired' }, { type: 'COMPLETE_NEW_PASSWORD', newPassword: 'N3w-Passw0rd!', requiredAttributes: { phone_number: '5551212' } }, ['requiredAttributes.phone_number']],
  ['COMPLETE_NEW_PASSWORD with an unknown attribute', newPasswordRequired, { challenge: 'newPasswordRequired' }, { type: 'COMPLETE_NEW_PASSWORD', newPassword: 'N3w-Passw0rd!', requiredAttributes: { shoe_size: '42' } }, ['requiredAttributes.shoe_size']],
  // SIGN_OUT
  ['SIGN_OUT with global a string', signedIn, { signedIn: 'idle' }, { type: 'SIGN_OUT', global: 'yes' }, ['global']],
  ['SIGN_OUT with global a number', signedIn, { signedIn: 'idle' }, { type: 'SIGN_OUT', global: 1 }, ['global']],
  // FORGOT_PASSWORD
  ['FORGOT_PASSWORD with an empty username', signedOut, 'signedOut', { type: 'FORGOT_PASSWORD', username: '' }, ['username']],
  ['FORGOT_PASSWORD without a username', signedOut, 'signedOut', { type: 'FORGOT_PASSWORD' }, ['username']],
  ['FORGOT_PASSWORD again with a numeric username', awaitingCode, { resettingPassword: 'awaitingCode' }, { type: 'FORGOT_PASSWORD', username: 1 }, ['username']],
  // CONFIRM_FORGOT_PASSWORD
  ['CONFIRM_FORGOT_PASSWORD with an empty code', awaitingCode, { resettingPassword: 'awaitingCode' }, { type: 'CONFIRM_FORGOT_PASSWORD', code: '', newPassword: 'N3w-Passw0rd!' }, ['code']],
  ['CONFIRM_FORGOT_PASSWORD with an empty new password', awaitingCode, { resettingPassword: 'awaitingCode' }, { type: 'CONFIRM_FORGOT_PASSWORD', code: '830417', newPassword: '' }, ['newPassword']],
  ['CONFIRM_FORGOT_PASSWORD with nothing', awaitingCode, { resettingPassword: 'awaitingCode' }, { type: 'CONFIRM_FORGOT_PASSWORD' }, ['code', 'newPassword']],
  ['CONFIRM_FORGOT_PASSWORD with an empty username', awaitingCode, { resettingPassword: 'awaitingCode' }, { type: 'CONFIRM_FORGOT_PASSWORD', username: '', code: '830417', newPassword: 'N3w-Passw0rd!' }, ['username']],
];

describe('invalid events: ValidationError naming the fields, state kept, nothing sent', () => {
  for (const [description, setup, expectedState, event, fields] of cases) {
    it(description, async () => {
      const h = await setup();
      expect(h.value()).toEqual(expectedState);
      const callsBefore = h.transport.calls.length;
      const eventsBefore = h.events.length;
      const { error: _before, ...contextBefore } = h.context();

      h.sendRaw(event);

      const error = h.context().error;
      expect(error).toBeInstanceOf(AuthError);
      expect(error?.name).toBe('ValidationError');
      expect(error?.retryable).toBe(false);
      expect(error?.fields?.map((f) => f.path).sort()).toEqual(fields);
      for (const field of error?.fields ?? []) expect(field.message).not.toBe('');
      expect(error?.message).toContain(event.type);
      expect(h.value()).toEqual(expectedState);
      expect(h.snapshot().hasTag('busy')).toBe(false);
      const { error: _after, ...contextAfter } = h.context();
      expect(contextAfter).toEqual(contextBefore);
      expect(h.transport.calls).toHaveLength(callsBefore);
      expect(h.events).toHaveLength(eventsBefore);
      // Nothing was scheduled to run later either.
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(h.transport.calls).toHaveLength(callsBefore);
    });
  }

  it('the next valid event clears the ValidationError', async () => {
    const h = await startAuth({ script: { InitiateAuth: [{ AuthenticationResult: fakeTokens() }] } });
    h.sendRaw({ type: 'SIGN_IN', username: '' });
    expect(h.errorName()).toBe('ValidationError');
    h.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!x' });
    expect(h.context().error).toBeNull();
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });
});

describe('attribute rules, for any input', () => {
  const context: AuthContext = EMPTY_CONTEXT;
  const signUp = (attributes: Record<string, string>) => ({ type: 'SIGN_UP' as const, username: 'alice', password: 'Passw0rd!x', attributes });

  it('a name that is neither standard, nor the phoneNumber alias, nor custom:<1–20 chars> is refused by name', () => {
    const name = fc.string({ minLength: 1, maxLength: 30 }).filter((n) => !STANDARD_ATTRIBUTES.has(n) && n !== 'phoneNumber' && !n.startsWith('custom:'));
    fc.assert(
      fc.property(name, fc.string({ maxLength: 20 }), (n, value) => {
        const result = validateEvent(signUp({ [n]: value }), context);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.fields?.map((f) => f.path)).toContain(`attributes.${n}`);
      }),
      { numRuns: 300 },
    );
  });

  it('any E.164 number is accepted as phone_number and as phoneNumber; anything without the + is refused', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 14 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), digits, (first, rest) => {
        const e164 = `+${first}${rest}`;
        expect(validateEvent(signUp({ phone_number: e164 }), context).ok).toBe(true);
        expect(validateEvent(signUp({ phoneNumber: e164 }), context).ok).toBe(true);
        expect(validateEvent(signUp({ phone_number: e164.slice(1) }), context).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('any custom:<name> of 1–20 non-space characters is accepted with any value up to 2048 characters', () => {
    const customName = fc.string({ unit: fc.constantFrom(...'abcXYZ019_-:.'), minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(customName, fc.string({ maxLength: 2048 }), (n, value) => {
        expect(validateEvent(signUp({ [`custom:${n}`]: value }), context).ok).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe('createAuth with an invalid config', () => {
  const valid: AuthConfig = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport: scriptedTransport() };
  const bad: [string, Record<string, unknown>, string][] = [
    ['a userPoolId without region and id', { ...valid, userPoolId: 'mypool' }, 'userPoolId'],
    ['no userPoolClientId', { userPoolId: POOL_ID, transport: valid.transport }, 'userPoolClientId'],
    ['an empty userPoolClientId', { ...valid, userPoolClientId: '' }, 'userPoolClientId'],
    ['an endpoint that is not an http(s) URL', { ...valid, endpoint: 'ftp://127.0.0.1:9229' }, 'endpoint'],
    ['an endpoint without a host', { ...valid, endpoint: 'http://' }, 'endpoint'],
    ['a region that is not one', { ...valid, region: 'moon' }, 'region'],
    ['an empty clientSecret', { ...valid, clientSecret: '' }, 'clientSecret'],
    ['an unknown authFlow', { ...valid, authFlow: 'ADMIN_USER_PASSWORD_AUTH' }, 'authFlow'],
    ['a negative challengeSessionMs', { ...valid, challengeSessionMs: -1 }, 'challengeSessionMs'],
    ['no transport where the entry point has no default', { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID }, 'transport'],
  ];
  for (const [what, config, field] of bad) {
    it(`${what} → ValidationError naming ${field}`, () => {
      let thrown: unknown;
      try {
        createAuth(config as unknown as AuthConfig);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AuthError);
      expect((thrown as AuthError).name).toBe('ValidationError');
      expect([...new Set((thrown as AuthError).fields?.map((f) => f.path))]).toEqual([field]);
      expect((thrown as AuthError).message).toContain(field);
    });
  }

  it('no config at all names both required fields', () => {
    expect(() => createAuth(undefined as unknown as AuthConfig)).toThrow(AuthError);
    try {
      createAuth(undefined as unknown as AuthConfig);
    } catch (error) {
      expect((error as AuthError).fields?.map((f) => f.path).sort()).toEqual(['userPoolClientId', 'userPoolId']);
    }
  });

  it('a valid config starts', async () => {
    const auth = createAuth(valid);
    expect(auth.getSnapshot().status).toBe('active');
    auth.stop();
  });
});
