import type { ChallengeName } from '../machines/auth-types.js';
import type { ChallengeAnswer } from '../machines/service-contracts.js';
import type { StringMap } from './cognito-api.js';

/**
 * The ChallengeResponses keys Cognito expects for each challenge, USERNAME and SECRET_HASH aside:
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 */
export function challengeResponses(name: ChallengeName, answer: ChallengeAnswer): StringMap {
  switch (answer.kind) {
    case 'code':
      return name === 'SOFTWARE_TOKEN_MFA'
        ? { SOFTWARE_TOKEN_MFA_CODE: answer.code.reveal() }
        : { SMS_MFA_CODE: answer.code.reveal() };
    case 'mfaType':
      return { ANSWER: answer.mfaType };
    case 'custom':
      return { ANSWER: answer.answer.reveal() };
    case 'newPassword': {
      const responses: StringMap = { NEW_PASSWORD: answer.newPassword.reveal() };
      for (const [attribute, value] of Object.entries(answer.attributes)) responses[`userAttributes.${attribute}`] = value;
      return responses;
    }
  }
}
