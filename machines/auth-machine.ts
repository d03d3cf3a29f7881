import { assign, emit, enqueueActions, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import { AuthError } from './auth-error.js';
import {
  eventAttributes,
  validateEvent,
  type AuthEvent,
  type AuthEventOf,
  type AuthFlow,
} from './auth-events.js';
import {
  CHALLENGE_STATES,
  type AuthContext,
  type AuthEmitted,
  type AuthStepResult,
  type ChallengeName,
  type ChallengeStateName,
  type PendingChallenge,
} from './auth-types.js';
import { challengeAnswerOf } from './challenge-answer.js';
import { refreshDelay } from './refresh-schedule.js';
import { isSecret, Secret } from './secret.js';
import type { SessionEvent } from './session-events.js';
import type {
  ChallengeAnswerRequest,
  CodeDeliveryResult,
  ConfirmForgotPasswordRequest,
  ConfirmSignUpRequest,
  ForgotPasswordRequest,
  ResendSignUpCodeRequest,
  SignedInSession,
  SignInRequest,
  SignOutRequest,
  SignUpRequest,
  SignUpResult,
  TotpAssociation,
  TotpSetupRequest,
} from './service-contracts.js';

export interface AuthMachineInput {
  /** The flow SIGN_IN uses when the event names none. */
  authFlow?: AuthFlow;
}

/** Cognito's default AuthSessionValidity: the life of a challenge's session (reference 3.5). */
export const CHALLENGE_SESSION_MS = 3 * 60 * 1000;

function notProvided<TOutput, TInput>(name: string) {
  return fromPromise<TOutput, TInput>(async () => {
    throw new AuthError(
      'ConfigurationError',
      `The "${name}" service was not provided: start the machine with createAuth(), or give it with authMachine.provide({ actors }).`,
    );
  });
}

function errorOf(value: unknown): AuthError {
  if (value instanceof AuthError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new AuthError('UnknownError', message, { cause: value });
}

type StepDone = { event: { output: AuthStepResult } };
type Failure = { event: { error: unknown } };

// The chart's definition (the routes and challenge states below, and the config given to createMachine) is mutated
// transition by transition by test/model/chart-mutants.test.ts against the model paths; as text mutants it would be
// rebuilt for every test and cost the whole suite per mutant. Guards and actions (in setup) stay under Stryker.
// Stryker disable all
/** Where an authentication step leads when Cognito asks for more: straight into that challenge's state. */
function challengeRoutes() {
  const routes = (Object.entries(CHALLENGE_STATES) as [ChallengeName, ChallengeStateName][]).map(([name, state]) => ({
    guard: { type: 'stepIsChallenge' as const, params: ({ event }: StepDone) => ({ step: event.output, name }) },
    target: `#auth.challenge.${state}` as const,
    // A new challenge (even one of the same kind, as in custom auth rounds) has a new session and a new timer.
    reenter: true,
    actions: { type: 'applyChallenge' as const, params: ({ event }: StepDone) => ({ step: event.output }) },
  }));
  return [
    {
      guard: { type: 'stepSignedIn' as const, params: ({ event }: StepDone) => ({ step: event.output }) },
      target: '#auth.signedIn' as const,
      actions: { type: 'applySignedIn' as const, params: ({ event }: StepDone) => ({ step: event.output }) },
    },
    ...routes,
    { target: '#auth.signedOut' as const, actions: 'rejectUnknownStep' as const },
  ];
}

/** A challenge answered by one event: idle until the answer, then responding until Cognito replies. */
function answerState(
  answerEvent: 'CONFIRM_SIGN_IN' | 'SELECT_MFA_TYPE' | 'SEND_CUSTOM_CHALLENGE_ANSWER' | 'COMPLETE_NEW_PASSWORD',
  state: Exclude<ChallengeStateName, 'totpSetup'>,
) {
  return {
    initial: 'idle' as const,
    after: { challengeSessionExpiry: { target: '#auth.signedOut' as const, actions: 'expireChallenge' as const } },
    states: {
      idle: {
        on: {
          // Timers do not survive a reload: leave if Cognito's session is over, else re-enter to re-arm the expiry.
          RESUMED: [
            { guard: 'challengeExpired' as const, target: '#auth.signedOut' as const, actions: 'expireChallenge' as const },
            { target: `#auth.challenge.${state}` as const, reenter: true },
          ],
          [answerEvent]: [
            { guard: 'eventIsValid' as const, target: 'responding' as const, actions: 'clearError' as const },
            { actions: 'rejectInvalidEvent' as const },
          ],
        },
      },
      responding: {
        tags: ['busy' as const],
        invoke: {
          id: 'respondToChallenge',
          src: 'respondToChallenge' as const,
          input: ({ context, event }: { context: AuthContext; event: AuthEvent | SessionEvent }) => ({
            challenge: context.challenge as PendingChallenge,
            answer: challengeAnswerOf(event as AuthEvent),
          }),
          onDone: challengeRoutes(),
          onError: [
            {
              guard: { type: 'errorEndsSession' as const, params: ({ event }: Failure) => ({ error: event.error }) },
              target: '#auth.signedOut' as const,
              actions: [
                { type: 'reportAnswerFailure' as const, params: ({ event }: Failure) => ({ error: event.error }) },
                { type: 'failSignIn' as const, params: ({ event }: Failure) => ({ error: event.error }) },
              ],
            },
            {
              target: 'idle' as const,
              actions: { type: 'reportAnswerFailure' as const, params: ({ event }: Failure) => ({ error: event.error }) },
            },
          ],
        },
      },
    },
  };
}

// Stryker restore all
/**
 * Builds the chart. The library uses one definition per actor; building it in a function also lets mutation
 * testing change the chart's definition while tests run (a definition built once at module load could not be).
 */
export function createAuthMachine() {
  /** Errors after which a challenge's Cognito session cannot be answered again: start over from sign-in. */
  const sessionEndingErrors = new Set([
    'NotAuthorizedException',
    'SessionExpiredError',
    'ExpiredCodeException',
    'UserNotFoundException',
    'TooManyFailedAttemptsException',
  ]);

  const chart = setup({
    // Stryker disable all: type declarations, and defaults that every run replaces (createAuth, provide()).
    types: {
      context: {} as AuthContext,
      events: {} as AuthEvent | SessionEvent,
      emitted: {} as AuthEmitted,
      input: {} as AuthMachineInput | undefined,
      tags: {} as 'busy',
    },
    actors: {
      restoreSession: notProvided<SignedInSession | null, void>('restoreSession'),
      signUp: notProvided<SignUpResult, SignUpRequest>('signUp'),
      confirmSignUp: notProvided<void, ConfirmSignUpRequest>('confirmSignUp'),
      resendSignUpCode: notProvided<CodeDeliveryResult, ResendSignUpCodeRequest>('resendSignUpCode'),
      signIn: notProvided<AuthStepResult, SignInRequest>('signIn'),
      respondToChallenge: notProvided<AuthStepResult, ChallengeAnswerRequest>('respondToChallenge'),
      associateTotp: notProvided<TotpAssociation, { challenge: PendingChallenge }>('associateTotp'),
      verifyTotpSetup: notProvided<AuthStepResult, TotpSetupRequest>('verifyTotpSetup'),
      refreshTokens: notProvided<SignedInSession, SignedInSession>('refreshTokens'),
      signOut: notProvided<void, SignOutRequest>('signOut'),
      forgotPassword: notProvided<CodeDeliveryResult, ForgotPasswordRequest>('forgotPassword'),
      confirmForgotPassword: notProvided<void, ConfirmForgotPasswordRequest>('confirmForgotPassword'),
    },
    // Stryker restore all
    delays: {
      /** Cognito ends a challenge's session after AuthSessionValidity; leave before an answer can only fail. */
      challengeSessionExpiry: ({ context }) => Math.max(0, (context.challenge?.expiresAt ?? 0) - Date.now()),
      /** Before the access token expires, later after each failed try (backoff with jitter). */
      refreshDue: ({ context }) => (context.tokens ? refreshDelay(context.tokens, context.refreshFailures, Date.now()) : 0),
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
      errorIs: (_, params: { error: unknown; names: string[] }) => params.names.includes(errorOf(params.error).name),
      errorEndsSession: (_, params: { error: unknown }) => sessionEndingErrors.has(errorOf(params.error).name),
      errorIsRetryable: (_, params: { error: unknown }) => errorOf(params.error).retryable,
      challengeExpired: ({ context }) => (context.challenge?.expiresAt ?? 0) <= Date.now(),
      sessionGoneElsewhere: ({ event }) => event.type === 'SESSION_CHANGED_ELSEWHERE' && event.session === null,
      sessionAppearedElsewhere: ({ event }) => event.type === 'SESSION_CHANGED_ELSEWHERE' && event.session !== null,
      holdsSameTokens: ({ context, event }) =>
        event.type === 'SESSION_CHANGED_ELSEWHERE' && event.session?.tokens.accessToken === context.tokens?.accessToken,
    },
    actions: {
      rejectInvalidEvent: assign(({ context, event }) => {
        const result = validateEvent(event, context);
        return { error: result.ok ? null : result.error };
      }),
      clearError: assign({ error: null }),
      setError: assign((_, params: { error: unknown }) => ({ error: errorOf(params.error) })),

      rememberSignUp: assign(({ event }) => {
        const e = event as AuthEventOf<'SIGN_UP'>;
        return {
          signUp: {
            username: e.username,
            autoSignIn: e.autoSignIn === true,
            ...(e.autoSignIn ? { password: new Secret(e.password) } : {}),
            ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
          },
        };
      }),
      /** A confirm or resend for another username than the pending sign-up starts a new one, without auto sign-in. */
      rememberConfirmTarget: enqueueActions(({ context, event, enqueue }) => {
        const e = event as AuthEventOf<'CONFIRM_SIGN_UP'> | AuthEventOf<'RESEND_SIGN_UP_CODE'>;
        const username = e.username ?? context.signUp?.username;
        if (!username || context.signUp?.username === username) return;
        if (context.signUp?.autoSignIn) {
          enqueue.emit({
            type: 'autoSignIn_failure',
            error: new AuthError('AutoSignInError', `Sign-up of ${context.signUp.username} was left for another username`),
          });
        }
        enqueue.assign({ signUp: { username, autoSignIn: false } });
      }),
      storeSignUpResult: assign(({ context }, params: { result: SignUpResult }) => ({
        signUp: context.signUp && {
          ...context.signUp,
          userSub: params.result.userSub,
          ...(params.result.codeDelivery ? { codeDelivery: params.result.codeDelivery } : {}),
        },
      })),
      storeCodeDelivery: assign(({ context }, params: { result: CodeDeliveryResult }) => ({
        signUp: context.signUp && {
          ...context.signUp,
          ...(params.result.codeDelivery ? { codeDelivery: params.result.codeDelivery } : {}),
        },
      })),
      emitSignUp: emit(({ context }, params: { result: SignUpResult }) => ({
        type: 'signUp' as const,
        user: { username: context.signUp?.username ?? '', userSub: params.result.userSub },
        userConfirmed: params.result.userConfirmed,
        ...(params.result.codeDelivery ? { codeDelivery: params.result.codeDelivery } : {}),
      })),
      emitSignUpFailure: emit((_, params: { error: unknown }) => ({ type: 'signUp_failure' as const, error: errorOf(params.error) })),
      emitConfirmSignUp: emit(({ context }) => ({ type: 'confirmSignUp' as const, username: context.signUp?.username ?? '' })),
      emitConfirmSignUpFailure: emit((_, params: { error: unknown }) => ({
        type: 'confirmSignUp_failure' as const,
        error: errorOf(params.error),
      })),
      /** The password for auto sign-in lives only until auto sign-in is over, whatever its outcome. */
      forgetAutoSignInPassword: assign(({ context }) => {
        if (!context.signUp?.password) return {};
        const { password: _dropped, ...rest } = context.signUp;
        return { signUp: rest };
      }),
      /** Ends a pending auto sign-in that can no longer happen, telling listeners why. */
      endAutoSignIn: enqueueActions(({ context, enqueue }, params: { reason: string }) => {
        if (context.signUp?.autoSignIn) {
          enqueue.emit({ type: 'autoSignIn_failure', error: new AuthError('AutoSignInError', params.reason) });
        }
        enqueue.assign({ signUp: null });
      }),
      rememberSignInUsername: assign(({ event }) => ({
        signInUsername: (event as AuthEventOf<'SIGN_IN'>).username,
        signUp: null,
        challenge: null,
      })),
      /** Cognito said the user must confirm the sign-up first: continue there with the username just typed. */
      confirmAfterSignIn: assign(({ context }) => ({ signUp: { username: context.signInUsername ?? '', autoSignIn: false } })),
      resetAfterSignIn: assign(({ context }) => ({ passwordReset: { username: context.signInUsername ?? '' } })),

      applySignedIn: enqueueActions(({ context, enqueue }, params: { step: AuthStepResult }) => {
        if (params.step.type !== 'signedIn') return;
        const { user, tokens } = params.step;
        const wasAutoSignIn = context.signUp?.autoSignIn === true;
        enqueue.assign({ user, tokens, challenge: null, signUp: null, error: null, refreshFailures: 0 });
        enqueue.emit({ type: 'signIn', user });
        if (wasAutoSignIn) enqueue.emit({ type: 'autoSignIn', user });
      }),
      applyChallenge: assign((_, params: { step: AuthStepResult }) =>
        params.step.type === 'challenge' ? { challenge: params.step.challenge, error: null } : {},
      ),
      /** A challenge Cognito sent that the chart has no state for. */
      rejectUnknownStep: assign({
        challenge: null,
        error: new AuthError('UnsupportedChallengeError', 'Cognito asked for a challenge this library does not answer'),
      }),
      failSignIn: enqueueActions(({ context, enqueue }, params: { error: unknown }) => {
        const error = errorOf(params.error);
        enqueue.assign({ error, challenge: null });
        enqueue.emit({ type: 'signIn_failure', error });
        if (context.signUp?.autoSignIn) enqueue.emit({ type: 'autoSignIn_failure', error });
        enqueue.assign({ signUp: null });
      }),
      reportAnswerFailure: enqueueActions(({ context, enqueue }, params: { error: unknown }) => {
        const error = errorOf(params.error);
        enqueue.assign({ error });
        if (context.challenge?.name === 'NEW_PASSWORD_REQUIRED') enqueue.emit({ type: 'completeNewPassword_failure', error });
      }),
      expireChallenge: enqueueActions(({ context, enqueue }) => {
        const error = new AuthError(
          'SessionExpiredError',
          'The sign-in challenge expired: Cognito keeps a challenge open for 3 minutes. Sign in again.',
        );
        enqueue.assign({ error, challenge: null });
        enqueue.emit({ type: 'signIn_failure', error });
        if (context.signUp?.autoSignIn) enqueue.emit({ type: 'autoSignIn_failure', error });
        enqueue.assign({ signUp: null });
      }),
      cancelChallenge: enqueueActions(({ context, enqueue }) => {
        if (context.signUp?.autoSignIn) {
          enqueue.emit({ type: 'autoSignIn_failure', error: new AuthError('AutoSignInError', 'Sign-in was cancelled') });
        }
        enqueue.assign({ challenge: null, signUp: null, error: null });
      }),
      storeTotpAssociation: assign(({ context }, params: { association: TotpAssociation }) => ({
        challenge: context.challenge && {
          ...context.challenge,
          session: params.association.session,
          totpSecret: params.association.secretCode,
        },
      })),

      applyRefresh: enqueueActions(({ enqueue }, params: { session: SignedInSession }) => {
        enqueue.assign({ user: params.session.user, tokens: params.session.tokens, refreshFailures: 0, error: null });
        enqueue.emit({ type: 'tokenRefresh', user: params.session.user });
      }),
      countRefreshFailure: enqueueActions(({ context, enqueue }, params: { error: unknown }) => {
        const error = errorOf(params.error);
        enqueue.assign({ error, refreshFailures: context.refreshFailures + 1 });
        enqueue.emit({ type: 'tokenRefresh_failure', error });
      }),
      endSessionAfterRefreshFailure: enqueueActions(({ enqueue }, params: { error: unknown }) => {
        const error = errorOf(params.error);
        enqueue.assign({ error, user: null, tokens: null, refreshFailures: 0 });
        enqueue.emit({ type: 'tokenRefresh_failure', error });
        enqueue.emit({ type: 'signOut', global: false });
      }),
      /** Another tab wrote a session to the shared storage: take it as this tab's, announced as that tab did. */
      adoptSession: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'SESSION_CHANGED_ELSEWHERE' || !event.session) return;
        const { user, tokens } = event.session;
        const sameUser = context.user?.userSub === user.userSub;
        enqueue.assign({ user, tokens, challenge: null, signUp: null, error: null, refreshFailures: 0 });
        enqueue.emit(sameUser ? { type: 'tokenRefresh', user } : { type: 'signIn', user });
      }),
      /** Another tab signed out and cleared the shared storage: this tab is signed out too (storage is already clear). */
      endSessionElsewhere: enqueueActions(({ enqueue }) => {
        enqueue.assign({ user: null, tokens: null, challenge: null, refreshFailures: 0, error: null });
        enqueue.emit({ type: 'signOut', global: false });
      }),
      /** The password for auto sign-in is never persisted, so a reload before confirmation ends auto sign-in. */
      endAutoSignInAfterReload: enqueueActions(({ context, enqueue }) => {
        if (!context.signUp?.autoSignIn) return;
        enqueue.emit({
          type: 'autoSignIn_failure',
          error: new AuthError(
            'AutoSignInError',
            'The page was reloaded before the sign-up was confirmed; the password for auto sign-in is kept only in memory, so sign in after confirming.',
          ),
        });
        const { password: _dropped, ...rest } = context.signUp;
        enqueue.assign({ signUp: { ...rest, autoSignIn: false } });
      }),
      rejectSignInWhileSignedIn: assign({
        error: new AuthError(
          'UserAlreadyAuthenticatedException',
          'A user is already signed in: send SIGN_OUT before signing in again.',
        ),
      }),
      restore: assign((_, params: { session: SignedInSession | null }) =>
        params.session ? { user: params.session.user, tokens: params.session.tokens } : {},
      ),
      applySignOut: enqueueActions(({ enqueue }, params: { global: boolean }) => {
        enqueue.assign({ user: null, tokens: null, challenge: null, refreshFailures: 0 });
        enqueue.emit({ type: 'signOut', global: params.global });
      }),

      rememberPasswordReset: assign(({ context, event }) => {
        const e = event as AuthEventOf<'FORGOT_PASSWORD'> | AuthEventOf<'SIGN_IN'>;
        return { passwordReset: { username: e.username ?? context.passwordReset?.username ?? '' } };
      }),
      /** A code submitted for another username than the pending reset resets that user: events must name them. */
      rememberResetTarget: assign(({ context, event }) => {
        const username = (event as AuthEventOf<'CONFIRM_FORGOT_PASSWORD'>).username;
        if (!username || context.passwordReset?.username === username) return {};
        return { passwordReset: { username } };
      }),
      storeResetDelivery: enqueueActions(({ context, enqueue }, params: { result: CodeDeliveryResult }) => {
        const username = context.passwordReset?.username ?? '';
        const codeDelivery = params.result.codeDelivery;
        enqueue.assign({ passwordReset: { username, ...(codeDelivery ? { codeDelivery } : {}) } });
        enqueue.emit({ type: 'forgotPassword', username, ...(codeDelivery ? { codeDelivery } : {}) });
      }),
      emitForgotPasswordFailure: emit((_, params: { error: unknown }) => ({
        type: 'forgotPassword_failure' as const,
        error: errorOf(params.error),
      })),
      finishPasswordReset: enqueueActions(({ context, enqueue }) => {
        enqueue.emit({ type: 'forgotPasswordSubmit', username: context.passwordReset?.username ?? '' });
        enqueue.assign({ passwordReset: null, error: null });
      }),
      emitForgotPasswordSubmitFailure: emit((_, params: { error: unknown }) => ({
        type: 'forgotPasswordSubmit_failure' as const,
        error: errorOf(params.error),
      })),
      clearPasswordReset: assign({ passwordReset: null }),
    },
  });

  // Stryker disable all
  return chart.createMachine({
    id: 'auth',
    context: ({ input }) => ({
      authFlow: input?.authFlow ?? 'USER_SRP_AUTH',
      user: null,
      tokens: null,
      challenge: null,
      signInUsername: null,
      signUp: null,
      passwordReset: null,
      error: null,
      refreshFailures: 0,
    }),
    initial: 'initializing',
    states: {
      initializing: {
        tags: ['busy'],
        invoke: {
          id: 'restoreSession',
          src: 'restoreSession',
          onDone: [
            {
              guard: { type: 'sessionRestored', params: ({ event }) => ({ session: event.output }) },
              target: 'signedIn',
              actions: { type: 'restore', params: ({ event }) => ({ session: event.output }) },
            },
            { target: 'signedOut' },
          ],
          onError: { target: 'signedOut' },
        },
      },

      signedOut: {
        on: {
          SIGN_UP: [
            { guard: 'eventIsValid', target: 'signingUp', actions: ['clearError', 'rememberSignUp'] },
            { actions: 'rejectInvalidEvent' },
          ],
          SIGN_IN: [
            { guard: 'eventIsValid', target: 'signingIn', actions: ['clearError', 'rememberSignInUsername'] },
            { actions: 'rejectInvalidEvent' },
          ],
          CONFIRM_SIGN_UP: [
            {
              guard: 'eventIsValid',
              target: 'confirmingSignUp.submitting',
              actions: ['clearError', 'rememberConfirmTarget'],
            },
            { actions: 'rejectInvalidEvent' },
          ],
          RESEND_SIGN_UP_CODE: [
            {
              guard: 'eventIsValid',
              target: 'confirmingSignUp.resending',
              actions: ['clearError', 'rememberConfirmTarget'],
            },
            { actions: 'rejectInvalidEvent' },
          ],
          FORGOT_PASSWORD: [
            { guard: 'eventIsValid', target: 'resettingPassword', actions: ['clearError', 'rememberPasswordReset'] },
            { actions: 'rejectInvalidEvent' },
          ],
          SESSION_CHANGED_ELSEWHERE: { guard: 'sessionAppearedElsewhere', target: 'signedIn', actions: 'adoptSession' },
        },
      },

      signingUp: {
        tags: ['busy'],
        invoke: {
          id: 'signUp',
          src: 'signUp',
          input: ({ event }) => {
            const e = event as AuthEventOf<'SIGN_UP'>;
            return {
              username: e.username,
              password: new Secret(e.password),
              attributes: eventAttributes(e.attributes),
              ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
              ...(e.validationData ? { validationData: e.validationData } : {}),
            };
          },
          onDone: [
            {
              guard: { type: 'signUpConfirmedWithAutoSignIn', params: ({ event }) => ({ result: event.output }) },
              target: 'autoSigningIn',
              actions: [
                { type: 'storeSignUpResult', params: ({ event }) => ({ result: event.output }) },
                { type: 'emitSignUp', params: ({ event }) => ({ result: event.output }) },
              ],
            },
            {
              guard: { type: 'signUpConfirmed', params: ({ event }) => ({ result: event.output }) },
              target: 'signedOut',
              actions: [
                { type: 'emitSignUp', params: ({ event }) => ({ result: event.output }) },
                assign({ signUp: null }),
              ],
            },
            {
              target: 'confirmingSignUp',
              actions: [
                { type: 'storeSignUpResult', params: ({ event }) => ({ result: event.output }) },
                { type: 'emitSignUp', params: ({ event }) => ({ result: event.output }) },
              ],
            },
          ],
          onError: {
            target: 'signedOut',
            actions: [
              { type: 'setError', params: ({ event }) => ({ error: event.error }) },
              { type: 'emitSignUpFailure', params: ({ event }) => ({ error: event.error }) },
              assign({ signUp: null }),
            ],
          },
        },
      },

      confirmingSignUp: {
        initial: 'idle',
        on: {
          CANCEL: {
            target: 'signedOut',
            actions: [{ type: 'endAutoSignIn', params: { reason: 'Sign-up confirmation was cancelled' } }, 'clearError'],
          },
          RESUMED: { actions: 'endAutoSignInAfterReload' },
        },
        states: {
          idle: {
            on: {
              CONFIRM_SIGN_UP: [
                { guard: 'eventIsValid', target: 'submitting', actions: ['clearError', 'rememberConfirmTarget'] },
                { actions: 'rejectInvalidEvent' },
              ],
              RESEND_SIGN_UP_CODE: [
                { guard: 'eventIsValid', target: 'resending', actions: ['clearError', 'rememberConfirmTarget'] },
                { actions: 'rejectInvalidEvent' },
              ],
            },
          },
          resending: {
            tags: ['busy'],
            invoke: {
              id: 'resendSignUpCode',
              src: 'resendSignUpCode',
              input: ({ context, event }) => {
                const e = event as AuthEventOf<'RESEND_SIGN_UP_CODE'>;
                return {
                  username: e.username ?? context.signUp?.username ?? '',
                  ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
                };
              },
              onDone: {
                target: 'idle',
                actions: { type: 'storeCodeDelivery', params: ({ event }) => ({ result: event.output }) },
              },
              onError: { target: 'idle', actions: { type: 'setError', params: ({ event }) => ({ error: event.error }) } },
            },
          },
          submitting: {
            tags: ['busy'],
            invoke: {
              id: 'confirmSignUp',
              src: 'confirmSignUp',
              input: ({ context, event }) => {
                const e = event as AuthEventOf<'CONFIRM_SIGN_UP'>;
                return {
                  username: e.username ?? context.signUp?.username ?? '',
                  code: new Secret(e.code),
                  // Amplify's documented default: a verified alias held by another user moves to this one.
                  forceAliasCreation: e.forceAliasCreation ?? true,
                  ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
                };
              },
              onDone: [
                { guard: 'autoSignInPending', target: '#auth.autoSigningIn', actions: 'emitConfirmSignUp' },
                {
                  target: '#auth.signedOut',
                  actions: [
                    'emitConfirmSignUp',
                    { type: 'endAutoSignIn', params: { reason: 'The password for auto sign-in is kept in memory only and was lost' } },
                  ],
                },
              ],
              onError: {
                target: 'idle',
                actions: [
                  { type: 'setError', params: ({ event }) => ({ error: event.error }) },
                  { type: 'emitConfirmSignUpFailure', params: ({ event }) => ({ error: event.error }) },
                ],
              },
            },
          },
        },
      },

      autoSigningIn: {
        tags: ['busy'],
        exit: 'forgetAutoSignInPassword',
        invoke: {
          id: 'autoSignIn',
          src: 'signIn',
          input: ({ context }) => ({
            username: context.signUp?.username ?? '',
            ...(isSecret(context.signUp?.password) ? { password: context.signUp.password } : {}),
            authFlow: context.authFlow,
            ...(context.signUp?.clientMetadata ? { clientMetadata: context.signUp.clientMetadata } : {}),
          }),
          onDone: challengeRoutes(),
          onError: {
            target: 'signedOut',
            actions: { type: 'failSignIn', params: ({ event }) => ({ error: event.error }) },
          },
        },
      },

      signingIn: {
        tags: ['busy'],
        invoke: {
          id: 'signIn',
          src: 'signIn',
          input: ({ context, event }) => {
            const e = event as AuthEventOf<'SIGN_IN'>;
            return {
              username: e.username,
              ...(e.password ? { password: new Secret(e.password) } : {}),
              authFlow: e.authFlow ?? context.authFlow,
              ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
            };
          },
          onDone: challengeRoutes(),
          onError: [
            {
              guard: {
                type: 'errorIs',
                params: ({ event }) => ({ error: event.error, names: ['UserNotConfirmedException'] }),
              },
              target: 'confirmingSignUp',
              actions: [{ type: 'failSignIn', params: ({ event }) => ({ error: event.error }) }, 'confirmAfterSignIn'],
            },
            {
              guard: {
                type: 'errorIs',
                params: ({ event }) => ({ error: event.error, names: ['PasswordResetRequiredException'] }),
              },
              target: 'resettingPassword',
              actions: [{ type: 'failSignIn', params: ({ event }) => ({ error: event.error }) }, 'resetAfterSignIn'],
            },
            {
              target: 'signedOut',
              actions: { type: 'failSignIn', params: ({ event }) => ({ error: event.error }) },
            },
          ],
        },
      },

      challenge: {
        // Always entered at the challenge Cognito named; XState asks every compound state for an initial child.
        initial: 'smsMfa',
        on: {
          CANCEL: { target: 'signedOut', actions: 'cancelChallenge' },
          // Signed in from another tab: this tab's challenge has nothing left to do.
          SESSION_CHANGED_ELSEWHERE: { guard: 'sessionAppearedElsewhere', target: 'signedIn', actions: 'adoptSession' },
        },
        states: {
          smsMfa: answerState('CONFIRM_SIGN_IN', 'smsMfa'),
          totpMfa: answerState('CONFIRM_SIGN_IN', 'totpMfa'),
          selectMfaType: answerState('SELECT_MFA_TYPE', 'selectMfaType'),
          customChallenge: answerState('SEND_CUSTOM_CHALLENGE_ANSWER', 'customChallenge'),
          newPasswordRequired: answerState('COMPLETE_NEW_PASSWORD', 'newPasswordRequired'),
          totpSetup: {
            initial: 'associating',
            after: { challengeSessionExpiry: { target: '#auth.signedOut', actions: 'expireChallenge' } },
            states: {
              associating: {
                tags: ['busy'],
                invoke: {
                  id: 'associateTotp',
                  src: 'associateTotp',
                  input: ({ context }) => ({ challenge: context.challenge as PendingChallenge }),
                  onDone: {
                    target: 'idle',
                    actions: { type: 'storeTotpAssociation', params: ({ event }) => ({ association: event.output }) },
                  },
                  onError: {
                    target: '#auth.signedOut',
                    actions: { type: 'failSignIn', params: ({ event }) => ({ error: event.error }) },
                  },
                },
              },
              idle: {
                on: {
                  VERIFY_TOTP_SETUP: [
                    { guard: 'eventIsValid', target: 'verifying', actions: 'clearError' },
                    { actions: 'rejectInvalidEvent' },
                  ],
                },
              },
              verifying: {
                tags: ['busy'],
                invoke: {
                  id: 'verifyTotpSetup',
                  src: 'verifyTotpSetup',
                  input: ({ context, event }) => {
                    const e = event as AuthEventOf<'VERIFY_TOTP_SETUP'>;
                    return {
                      challenge: context.challenge as PendingChallenge,
                      code: new Secret(e.code),
                      ...(e.friendlyDeviceName ? { friendlyDeviceName: e.friendlyDeviceName } : {}),
                    };
                  },
                  onDone: challengeRoutes(),
                  onError: [
                    {
                      guard: { type: 'errorEndsSession', params: ({ event }) => ({ error: event.error }) },
                      target: '#auth.signedOut',
                      actions: { type: 'failSignIn', params: ({ event }) => ({ error: event.error }) },
                    },
                    { target: 'idle', actions: { type: 'setError', params: ({ event }) => ({ error: event.error }) } },
                  ],
                },
              },
            },
          },
        },
      },

      signedIn: {
        initial: 'idle',
        on: {
          SIGN_OUT: [
            { guard: 'isGlobalSignOut', target: 'signingOut.global', actions: 'clearError' },
            { guard: 'eventIsValid', target: 'signingOut.local', actions: 'clearError' },
            { actions: 'rejectInvalidEvent' },
          ],
          SIGN_IN: { actions: 'rejectSignInWhileSignedIn' },
          SESSION_CHANGED_ELSEWHERE: [
            { guard: 'sessionGoneElsewhere', target: 'signedOut', actions: 'endSessionElsewhere' },
            { guard: 'holdsSameTokens' },
            // Re-entering idle re-arms the refresh timer for the new tokens (and ends a refresh of the old ones).
            { target: '.idle', reenter: true, actions: 'adoptSession' },
          ],
        },
        states: {
          idle: {
            after: { refreshDue: 'refreshing' },
            on: { REFRESH: 'refreshing' },
          },
          refreshing: {
            tags: ['busy'],
            invoke: {
              id: 'refreshTokens',
              src: 'refreshTokens',
              input: ({ context }) => ({ user: context.user!, tokens: context.tokens! }),
              onDone: {
                target: 'idle',
                actions: { type: 'applyRefresh', params: ({ event }) => ({ session: event.output }) },
              },
              onError: [
                {
                  guard: { type: 'errorIsRetryable', params: ({ event }) => ({ error: event.error }) },
                  target: 'idle',
                  actions: { type: 'countRefreshFailure', params: ({ event }) => ({ error: event.error }) },
                },
                {
                  target: '#auth.signedOut',
                  actions: { type: 'endSessionAfterRefreshFailure', params: ({ event }) => ({ error: event.error }) },
                },
              ],
            },
          },
        },
      },

      signingOut: {
        tags: ['busy'],
        initial: 'local',
        states: {
          local: {
            invoke: {
              id: 'signOut',
              src: 'signOut',
              input: ({ context }) => ({ tokens: context.tokens!, global: false }),
              // A local sign-out always ends the session here; the service has already cleared storage.
              onDone: { target: '#auth.signedOut', actions: { type: 'applySignOut', params: { global: false } } },
              onError: {
                target: '#auth.signedOut',
                actions: [
                  { type: 'setError', params: ({ event }) => ({ error: event.error }) },
                  { type: 'applySignOut', params: { global: false } },
                ],
              },
            },
          },
          global: {
            invoke: {
              id: 'globalSignOut',
              src: 'signOut',
              input: ({ context }) => ({ tokens: context.tokens!, global: true }),
              onDone: { target: '#auth.signedOut', actions: { type: 'applySignOut', params: { global: true } } },
              onError: [
                {
                  // Cognito never heard of it: the other devices are still signed in, so stay and say so.
                  guard: { type: 'errorIsRetryable', params: ({ event }) => ({ error: event.error }) },
                  target: '#auth.signedIn',
                  actions: { type: 'setError', params: ({ event }) => ({ error: event.error }) },
                },
                {
                  target: '#auth.signedOut',
                  actions: [
                    { type: 'setError', params: ({ event }) => ({ error: event.error }) },
                    { type: 'applySignOut', params: { global: true } },
                  ],
                },
              ],
            },
          },
        },
      },

      resettingPassword: {
        initial: 'requestingCode',
        on: {
          CANCEL: { target: 'signedOut', actions: ['clearPasswordReset', 'clearError'] },
        },
        states: {
          requestingCode: {
            tags: ['busy'],
            invoke: {
              id: 'forgotPassword',
              src: 'forgotPassword',
              input: ({ context, event }) => {
                const e = event as Partial<AuthEventOf<'FORGOT_PASSWORD'>>;
                return {
                  username: context.passwordReset?.username ?? '',
                  ...(e.type === 'FORGOT_PASSWORD' && e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
                };
              },
              onDone: {
                target: 'awaitingCode',
                actions: { type: 'storeResetDelivery', params: ({ event }) => ({ result: event.output }) },
              },
              onError: {
                target: '#auth.signedOut',
                actions: [
                  { type: 'setError', params: ({ event }) => ({ error: event.error }) },
                  { type: 'emitForgotPasswordFailure', params: ({ event }) => ({ error: event.error }) },
                  'clearPasswordReset',
                ],
              },
            },
          },
          awaitingCode: {
            on: {
              CONFIRM_FORGOT_PASSWORD: [
                { guard: 'eventIsValid', target: 'submitting', actions: ['clearError', 'rememberResetTarget'] },
                { actions: 'rejectInvalidEvent' },
              ],
              FORGOT_PASSWORD: [
                { guard: 'eventIsValid', target: 'requestingCode', actions: ['clearError', 'rememberPasswordReset'] },
                { actions: 'rejectInvalidEvent' },
              ],
            },
          },
          submitting: {
            tags: ['busy'],
            invoke: {
              id: 'confirmForgotPassword',
              src: 'confirmForgotPassword',
              input: ({ context, event }) => {
                const e = event as AuthEventOf<'CONFIRM_FORGOT_PASSWORD'>;
                return {
                  username: e.username ?? context.passwordReset?.username ?? '',
                  code: new Secret(e.code),
                  newPassword: new Secret(e.newPassword),
                  ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
                };
              },
              onDone: { target: '#auth.signedOut', actions: 'finishPasswordReset' },
              onError: {
                target: 'awaitingCode',
                actions: [
                  { type: 'setError', params: ({ event }) => ({ error: event.error }) },
                  { type: 'emitForgotPasswordSubmitFailure', params: ({ event }) => ({ error: event.error }) },
                ],
              },
            },
          },
        },
      },
    },
  });
  // Stryker restore all
}

/** The auth statechart. Give it services with `authMachine.provide({ actors })`, or start it with createAuth(). */
export const authMachine = createAuthMachine();
