import { describe, expect, it } from 'vitest';
import { challengeOf } from '../../services/auth-step.js';
import type { AuthStepOutput } from '../../services/cognito-api.js';

/* How Cognito's challenge answer becomes the challenge the machine keeps (reference: challenge parameters are strings, lists as JSON). */

const SESSION = 's'.repeat(64);
const context = { typedUsername: 'alice@example.com', now: 1_000_000, sessionMs: 180_000 };

function parse(output: AuthStepOutput) {
  return challengeOf(output, context);
}

describe('unsupported or broken challenges', () => {
  it('names a challenge the library does not answer', () => {
    expect(() => parse({ ChallengeName: 'DEVICE_SRP_AUTH', Session: SESSION })).toThrow(
      expect.objectContaining({
        name: 'UnsupportedChallengeError',
        message: 'Cognito asked for the DEVICE_SRP_AUTH challenge, which this library does not answer',
      }),
    );
  });

  it('calls a challenge without a name "unnamed"', () => {
    expect(() => parse({ Session: SESSION })).toThrow(
      expect.objectContaining({
        name: 'UnsupportedChallengeError',
        message: 'Cognito asked for the unnamed challenge, which this library does not answer',
      }),
    );
  });

  it('a challenge without a session is an InvalidResponseError naming it', () => {
    expect(() => parse({ ChallengeName: 'SMS_MFA', ChallengeParameters: {} })).toThrow(
      expect.objectContaining({ name: 'InvalidResponseError', message: 'Cognito sent the SMS_MFA challenge without a session' }),
    );
  });
});

describe('code delivery', () => {
  it.each([
    [{ CODE_DELIVERY_DESTINATION: '+*******1234', CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS' }, { destination: '+*******1234', deliveryMedium: 'SMS' }],
    [{ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' }, { deliveryMedium: 'EMAIL' }],
    [{ CODE_DELIVERY_DESTINATION: 'a***@e***' }, { destination: 'a***@e***' }],
  ])('is read from %o', (parameters, codeDelivery) => {
    expect(parse({ ChallengeName: 'SMS_MFA', Session: SESSION, ChallengeParameters: parameters }).codeDelivery).toEqual(codeDelivery);
  });

  it('is absent when Cognito names neither destination nor medium', () => {
    expect(parse({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: SESSION, ChallengeParameters: {} })).not.toHaveProperty('codeDelivery');
  });
});

describe('lists in challenge parameters', () => {
  it('MFA_SETUP that offers neither TOTP nor email cannot be done during sign-in', () => {
    const output = { ChallengeName: 'MFA_SETUP', Session: SESSION, ChallengeParameters: { MFAS_CAN_SETUP: '["SMS_MFA"]' } } as const;
    expect(() => parse(output)).toThrow(
      expect.objectContaining({
        name: 'UnsupportedChallengeError',
        message: 'Cognito asked to set up SMS_MFA; only TOTP and email can be set up during sign-in',
      }),
    );
  });

  it('MFA_SETUP that offers nothing at all is refused by name too', () => {
    const output = { ChallengeName: 'MFA_SETUP', Session: SESSION, ChallengeParameters: { MFAS_CAN_SETUP: '[]' } } as const;
    expect(() => parse(output)).toThrow(
      expect.objectContaining({ name: 'UnsupportedChallengeError', message: 'Cognito asked to set up no factor; only TOTP and email can be set up during sign-in' }),
    );
  });

  it('MFA_SETUP that offers email without TOTP is taken, with the factors listed', () => {
    const output = { ChallengeName: 'MFA_SETUP', Session: SESSION, ChallengeParameters: { MFAS_CAN_SETUP: '["SMS_MFA","EMAIL_OTP"]' } } as const;
    expect(parse(output)).toMatchObject({ name: 'MFA_SETUP', mfaTypes: ['SMS_MFA', 'EMAIL_OTP'] });
  });

  it('MFA_SETUP that offers TOTP among others is taken, with the factors listed', () => {
    const output = { ChallengeName: 'MFA_SETUP', Session: SESSION, ChallengeParameters: { MFAS_CAN_SETUP: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' } } as const;
    expect(parse(output).mfaTypes).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
  });

  it('SELECT_MFA_TYPE without TOTP among the choices is fine: the user picks one', () => {
    const output = { ChallengeName: 'SELECT_MFA_TYPE', Session: SESSION, ChallengeParameters: { MFAS_CAN_CHOOSE: '["SMS_MFA","EMAIL_OTP"]' } } as const;
    expect(parse(output)).toMatchObject({ name: 'SELECT_MFA_TYPE', mfaTypes: ['SMS_MFA', 'EMAIL_OTP'] });
  });

  it('keeps only the strings of a list', () => {
    const output = { ChallengeName: 'SELECT_MFA_TYPE', Session: SESSION, ChallengeParameters: { MFAS_CAN_CHOOSE: '["SMS_MFA",7,null,"SOFTWARE_TOKEN_MFA"]' } } as const;
    expect(parse(output).mfaTypes).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
  });

  it.each(['"SMS_MFA"', '{"0":"SMS_MFA"}', 'not json', 'null'])('ignores a value that is not a JSON list: %s', (value) => {
    const output = { ChallengeName: 'SELECT_MFA_TYPE', Session: SESSION, ChallengeParameters: { MFAS_CAN_CHOOSE: value } } as const;
    expect(parse(output)).not.toHaveProperty('mfaTypes');
  });

  it('strips the leading userAttributes. from required attributes, and only a leading one', () => {
    const output = {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: SESSION,
      ChallengeParameters: { requiredAttributes: '["userAttributes.email","userAttributes.custom:team","custom:userAttributes.x"]' },
    } as const;
    expect(parse(output).requiredAttributes).toEqual(['email', 'custom:team', 'custom:userAttributes.x']);
  });
});

describe('the rest of the challenge', () => {
  it('answers as Cognito’s USERNAME, then USER_ID_FOR_SRP, then what was typed; the session lives sessionMs', () => {
    const base = { ChallengeName: 'SMS_MFA', Session: SESSION } as const;
    expect(parse({ ...base, ChallengeParameters: { USERNAME: 'u1', USER_ID_FOR_SRP: 'u2' } }).username).toBe('u1');
    expect(parse({ ...base, ChallengeParameters: { USER_ID_FOR_SRP: 'u2' } }).username).toBe('u2');
    expect(parse(base)).toEqual({ name: 'SMS_MFA', session: SESSION, username: 'alice@example.com', parameters: {}, expiresAt: 1_180_000 });
  });
});
