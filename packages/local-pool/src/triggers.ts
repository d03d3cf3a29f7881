import { LocalCognitoError } from './local-cognito-error.js';

/**
 * Lambda triggers the local user pool runs, named as in a pool's LambdaConfig; events follow Cognito's
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html).
 */
export type TriggerName =
  | 'PreSignUp'
  | 'PostConfirmation'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'UserMigration'
  | 'CustomMessage'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse'
  | 'PreTokenGeneration';

export const TRIGGER_NAMES: readonly TriggerName[] = [
  'PreSignUp',
  'PostConfirmation',
  'PreAuthentication',
  'PostAuthentication',
  'UserMigration',
  'CustomMessage',
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
  'PreTokenGeneration',
];

export interface TriggerEventBase<Request, Response> {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: Request;
  response: Response;
}

type Attributes = Record<string, string>;
type Metadata = Record<string, string>;

export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

export type PreSignUpEvent = TriggerEventBase<
  { userAttributes: Attributes; validationData: Metadata; clientMetadata: Metadata },
  { autoConfirmUser: boolean; autoVerifyEmail: boolean; autoVerifyPhone: boolean }
>;
export type PostConfirmationEvent = TriggerEventBase<
  { userAttributes: Attributes; clientMetadata: Metadata },
  Record<string, never>
>;
export type PreAuthenticationEvent = TriggerEventBase<
  { userAttributes: Attributes; validationData: Metadata; userNotFound?: boolean },
  Record<string, never>
>;
export type PostAuthenticationEvent = TriggerEventBase<
  { userAttributes: Attributes; newDeviceUsed: boolean; clientMetadata: Metadata },
  Record<string, never>
>;
export type UserMigrationEvent = TriggerEventBase<
  { password?: string; validationData: Metadata; clientMetadata: Metadata },
  {
    userAttributes?: Attributes;
    finalUserStatus?: 'CONFIRMED' | 'RESET_REQUIRED';
    messageAction?: 'SUPPRESS' | 'RESEND';
    desiredDeliveryMediums?: Array<'EMAIL' | 'SMS'>;
    forceAliasCreation?: boolean;
    enableSMSMFA?: boolean;
  }
>;
export type CustomMessageEvent = TriggerEventBase<
  { userAttributes: Attributes; codeParameter: string; usernameParameter: string | null; clientMetadata: Metadata },
  { smsMessage: string | null; emailMessage: string | null; emailSubject: string | null }
>;
export type DefineAuthChallengeEvent = TriggerEventBase<
  { userAttributes: Attributes; session: ChallengeResult[]; clientMetadata: Metadata; userNotFound: boolean },
  { challengeName?: string; issueTokens: boolean; failAuthentication: boolean }
>;
export type CreateAuthChallengeEvent = TriggerEventBase<
  { userAttributes: Attributes; challengeName: string; session: ChallengeResult[]; clientMetadata: Metadata; userNotFound: boolean },
  {
    publicChallengeParameters: Record<string, string>;
    privateChallengeParameters: Record<string, string>;
    challengeMetadata?: string;
  }
>;
export type VerifyAuthChallengeResponseEvent = TriggerEventBase<
  {
    userAttributes: Attributes;
    privateChallengeParameters: Record<string, string>;
    challengeAnswer: string;
    clientMetadata: Metadata;
    userNotFound: boolean;
  },
  { answerCorrect: boolean }
>;
export interface GroupOverride {
  groupsToOverride?: string[] | null;
  iamRolesToOverride?: string[] | null;
  preferredRole?: string | null;
}
export interface ClaimsOverride {
  claimsToAddOrOverride?: Record<string, string | number | boolean>;
  claimsToSuppress?: string[];
  groupOverrideDetails?: GroupOverride | null;
}
type GroupConfiguration = { groupsToOverride: string[]; iamRolesToOverride: string[]; preferredRole: string | null };
/** Version 1 (`V1_0`, the default): customises the ID token and the groups of both tokens. */
export type PreTokenGenerationEvent = TriggerEventBase<
  { userAttributes: Attributes; groupConfiguration: GroupConfiguration; clientMetadata: Metadata },
  { claimsOverrideDetails?: ClaimsOverride | null }
>;
/** V2 claims may be any JSON value. */
export type TokenClaimsOverride = {
  claimsToAddOrOverride?: Record<string, unknown> | null;
  claimsToSuppress?: string[] | null;
};
export interface ClaimsAndScopeOverride {
  idTokenGeneration?: TokenClaimsOverride | null;
  accessTokenGeneration?: (TokenClaimsOverride & { scopesToAdd?: string[] | null; scopesToSuppress?: string[] | null }) | null;
  groupOverrideDetails?: GroupOverride | null;
}
/** Version 2 (`PreTokenGenerationConfig.LambdaVersion` `V2_0`): customises both tokens and the access token's scopes. */
export type PreTokenGenerationV2Event = TriggerEventBase<
  { userAttributes: Attributes; scopes: string[]; groupConfiguration: GroupConfiguration; clientMetadata: Metadata },
  { claimsAndScopeOverrideDetails?: ClaimsAndScopeOverride | null }
>;

/**
 * What an in-process PreTokenGeneration function receives: the pool's configured version's event, told apart by
 * `event.version` ('1' or '2'); typed loosely so one function can answer either.
 */
export type PreTokenGenerationAnyEvent = TriggerEventBase<
  PreTokenGenerationEvent['request'] & { scopes?: string[] },
  PreTokenGenerationEvent['response'] & PreTokenGenerationV2Event['response']
>;

export interface TriggerEvents {
  PreSignUp: PreSignUpEvent;
  PostConfirmation: PostConfirmationEvent;
  PreAuthentication: PreAuthenticationEvent;
  PostAuthentication: PostAuthenticationEvent;
  UserMigration: UserMigrationEvent;
  CustomMessage: CustomMessageEvent;
  DefineAuthChallenge: DefineAuthChallengeEvent;
  CreateAuthChallenge: CreateAuthChallengeEvent;
  VerifyAuthChallengeResponse: VerifyAuthChallengeResponseEvent;
  PreTokenGeneration: PreTokenGenerationAnyEvent;
}

export type LocalTriggers = { [Name in TriggerName]?: (event: TriggerEvents[Name]) => Promise<TriggerEvents[Name]> };

export interface TriggerSource {
  /** In-process functions: the pool's own first, then the service-wide ones. */
  handlers: LocalTriggers[];
  /** With a Lambda endpoint, functions named in the pool's LambdaConfig are invoked over Lambda's Invoke API. */
  lambdaEndpoint?: string;
  lambdaConfig: Record<string, string>;
}

export function hasTrigger(source: TriggerSource, name: TriggerName): boolean {
  return source.handlers.some((h) => h[name] !== undefined) || (!!source.lambdaEndpoint && !!source.lambdaConfig[name]);
}

/**
 * Cognito gives a trigger 5 s per try and 3 tries (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html);
 * a function that never answers must not wedge a request.
 */
const IN_PROCESS_TIMEOUT_MS = 5_000;
const INVOKE_TIMEOUT_MS = 15_000;

class TriggerTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TriggerTimeout()), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one trigger and returns the event it hands back, or undefined when the pool has none for that name.
 * A throwing function becomes UserLambdaValidationException "<Trigger> failed with error <message>." as on AWS.
 */
export async function runTrigger<Name extends TriggerName>(
  source: TriggerSource,
  name: Name,
  event: TriggerEvents[Name],
): Promise<TriggerEvents[Name] | undefined> {
  const handler = source.handlers.map((h) => h[name]).find((h) => h !== undefined) as
    | ((event: TriggerEvents[Name]) => Promise<TriggerEvents[Name]>)
    | undefined;
  let returned: unknown;
  if (handler) {
    try {
      // A trigger gets its own copy, as a Lambda would get a deserialised one.
      returned = await withTimeout(handler(structuredClone(event)), IN_PROCESS_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof TriggerTimeout) {
        throw new LocalCognitoError('UnexpectedLambdaException', `${name} failed due to timeout.`);
      }
      throw new LocalCognitoError('UserLambdaValidationException', `${name} failed with error ${errorMessage(error)}.`);
    }
  } else if (source.lambdaEndpoint && source.lambdaConfig[name]) {
    returned = await invokeLambda(source.lambdaEndpoint, source.lambdaConfig[name], name, event);
  } else {
    return undefined;
  }
  if (typeof returned !== 'object' || returned === null || Array.isArray(returned)) {
    throw new LocalCognitoError('InvalidLambdaResponseException', `Invalid lambda response from ${name}.`);
  }
  const result = returned as TriggerEvents[Name];
  if (typeof result.response !== 'object' || result.response === null) {
    throw new LocalCognitoError('InvalidLambdaResponseException', `Invalid lambda response from ${name}.`);
  }
  return result;
}

async function invokeLambda(endpoint: string, functionName: string, name: TriggerName, event: unknown): Promise<unknown> {
  const url = `${endpoint.replace(/\/$/, '')}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(INVOKE_TIMEOUT_MS),
    });
  } catch (error) {
    throw new LocalCognitoError('UnexpectedLambdaException', `${name} invocation failed: ${errorMessage(error)}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new LocalCognitoError('InvalidLambdaResponseException', `Invalid lambda response from ${name}.`);
  }
  // Lambda reports a function's own error with 200 and X-Amz-Function-Error; the body carries errorMessage.
  if (response.headers.get('x-amz-function-error') || !response.ok) {
    const message =
      typeof body === 'object' && body !== null && 'errorMessage' in body ? String(body.errorMessage) : `HTTP ${response.status}`;
    if (!response.ok && !response.headers.get('x-amz-function-error')) {
      throw new LocalCognitoError('UnexpectedLambdaException', `${name} invocation failed: ${message}`);
    }
    throw new LocalCognitoError('UserLambdaValidationException', `${name} failed with error ${message}.`);
  }
  return body;
}
