import { and, setup, type ActionFunction, type PromiseActorLogic } from 'xstate';
import { AuthError } from './auth-error.js';
import { normalizeMfaType, validateEvent, type AuthEvent, type AuthFlow } from './auth-events.js';
import type { AuthContext, AuthEmitted, AuthStepResult } from './auth-types.js';
import { CHALLENGES, type ChallengeName } from './challenges.js';
import { setupFactorOf, setupFactorsOffered, type SetupFactor } from './mfa-setup.js';
import { refreshDelay } from './refresh-schedule.js';
import { timerDelay } from './timer-delay.js';
import { isSecret } from './secret.js';
import type { SessionEvent } from './session-events.js';
import type { ConfirmSignUpResult, SignedInSession, SignUpResult } from './service-contracts.js';
import { accountServiceActors, serviceActor } from './service-registry.js';
import { redirectActor } from './redirect-registry.js';
import { passkeyActor } from './passkey-registry.js';
import { accountErrorEndsSession, type PendingAccountAction } from './account-actions.js';
import type { AccountRequestBase } from './account-contracts.js';
import { deviceExpiry } from './refresh-schedule.js';

export interface AuthMachineInput {
  /** The flow SIGN_IN uses when the event names none. */
  authFlow?: AuthFlow;
}

/** Every event the chart takes: the app's, and the library's own session events. */
export type ChartEvent = AuthEvent | SessionEvent;

export { CHALLENGE_SESSION_MS } from './challenges.js';

/** What an account service is given: the held request, and the session's tokens. */
export type AccountActorInput = AccountRequestBase & Record<string, unknown>;

export function errorOf(value: unknown): AuthError {
  if (value instanceof AuthError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new AuthError('UnknownError', message, { cause: value });
}

/** Errors after which a challenge's Cognito session cannot be answered again: start over from sign-in. */
const sessionEndingErrors = new Set([
  'NotAuthorizedException',
  'SessionExpiredError',
  'ExpiredCodeException',
  'UserNotFoundException',
  'TooManyFailedAttemptsException',
]);

/** The chart's types, the services it invokes (each actor's own, see service-registry.ts), its delays and its guards. */
export const chartSetup = setup({
  types: {
    context: {} as AuthContext,
    events: {} as ChartEvent,
    emitted: {} as AuthEmitted,
    input: {} as AuthMachineInput | undefined,
    tags: {} as 'busy',
  },
  actors: {
    restoreSession: serviceActor('restoreSession'),
    signUp: serviceActor('signUp'),
    confirmSignUp: serviceActor('confirmSignUp'),
    resendSignUpCode: serviceActor('resendSignUpCode'),
    signIn: serviceActor('signIn'),
    respondToChallenge: serviceActor('respondToChallenge'),
    associateTotp: serviceActor('associateTotp'),
    refreshTokens: serviceActor('refreshTokens'),
    signOut: serviceActor('signOut'),
    forgotPassword: serviceActor('forgotPassword'),
    confirmForgotPassword: serviceActor('confirmForgotPassword'),
    // One per row of ACCOUNT_ACTIONS; each takes the held request with the session's tokens.
    ...accountServiceActors((name) => serviceActor(name) as unknown as PromiseActorLogic<unknown, AccountActorInput>),
    beginRedirect: redirectActor('beginRedirect'),
    completeRedirect: redirectActor('completeRedirect'),
    // Given by passkeys(); the account rows invoke the last three like the others.
    passkeyAssertion: passkeyActor('passkeyAssertion'),
    registerPasskey: passkeyActor('registerPasskey') as unknown as PromiseActorLogic<unknown, AccountActorInput>,
    fetchPasskeys: passkeyActor('fetchPasskeys') as unknown as PromiseActorLogic<unknown, AccountActorInput>,
    deletePasskey: passkeyActor('deletePasskey') as unknown as PromiseActorLogic<unknown, AccountActorInput>,
  },
  delays: {
    /** Cognito ends a challenge's session after AuthSessionValidity; leave before an answer can only fail. */
    challengeSessionExpiry: ({ context }) => timerDelay((context.challenge?.expiresAt ?? 0) - Date.now()),
    /**
     * Before the access token expires, later after each failed try (backoff with jitter). A refresh further ahead
     * than a timer holds waits in steps (see refreshDeferred).
     */
    refreshDue: ({ context }) =>
      timerDelay(
        context.refreshDeferredUntil !== null
          ? context.refreshDeferredUntil - Date.now()
          : context.tokens
            ? refreshDelay(context.tokens, context.refreshFailures, Date.now())
            : 0,
      ),
  },
  guards: {
    eventIsValid: ({ context, event }) => validateEvent(event, context).ok,
    isGlobalSignOut: ({ context, event }) =>
      event.type === 'SIGN_OUT' && event.global === true && validateEvent(event, context).ok,
    stepSignedIn: (_, params: { step: AuthStepResult }) => params.step.type === 'signedIn',
    stepIsChallenge: (_, params: { step: AuthStepResult; name: ChallengeName }) =>
      params.step.type === 'challenge' && params.step.challenge.name === params.name,
    sessionRestored: (_, params: { session: SignedInSession | null }) => params.session !== null,
    signUpConfirmedWithAutoSignIn: ({ context }, params: { result: SignUpResult }) =>
      params.result.userConfirmed && context.signUp?.autoSignIn === true,
    signUpConfirmed: (_, params: { result: SignUpResult }) => params.result.userConfirmed,
    // A snapshot restored from JSON holds "[redacted]" where the password was: auto sign-in cannot go on.
    autoSignInPending: ({ context }) => context.signUp?.autoSignIn === true && isSecret(context.signUp.password),
    /**
     * ConfirmSignUp gave a session for USER_AUTH. Custom auth keeps its password path: the app's own
     * challenge triggers decide how its users sign in.
     */
    autoSignInWithSession: ({ context }, params: { result: ConfirmSignUpResult | void }) =>
      context.signUp?.autoSignIn === true &&
      isSecret(params.result?.session) &&
      context.authFlow !== 'CUSTOM_WITH_SRP' &&
      context.authFlow !== 'CUSTOM_WITHOUT_SRP',
    errorIs: (_, params: { error: unknown; names: string[] }) => params.names.includes(errorOf(params.error).name),
    errorEndsSession: (_, params: { error: unknown }) => sessionEndingErrors.has(errorOf(params.error).name),
    errorIsRetryable: (_, params: { error: unknown }) => errorOf(params.error).retryable,
    challengeIs: ({ context }, params: { name: ChallengeName }) => context.challenge?.name === params.name,
    /** The table names the one event that answers each challenge. */
    answersPendingChallenge: ({ context, event }) =>
      context.challenge !== null && CHALLENGES[context.challenge.name].answeredBy === event.type,
    /** MFA_SETUP: AssociateSoftwareToken has given the TOTP secret. */
    totpAssociated: ({ context }) => context.challenge?.totpSecret !== undefined,
    /** MFA_SETUP: this is the factor being set up, chosen or the only one offered. */
    /** The user chose the factor being set up (Cognito offered more than one) and the error leaves the session open. */
    mayChooseMfaSetupAgain: ({ context }, params: { error: unknown }) =>
      setupFactorsOffered(context.challenge).length > 1 && !sessionEndingErrors.has(errorOf(params.error).name),
    settingUpMfa: ({ context }, params: { factor: SetupFactor }) => setupFactorOf(context.challenge) === params.factor,
    /** SELECT_MFA_TYPE names this factor, and Cognito offered to set it up. */
    choosesMfaSetup: ({ context, event }, params: { factor: SetupFactor }) =>
      event.type === 'SELECT_MFA_TYPE' &&
      normalizeMfaType(event.mfaType) === params.factor &&
      setupFactorsOffered(context.challenge).includes(params.factor),
    challengeExpired: ({ context }) => (context.challenge?.expiresAt ?? 0) <= Date.now(),
    /** The refresh timer fired at the longest wait a timer holds, and the refresh is not due yet. */
    refreshDeferred: ({ context }) => context.refreshDeferredUntil !== null && context.refreshDeferredUntil > Date.now(),
    sessionGoneElsewhere: ({ event }) => event.type === 'SESSION_CHANGED_ELSEWHERE' && event.session === null,
    sessionAppearedElsewhere: ({ event }) => event.type === 'SESSION_CHANGED_ELSEWHERE' && event.session !== null,
    /** The access token has expired on this device's clock: refresh before an account request. */
    accessTokenExpired: ({ context }) => context.tokens !== null && deviceExpiry(context.tokens) <= Date.now(),
    validWithExpiredToken: and(['eventIsValid', 'accessTokenExpired']),
    accountActionHeld: ({ context }, params: { type: PendingAccountAction['type'] }) => context.accountAction?.type === params.type,
    /** No account action waits for the refresh under way: one sent now may wait for it. */
    noAccountActionHeld: ({ context }) => context.accountAction === null,
    validWhileNoneHeld: and(['noAccountActionHeld', 'eventIsValid']),
    accountErrorEndsSession: (_, params: { error: unknown }) => accountErrorEndsSession(params.error),
    holdsSameTokens: ({ context, event }) =>
      event.type === 'SESSION_CHANGED_ELSEWHERE' && event.session?.tokens.accessToken === context.tokens?.accessToken,
  },
});

// Actions are written per concern and joined in auth-setup.ts; `any` stands for the parts the join fills in.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ChartAction<TParams> = ActionFunction<AuthContext, ChartEvent, ChartEvent, TParams, any, any, any, any, AuthEmitted>;

/** Types a group of the chart's actions, so each concern keeps its own in its own module. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const defineActions = <TActions extends Record<string, ChartAction<any>>>(actions: TActions) => actions;
