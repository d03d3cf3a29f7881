/**
 * The three Lambda triggers of a custom authentication challenge: a one-time code sent to the user's verified email,
 * three tries. Deploy each export as its own function (or one bundle with three handlers) and name them in the
 * pool's LambdaConfig: DefineAuthChallenge, CreateAuthChallenge, VerifyAuthChallengeResponse.
 *
 * Event shapes: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-challenge.html
 */
import { randomInt } from 'node:crypto';

interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

interface TriggerEvent<Request, Response> {
  userPoolId: string;
  userName: string;
  request: Request;
  response: Response;
}

export type DefineAuthChallengeEvent = TriggerEvent<
  { userAttributes: Record<string, string>; session: ChallengeResult[]; userNotFound?: boolean },
  { challengeName?: string; issueTokens: boolean; failAuthentication: boolean }
>;

export type CreateAuthChallengeEvent = TriggerEvent<
  { userAttributes: Record<string, string>; challengeName: string; session: ChallengeResult[]; userNotFound?: boolean },
  { publicChallengeParameters: Record<string, string>; privateChallengeParameters: Record<string, string>; challengeMetadata?: string }
>;

export type VerifyAuthChallengeResponseEvent = TriggerEvent<
  { privateChallengeParameters: Record<string, string>; challengeAnswer: string; userNotFound?: boolean },
  { answerCorrect: boolean }
>;

/** Sends the code; in a Lambda, with Amazon SES (SendEmail) or Amazon SNS. */
export type DeliverCode = (email: string, code: string) => Promise<void>;

/** Each handler returns the event it was given, with `response` filled in, as Cognito expects. */
export interface CustomAuthTriggers {
  defineAuthChallenge<E extends DefineAuthChallengeEvent>(event: E): Promise<E>;
  createAuthChallenge<E extends CreateAuthChallengeEvent>(event: E): Promise<E>;
  verifyAuthChallengeResponse<E extends VerifyAuthChallengeResponseEvent>(event: E): Promise<E>;
}

const MAX_TRIES = 3;
const CODE_PREFIX = 'CODE-';

export function customAuthTriggers(deliverCode: DeliverCode): CustomAuthTriggers {
  return {
    async defineAuthChallenge(event) {
      const { session } = event.request;
      const last = session.at(-1);
      if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) {
        event.response.issueTokens = true;
        event.response.failAuthentication = false;
      } else if (session.length >= MAX_TRIES) {
        event.response.issueTokens = false;
        event.response.failAuthentication = true;
      } else {
        // Also for a user who does not exist: a challenge that can never be answered reveals nothing.
        event.response.challengeName = 'CUSTOM_CHALLENGE';
        event.response.issueTokens = false;
        event.response.failAuthentication = false;
      }
      return event;
    },

    async createAuthChallenge(event) {
      // A retry keeps the code already sent; Cognito hands back each round's challengeMetadata in `session`.
      const previous = event.request.session.at(-1)?.challengeMetadata;
      let code = previous?.startsWith(CODE_PREFIX) ? previous.slice(CODE_PREFIX.length) : '';
      const email = event.request.userAttributes.email;
      if (!code) {
        code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        if (email && !event.request.userNotFound) await deliverCode(email, code);
      }
      event.response.publicChallengeParameters = { delivery: 'EMAIL', destination: maskEmail(email ?? '') };
      event.response.privateChallengeParameters = { code };
      // Only Cognito and the triggers see the metadata; the app sees the public parameters.
      event.response.challengeMetadata = `${CODE_PREFIX}${code}`;
      return event;
    },

    async verifyAuthChallengeResponse(event) {
      const expected = event.request.privateChallengeParameters.code;
      event.response.answerCorrect = !event.request.userNotFound && !!expected && event.request.challengeAnswer.trim() === expected;
      return event;
    },
  };
}

/** `a***@e***`, as Cognito masks destinations, so the page can say where the code went. */
function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return local && domain ? `${local[0]}***@${domain[0]}***` : '';
}
