import { describe, expect, it } from 'vitest';
import { validateEvent, validationError, type AuthEvent } from '../../machines/auth-events.js';
import type { AuthContext } from '../../machines/auth-types.js';
import { AuthError } from '../../machines/auth-error.js';
import { EMPTY_CONTEXT } from '../support/empty-context.js';

/*
 * What the app reads off a refused event: the exact fields (path and message) and the sentence built from them.
 * The table-driven tests in validation.test.ts check which fields are named in each state; this file checks the
 * words, since a form shows them under the field they name.
 */

const EMPTY: AuthContext = EMPTY_CONTEXT;

function refusal(event: Record<string, unknown> & { type: string }, context: AuthContext = EMPTY): AuthError {
  const result = validateEvent(event, context);
  if (result.ok) throw new Error(`${event.type} was accepted`);
  return result.error;
}

/** A well-typed event, as the app would send it. */
const check = (event: AuthEvent, context: AuthContext = EMPTY) => validateEvent(event, context);

const signUp = (attributes: unknown) => ({ type: 'SIGN_UP', username: 'alice', password: 'Passw0rd!x', attributes });

describe('refused events: fields and message', () => {
  it('missing fields are "required", in the order of the schema, and the message lists each one', () => {
    const error = refusal({ type: 'CONFIRM_FORGOT_PASSWORD', username: 'alice' });
    expect(error).toMatchObject({ name: 'ValidationError', retryable: false });
    expect(error.fields).toEqual([
      { path: 'code', message: 'is required' },
      { path: 'newPassword', message: 'is required' },
    ]);
    expect(error.message).toBe('CONFIRM_FORGOT_PASSWORD was not sent: code is required; newPassword is required');
  });

  it('a field of the wrong type says which type, not "is required"', () => {
    const error = refusal({ type: 'SIGN_UP', username: 42, password: 'Passw0rd!x' });
    expect(error.fields).toEqual([{ path: 'username', message: 'must be of type string' }]);
    expect(error.message).toBe('SIGN_UP was not sent: username must be of type string');
    expect(refusal(signUp('email=a@example.com')).fields).toEqual([{ path: 'attributes', message: 'must be of type object' }]);
    expect(refusal({ type: 'SIGN_OUT', global: 'yes' }).fields).toEqual([{ path: 'global', message: 'must be of type boolean' }]);
  });

  it('a value outside an enum names the values allowed', () => {
    const error = refusal({ type: 'SELECT_MFA_TYPE', mfaType: 'WEB_AUTHN' });
    expect(error.fields).toEqual([{ path: 'mfaType', message: 'must be one of SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS, TOTP, EMAIL' }]);
    expect(error.message).toBe('SELECT_MFA_TYPE was not sent: mfaType must be one of SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS, TOTP, EMAIL');

    expect(refusal({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!x', authFlow: 'ADMIN_USER_PASSWORD_AUTH' }).fields).toEqual([
      { path: 'authFlow', message: 'must be one of USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_WITH_SRP, CUSTOM_WITHOUT_SRP, USER_AUTH' },
    ]);
  });

  it('a format rule gives its own message, not a generic one', () => {
    expect(refusal({ type: 'SIGN_IN', username: 'al ice', password: 'Passw0rd!x' }).fields).toEqual([
      { path: 'username', message: 'must not contain whitespace' },
    ]);
    expect(refusal({ type: 'CONFIRM_SIGN_IN', code: '' }).fields).toEqual([{ path: 'code', message: 'must not be empty' }]);
    expect(refusal({ type: 'VERIFY_TOTP_SETUP', code: '12345' }).fields).toEqual([
      { path: 'code', message: 'must be the 6 digits of the authenticator app' },
    ]);
  });

  it('a nested field is named by its dotted path', () => {
    const error = refusal(signUp({ email: 'alice.example.com' }));
    expect(error.fields).toEqual([{ path: 'attributes.email', message: 'must be an email address' }]);
    expect(error.message).toBe('SIGN_UP was not sent: attributes.email must be an email address');
  });

  it('validationError joins "path message" pairs with "; " after the event type', () => {
    const fields = [
      { path: 'code', message: 'must not be empty' },
      { path: 'newPassword', message: 'is required' },
    ];
    const error = validationError('CONFIRM_FORGOT_PASSWORD', fields);
    expect(error).toMatchObject({ name: 'ValidationError', retryable: false, fields });
    expect(error.message).toBe('CONFIRM_FORGOT_PASSWORD was not sent: code must not be empty; newPassword is required');
  });
});

describe('fields the context may supply', () => {
  it('CONFIRM_FORGOT_PASSWORD without a username needs a pending password reset', () => {
    const event = { type: 'CONFIRM_FORGOT_PASSWORD', code: '830417', newPassword: 'N3w-Passw0rd!' };
    const error = refusal(event);
    expect(error.fields).toEqual([{ path: 'username', message: 'is required when no password reset is pending' }]);
    expect(error.message).toBe('CONFIRM_FORGOT_PASSWORD was not sent: username is required when no password reset is pending');

    const resetting: AuthContext = { ...EMPTY, passwordReset: { username: 'alice' } };
    expect(validateEvent(event, resetting)).toEqual({ ok: true });
    expect(check({ ...event, type: 'CONFIRM_FORGOT_PASSWORD', username: 'alice' })).toEqual({ ok: true });
  });

  it('CONFIRM_SIGN_UP without a username needs a pending sign-up', () => {
    expect(refusal({ type: 'CONFIRM_SIGN_UP', code: '123987' }).fields).toEqual([
      { path: 'username', message: 'is required when no sign-up is pending' },
    ]);
  });

  it('SIGN_IN without a password names the flow that needs one', () => {
    expect(refusal({ type: 'SIGN_IN', username: 'alice', authFlow: 'USER_SRP_AUTH' }).fields).toEqual([
      { path: 'password', message: 'is required for USER_SRP_AUTH' },
    ]);
    expect(check({ type: 'SIGN_IN', username: 'alice', authFlow: 'CUSTOM_WITHOUT_SRP' })).toEqual({ ok: true });
  });

  it('an event with no payload schema (the machine\'s own events) passes unchecked', () => {
    expect(validateEvent({ type: 'RESUMED' }, EMPTY)).toEqual({ ok: true });
    expect(validateEvent({ type: 'SESSION_CHANGED_ELSEWHERE' }, EMPTY)).toEqual({ ok: true });
  });
});

describe('attribute rules: boundaries and messages', () => {
  it('a value of exactly 2048 characters is accepted; one more is refused', () => {
    expect(validateEvent(signUp({ 'custom:bio': 'x'.repeat(2048) }), EMPTY)).toEqual({ ok: true });
    expect(refusal(signUp({ 'custom:bio': 'x'.repeat(2049) })).fields).toEqual([
      { path: 'attributes.custom:bio', message: 'must be at most 2048 characters' },
    ]);
  });

  it('birthdate is exactly YYYY-MM-DD: nothing before or after, four, two and two digits', () => {
    expect(validateEvent(signUp({ birthdate: '1990-01-02' }), EMPTY)).toEqual({ ok: true });
    for (const bad of ['x1990-01-02', '1990-01-02x', '1990-1-02', '1990-01-2', '90-01-02', 'abcd-01-02', '1990-ab-02', '1990-01-ab']) {
      expect(refusal(signUp({ birthdate: bad })).fields, bad).toEqual([{ path: 'attributes.birthdate', message: 'must be YYYY-MM-DD' }]);
    }
  });

  it('an unknown name says how custom attributes are written', () => {
    expect(refusal(signUp({ favorite_flavor: 'vanilla' })).fields).toEqual([
      {
        path: 'attributes.favorite_flavor',
        message: 'is neither a standard attribute nor a custom one (custom attributes are written `custom:<name>`)',
      },
    ]);
  });

  it('an own __proto__ key (as JSON.parse makes it) is refused by name', () => {
    const attributes = JSON.parse('{"__proto__":"x","email":"a@example.com"}') as unknown;
    expect(refusal(signUp(attributes)).fields).toEqual([
      { path: 'attributes.__proto__', message: 'is neither a standard attribute nor a custom one' },
    ]);
  });

  it('attributes that are null, or not a map, are refused as a field, not thrown', () => {
    expect(refusal(signUp(null)).fields?.map((f) => f.path)).toEqual(['attributes']);
    expect(refusal(signUp('email=a@example.com')).fields?.map((f) => f.path)).toEqual(['attributes']);
  });

  it('one attribute given under both names names the other one', () => {
    expect(refusal(signUp({ phone_number: '+14325551212', phoneNumber: '+14325551212' })).fields).toEqual([
      { path: 'attributes.phoneNumber', message: 'is given twice (also as phone_number)' },
    ]);
  });

  it('each bad attribute is named, in the order given', () => {
    const error = refusal(signUp({ birthdate: '1/2/1990', phone_number: '432-555-1212', email: 'alice' }));
    expect(error.fields).toEqual([
      { path: 'attributes.birthdate', message: 'must be YYYY-MM-DD' },
      { path: 'attributes.phone_number', message: 'must be in E.164 format, e.g. +14325551212' },
      { path: 'attributes.email', message: 'must be an email address' },
    ]);
    expect(error.message).toBe(
      'SIGN_UP was not sent: attributes.birthdate must be YYYY-MM-DD; attributes.phone_number must be in E.164 format, e.g. +14325551212; attributes.email must be an email address',
    );
  });
});
