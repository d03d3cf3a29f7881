import { isSecret } from '../machines/secret.js';
import type { ChallengeAnswer } from '../machines/service-contracts.js';
import type { StringMap } from './cognito-api.js';

/** The ChallengeResponses of an answer as sent, secrets revealed only here; USERNAME and SECRET_HASH are added by the caller. */
export function challengeResponses(answer: ChallengeAnswer): StringMap {
  const responses: StringMap = {};
  for (const [key, value] of Object.entries(answer.responses)) responses[key] = isSecret(value) ? value.reveal() : value;
  return responses;
}
