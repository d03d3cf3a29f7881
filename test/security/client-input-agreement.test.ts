import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../machines/auth-events.js';
import { EMPTY_CONTEXT } from '../support/empty-context.js';

/*
 * The client's checks of what the app sends agree with Cognito's own input constraints, as the API reference
 * gives them (request parameters of SignUp, InitiateAuth, ConfirmForgotPassword, RespondToAuthChallenge):
 * what passes here is not refused there for its shape, and what Cognito would take is not refused here.
 */

/** PasswordType: max 256. */
const COGNITO_PASSWORD = /^[\S]+.*[\S]+$/;
/** UsernameType: 1–128. */
const COGNITO_USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
/** CustomAttributeNameType, after `custom:`: 1–20. AttributeValueType: max 2048. */
const COGNITO_CUSTOM_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

const cognitoTakesPassword = (p: string) => p.length <= 256 && COGNITO_PASSWORD.test(p);
const cognitoTakesUsername = (u: string) => u.length >= 1 && u.length <= 128 && COGNITO_USERNAME.test(u);

const accepted = (event: { type: string; [field: string]: unknown }) => validateEvent(event, EMPTY_CONTEXT).ok;
const signUp = (fields: { username?: string; password?: string; attributes?: Record<string, string> }) => ({
  type: 'SIGN_UP',
  username: 'alice',
  password: 'Passw0rd!',
  ...fields,
});

/** Characters where the rules differ: ASCII and Unicode whitespace, line terminators, marks, symbols, astral ones. */
const tricky = fc.constantFrom(
  'a', 'Z', '7', '!', '@', '_', '-', '.', 'é', '\u0301', '€', '😀', ' ', '\t', '\n', '\r', '\v', '\f',
  '\u00a0', '\u0085', '\u2028', '\u2029', '\u200b', '\u3000', '\ufeff', '\u0000',
);
const trickyString = (maxLength: number) => fc.string({ unit: tricky, maxLength });

describe('passwords', () => {
  it.each([
    ['an inner space', 'correct horse battery staple', true],
    ['a single inner space', 'Passw0rd !', true],
    ['two characters', 'ab', true],
    ['256 characters', 'x'.repeat(256), true],
    ['a leading space', ' Passw0rd!', false],
    ['a trailing space', 'Passw0rd! ', false],
    ['a trailing tab', 'Passw0rd!\t', false],
    ['an inner line break', 'Passw0rd\n!', false],
    ['one character', 'a', false],
    ['257 characters', 'x'.repeat(257), false],
    ['nothing', '', false],
  ])('with %s: accepted %s, as by Cognito', (_what, password, expected) => {
    expect(cognitoTakesPassword(password)).toBe(expected);
    for (const event of [
      signUp({ password }),
      { type: 'SIGN_IN', username: 'alice', password },
      { type: 'CONFIRM_FORGOT_PASSWORD', username: 'alice', code: '123456', newPassword: password },
      { type: 'COMPLETE_NEW_PASSWORD', newPassword: password },
    ]) {
      expect(accepted(event)).toBe(expected);
    }
  });

  it("agree with Cognito's pattern for any string", () => {
    fc.assert(
      fc.property(fc.oneof(trickyString(12), fc.string({ maxLength: 300 }), fc.string({ minLength: 250, maxLength: 260 })), (password) => {
        expect(accepted(signUp({ password }))).toBe(cognitoTakesPassword(password));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('usernames', () => {
  it.each([
    ['letters and symbols', 'alice+test@example.com', true],
    ['non-Latin letters with marks', 'Zoë-Ŝ_日本', true],
    ['128 characters', 'u'.repeat(128), true],
    ['an inner space', 'al ice', false],
    ['a no-break space', 'al\u00a0ice', false],
    ['a zero-width space', 'al\u200bice', false],
    ['129 characters', 'u'.repeat(129), false],
    ['nothing', '', false],
  ])('with %s: accepted %s, as by Cognito', (_what, username, expected) => {
    expect(cognitoTakesUsername(username)).toBe(expected);
    expect(accepted(signUp({ username }))).toBe(expected);
    expect(accepted({ type: 'FORGOT_PASSWORD', username })).toBe(expected);
  });

  it("agree with Cognito's pattern for any string", () => {
    fc.assert(
      fc.property(fc.oneof(trickyString(10), fc.string({ maxLength: 140 })), (username) => {
        expect(accepted(signUp({ username }))).toBe(cognitoTakesUsername(username));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('attributes', () => {
  it('take custom names of 1 to 20 characters of the pattern, and values up to 2048 characters', () => {
    fc.assert(
      fc.property(fc.oneof(trickyString(22), fc.string({ maxLength: 22 })), (name) => {
        const cognitoTakes = name.length >= 1 && name.length <= 20 && COGNITO_CUSTOM_NAME.test(name);
        expect(accepted(signUp({ attributes: { [`custom:${name}`]: 'x' } }))).toBe(cognitoTakes);
      }),
      { numRuns: 1000 },
    );
    expect(accepted(signUp({ attributes: { 'custom:flavor': 'v'.repeat(2048) } }))).toBe(true);
    expect(accepted(signUp({ attributes: { 'custom:flavor': 'v'.repeat(2049) } }))).toBe(false);
    // Values are free text: spaces anywhere.
    expect(accepted(signUp({ attributes: { name: ' Alice  Liddell ' } }))).toBe(true);
  });
});
