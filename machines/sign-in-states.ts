import type { AuthEvent, AuthEventOf } from './auth-events.js';
import { CHALLENGE_STATES, type AuthContext, type AuthStepResult, type ChallengeName, type ChallengeStateName, type PendingChallenge } from './auth-types.js';
import { authSetup } from './auth-setup.js';
import { challengeAnswerOf } from './challenge-answer.js';
import { Secret } from './secret.js';
import type { SessionEvent } from './session-events.js';

type StepDone = { event: { output: AuthStepResult } };
type Failure = { event: { error: unknown } };

/** Where an authentication step leads when Cognito asks for more: straight into that challenge's state. */
export function challengeRoutes() {
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

/** InitiateAuth (and the SRP proof): signed in, a challenge, or on to confirmation or a password reset. */
export const signingIn = authSetup.createStateConfig({
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
});

/** The challenge Cognito asked for, each answered by its own event. */
export const challenge = authSetup.createStateConfig({
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
});
