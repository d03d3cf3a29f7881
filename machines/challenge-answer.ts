import { AuthError } from './auth-error.js';
import { eventAttributes, normalizeMfaType, type AuthEvent } from './auth-events.js';
import { Secret } from './secret.js';
import type { ChallengeAnswer } from './service-contracts.js';

/** Turns the event that answers a challenge into the answer the respondToChallenge service sends. */
export function challengeAnswerOf(event: AuthEvent): ChallengeAnswer {
  const metadata = 'clientMetadata' in event && event.clientMetadata ? { clientMetadata: event.clientMetadata } : {};
  switch (event.type) {
    case 'CONFIRM_SIGN_IN':
      return { kind: 'code', code: new Secret(event.code), ...metadata };
    case 'SELECT_MFA_TYPE':
      return { kind: 'mfaType', mfaType: normalizeMfaType(event.mfaType) };
    case 'SEND_CUSTOM_CHALLENGE_ANSWER':
      return { kind: 'custom', answer: new Secret(event.answer), ...metadata };
    case 'COMPLETE_NEW_PASSWORD':
      return {
        kind: 'newPassword',
        newPassword: new Secret(event.newPassword),
        attributes: eventAttributes(event.requiredAttributes),
        ...metadata,
      };
    default:
      throw new AuthError('ValidationError', `${event.type} does not answer a challenge`);
  }
}
