import { AuthError } from '../machines/auth-error.js';
import type { AuthStepResult, CodeDelivery, PendingChallenge } from '../machines/auth-types.js';
import { isChallengeName } from '../machines/challenges.js';
import type { AuthStepOutput, CodeDeliveryDetailsType, StringMap } from './cognito-api.js';

export function codeDeliveryOf(details: CodeDeliveryDetailsType | undefined): CodeDelivery | undefined {
  if (!details) return undefined;
  return {
    ...(details.Destination ? { destination: details.Destination } : {}),
    ...(details.DeliveryMedium ? { deliveryMedium: details.DeliveryMedium } : {}),
    ...(details.AttributeName ? { attributeName: details.AttributeName } : {}),
  };
}

/** Challenge parameters that carry lists (MFAS_CAN_CHOOSE, MFAS_CAN_SETUP, requiredAttributes) hold them as JSON strings. */
function jsonList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : undefined;
  } catch {
    return undefined;
  }
}

export interface ChallengeContext {
  /** The username the user typed; Cognito's USERNAME or USER_ID_FOR_SRP take precedence when present. */
  typedUsername: string;
  now: number;
  sessionMs: number;
}

/** The challenge Cognito asked for, as the machine keeps it; an unsupported one is an error, not a state. */
export function challengeOf(output: AuthStepOutput, context: ChallengeContext): PendingChallenge {
  const name = output.ChallengeName ?? '';
  const parameters: StringMap = output.ChallengeParameters ?? {};
  if (!isChallengeName(name)) {
    throw new AuthError('UnsupportedChallengeError', `Cognito asked for the ${name || 'unnamed'} challenge, which this library does not answer`);
  }
  if (!output.Session) throw new AuthError('InvalidResponseError', `Cognito sent the ${name} challenge without a session`);
  const codeDelivery =
    parameters.CODE_DELIVERY_DESTINATION || parameters.CODE_DELIVERY_DELIVERY_MEDIUM
      ? codeDeliveryOf({
          Destination: parameters.CODE_DELIVERY_DESTINATION,
          DeliveryMedium: parameters.CODE_DELIVERY_DELIVERY_MEDIUM,
        })
      : undefined;
  const mfaTypes = jsonList(parameters.MFAS_CAN_CHOOSE ?? parameters.MFAS_CAN_SETUP);
  // SMS cannot be set up during sign-in: the user needs a phone number first, which only an update of the user gives.
  if (name === 'MFA_SETUP' && mfaTypes && !mfaTypes.includes('SOFTWARE_TOKEN_MFA') && !mfaTypes.includes('EMAIL_OTP')) {
    throw new AuthError(
      'UnsupportedChallengeError',
      `Cognito asked to set up ${mfaTypes.join(', ') || 'no factor'}; only TOTP and email can be set up during sign-in`,
    );
  }
  const available = output.AvailableChallenges?.filter((item): item is string => typeof item === 'string');
  const required = jsonList(parameters.requiredAttributes)?.map((attr) => attr.replace(/^userAttributes\./, ''));
  return {
    name,
    session: output.Session,
    username: parameters.USERNAME ?? parameters.USER_ID_FOR_SRP ?? context.typedUsername,
    parameters,
    ...(codeDelivery ? { codeDelivery } : {}),
    ...(required ? { requiredAttributes: required } : {}),
    ...(mfaTypes ? { mfaTypes } : {}),
    ...(available ? { availableChallenges: available } : {}),
    expiresAt: context.now + context.sessionMs,
  };
}

export type { AuthStepResult };
