import { describe, expect, it } from 'vitest';
import { AuthError } from '../../machines/auth-error.js';
import type { AuthEvent } from '../../machines/auth-events.js';
import { answerEventTypes, answerFor, CHALLENGES, challengesAnsweredBy, isChallengeName } from '../../machines/challenges.js';
import { Secret } from '../../machines/secret.js';
import { challengeResponses } from '../../services/challenge-responses.js';

/* The challenge table: the answer each event gives to each challenge, and the ChallengeResponses sent for it. */

const metadata = { source: 'web' };
const sent = (name: keyof typeof CHALLENGES, event: AuthEvent) => challengeResponses(answerFor(name, event));

describe('the challenge table', () => {
  it('SMS_MFA and SOFTWARE_TOKEN_MFA: the code under each challenge\'s own key, clientMetadata only when given', () => {
    const sms = answerFor('SMS_MFA', { type: 'CONFIRM_SIGN_IN', code: '902113', clientMetadata: metadata });
    expect(sms).toStrictEqual({ responses: { SMS_MFA_CODE: expect.any(Secret) }, clientMetadata: metadata });
    expect(challengeResponses(sms)).toStrictEqual({ SMS_MFA_CODE: '902113' });
    expect(sent('SOFTWARE_TOKEN_MFA', { type: 'CONFIRM_SIGN_IN', code: '123456' })).toStrictEqual({ SOFTWARE_TOKEN_MFA_CODE: '123456' });
    expect(answerFor('SOFTWARE_TOKEN_MFA', { type: 'CONFIRM_SIGN_IN', code: '123456', clientMetadata: undefined } as AuthEvent)).toStrictEqual({
      responses: { SOFTWARE_TOKEN_MFA_CODE: expect.any(Secret) },
    });
  });

  it("SELECT_MFA_TYPE: Amplify v6's names map to Cognito's", () => {
    expect(sent('SELECT_MFA_TYPE', { type: 'SELECT_MFA_TYPE', mfaType: 'TOTP' })).toStrictEqual({ ANSWER: 'SOFTWARE_TOKEN_MFA' });
    expect(sent('SELECT_MFA_TYPE', { type: 'SELECT_MFA_TYPE', mfaType: 'SMS' })).toStrictEqual({ ANSWER: 'SMS_MFA' });
  });

  it('CUSTOM_CHALLENGE: the answer as ANSWER, wrapped until it is sent', () => {
    const answer = answerFor('CUSTOM_CHALLENGE', { type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: 'horse', clientMetadata: metadata });
    expect(JSON.stringify(answer)).not.toContain('horse');
    expect(challengeResponses(answer)).toStrictEqual({ ANSWER: 'horse' });
    expect(answer.clientMetadata).toStrictEqual(metadata);
  });

  it("NEW_PASSWORD_REQUIRED: the new password and the required attributes in Cognito's names", () => {
    expect(
      sent('NEW_PASSWORD_REQUIRED', {
        type: 'COMPLETE_NEW_PASSWORD',
        newPassword: 'N3w-Passw0rd!',
        requiredAttributes: { phoneNumber: '+14325551212', name: 'Ann' },
      }),
    ).toStrictEqual({ NEW_PASSWORD: 'N3w-Passw0rd!', 'userAttributes.phone_number': '+14325551212', 'userAttributes.name': 'Ann' });
    expect(sent('NEW_PASSWORD_REQUIRED', { type: 'COMPLETE_NEW_PASSWORD', newPassword: 'N3w-Passw0rd!' })).toStrictEqual({
      NEW_PASSWORD: 'N3w-Passw0rd!',
    });
  });

  it('MFA_SETUP: no responses of its own; the code goes to VerifySoftwareToken first', () => {
    const answer = answerFor('MFA_SETUP', { type: 'VERIFY_TOTP_SETUP', code: '654321', friendlyDeviceName: 'phone' });
    expect(answer.responses).toStrictEqual({});
    expect(answer.softwareToken?.code.reveal()).toBe('654321');
    expect(answer.softwareToken?.friendlyDeviceName).toBe('phone');
    expect(answerFor('MFA_SETUP', { type: 'VERIFY_TOTP_SETUP', code: '654321' }).softwareToken).toStrictEqual({ code: expect.any(Secret) });
  });

  it('MFA_SETUP by email: its second answer sends the address as EMAIL, with the client metadata', () => {
    expect(sent('MFA_SETUP', { type: 'SET_UP_EMAIL_MFA', email: 'ada@example.com' })).toStrictEqual({ EMAIL: 'ada@example.com' });
    const answer = answerFor('MFA_SETUP', { type: 'SET_UP_EMAIL_MFA', email: 'ada@example.com', clientMetadata: { a: 'b' } });
    expect(answer).toStrictEqual({ responses: { EMAIL: 'ada@example.com' }, clientMetadata: { a: 'b' } });
    expect(answer.softwareToken).toBeUndefined();
  });

  it('an event that does not answer the pending challenge is refused by name, never sent under a guessed key', () => {
    const refused = (() => {
      try {
        answerFor('SOFTWARE_TOKEN_MFA', { type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: 'x' });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(AuthError);
    expect(refused).toMatchObject({ name: 'InvalidStateException', message: 'SEND_CUSTOM_CHALLENGE_ANSWER does not answer SOFTWARE_TOKEN_MFA: CONFIRM_SIGN_IN does' });
    expect(() => answerFor('EMAIL_OTP', { type: 'SET_UP_EMAIL_MFA', email: 'ada@example.com' })).toThrow('SET_UP_EMAIL_MFA does not answer EMAIL_OTP: CONFIRM_SIGN_IN does');
    expect(() => answerFor('MFA_SETUP', { type: 'toString' })).toThrow('toString does not answer MFA_SETUP');
    expect(() => answerFor('MFA_SETUP', { type: 'CONFIRM_SIGN_IN', code: '1' })).toThrow(
      'CONFIRM_SIGN_IN does not answer MFA_SETUP: VERIFY_TOTP_SETUP or SET_UP_EMAIL_MFA does',
    );
  });

  it('lists: which challenges each event answers, each answering event once, and the names it knows', () => {
    expect(challengesAnsweredBy('CONFIRM_SIGN_IN')).toStrictEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_OTP']);
    expect(challengesAnsweredBy('COMPLETE_NEW_PASSWORD')).toStrictEqual(['NEW_PASSWORD_REQUIRED']);
    expect(challengesAnsweredBy('SET_UP_EMAIL_MFA')).toStrictEqual(['MFA_SETUP']);
    expect(answerEventTypes()).toStrictEqual([
      'CONFIRM_SIGN_IN',
      'SELECT_MFA_TYPE',
      'VERIFY_TOTP_SETUP',
      'SEND_CUSTOM_CHALLENGE_ANSWER',
      'COMPLETE_NEW_PASSWORD',
      'SELECT_CHALLENGE',
      'WEB_AUTHN_CREDENTIAL',
    ]);
    expect(isChallengeName('SMS_MFA')).toBe(true);
    expect(isChallengeName('EMAIL_OTP')).toBe(true);
    expect(isChallengeName('WEB_AUTHN')).toBe(true);
    expect(isChallengeName('PASSWORD_VERIFIER')).toBe(false);
    expect(isChallengeName('toString')).toBe(false);
  });
});
