import { describe, expect, it } from 'vitest';
import { challengeAnswerOf } from '../../machines/challenge-answer.js';
import { AuthError } from '../../machines/auth-error.js';
import { Secret } from '../../machines/secret.js';
import type { AuthEvent } from '../../machines/auth-events.js';

/* The answer the respondToChallenge service receives for each event that answers a challenge. */

const metadata = { source: 'web' };

describe('challengeAnswerOf', () => {
  it('CONFIRM_SIGN_IN: the code as a Secret, with clientMetadata only when given', () => {
    const answer = challengeAnswerOf({ type: 'CONFIRM_SIGN_IN', code: '902113', clientMetadata: metadata });
    expect(answer).toStrictEqual({ kind: 'code', code: expect.any(Secret), clientMetadata: metadata });
    expect(answer.kind === 'code' && answer.code.reveal()).toBe('902113');
    expect(challengeAnswerOf({ type: 'CONFIRM_SIGN_IN', code: '902113' })).toStrictEqual({ kind: 'code', code: expect.any(Secret) });
    // An explicit undefined is no metadata either.
    expect(challengeAnswerOf({ type: 'CONFIRM_SIGN_IN', code: '902113', clientMetadata: undefined } as AuthEvent)).toStrictEqual({
      kind: 'code',
      code: expect.any(Secret),
    });
  });

  it('SELECT_MFA_TYPE: Amplify v6 names map to Cognito\'s', () => {
    expect(challengeAnswerOf({ type: 'SELECT_MFA_TYPE', mfaType: 'TOTP' })).toStrictEqual({ kind: 'mfaType', mfaType: 'SOFTWARE_TOKEN_MFA' });
    expect(challengeAnswerOf({ type: 'SELECT_MFA_TYPE', mfaType: 'SMS' })).toStrictEqual({ kind: 'mfaType', mfaType: 'SMS_MFA' });
  });

  it('SEND_CUSTOM_CHALLENGE_ANSWER: the answer as a Secret, with clientMetadata only when given', () => {
    const answer = challengeAnswerOf({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: 'horse', clientMetadata: metadata });
    expect(answer).toStrictEqual({ kind: 'custom', answer: expect.any(Secret), clientMetadata: metadata });
    expect(answer.kind === 'custom' && answer.answer.reveal()).toBe('horse');
    expect(challengeAnswerOf({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: 'horse' })).toStrictEqual({ kind: 'custom', answer: expect.any(Secret) });
  });

  it('COMPLETE_NEW_PASSWORD: attributes in Cognito\'s names, none when none are given', () => {
    const answer = challengeAnswerOf({
      type: 'COMPLETE_NEW_PASSWORD',
      newPassword: 'N3w-Passw0rd!',
      requiredAttributes: { phoneNumber: '+14325551212' },
    });
    expect(answer).toStrictEqual({ kind: 'newPassword', newPassword: expect.any(Secret), attributes: { phone_number: '+14325551212' } });
    expect(answer.kind === 'newPassword' && answer.newPassword.reveal()).toBe('N3w-Passw0rd!');
    expect(challengeAnswerOf({ type: 'COMPLETE_NEW_PASSWORD', newPassword: 'N3w-Passw0rd!', clientMetadata: metadata })).toStrictEqual({
      kind: 'newPassword',
      newPassword: expect.any(Secret),
      attributes: {},
      clientMetadata: metadata,
    });
  });

  it('an event that answers no challenge is a ValidationError naming it', () => {
    expect(() => challengeAnswerOf({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!x' })).toThrow(AuthError);
    expect(() => challengeAnswerOf({ type: 'SIGN_OUT' })).toThrow(
      expect.objectContaining({ name: 'ValidationError', message: 'SIGN_OUT does not answer a challenge' }),
    );
  });
});
