import { and, not, stateIn } from 'xstate';
import type { AuthEventOf } from './auth-events.js';
import type { AuthStepResult, PendingChallenge } from './auth-types.js';
import { authSetup, failure, transition } from './auth-setup.js';
import { answerEventTypes, answerFor, challengeEntries, type ChallengeStateName } from './challenges.js';
import { mfaSetup } from './mfa-setup-states.js';
import { Secret } from './secret.js';

const step = ({ event }: { event: { output: AuthStepResult } }) => ({ step: event.output });

/** Where an authentication step leads: signed in, or straight into the challenge Cognito named. */
export function stepRoutes() {
  return [
    transition({ guard: { type: 'stepSignedIn', params: step }, target: '#auth.signedIn', actions: { type: 'applySignedIn', params: step } }),
    ...challengeEntries().map(([name, { state }]) =>
      transition({
        guard: { type: 'stepIsChallenge', params: ({ event }: { event: { output: AuthStepResult } }) => ({ step: event.output, name }) },
        target: `#auth.challenge.${state}`,
        // A new challenge (even one of the same kind, as in custom auth rounds) has a new session and a new timer.
        reenter: true,
        actions: { type: 'applyChallenge', params: step },
      }),
    ),
  ];
}

/** Back to the pending challenge's state: after a wrong answer, or to re-arm its expiry after a reload. */
function toPendingChallenge(options: { reenter: boolean; resumableOnly: boolean }) {
  return challengeEntries()
    .filter(([, entry]) => entry.resumable || !options.resumableOnly)
    .map(([name, entry]) =>
      transition({
        guard: { type: 'challengeIs', params: { name } },
        target: `#auth.challenge.${'waitsIn' in entry ? entry.waitsIn : entry.state}`,
        reenter: options.reenter,
      }),
    );
}

/**
 * Not while an answer or the TOTP association is on its way to Cognito, nor while MFA_SETUP waits for a choice or
 * an email address (the TOTP code answers only once the app has its secret).
 */
const awaitingAnswer = and([
  'answersPendingChallenge',
  not(stateIn({ challenge: 'responding' })),
  not(stateIn({ challenge: { totpSetup: 'associating' } })),
  not(stateIn({ challenge: { totpSetup: 'choosing' } })),
  not(stateIn({ challenge: { totpSetup: 'emailAddress' } })),
]);

/** Each answering event, declared once: the table says which challenge it answers. */
function answerTransitions() {
  const answer = [
    transition({ guard: and([awaitingAnswer, 'eventIsValid']), target: '.responding', actions: 'clearError' }),
    transition({ guard: awaitingAnswer, actions: 'rejectInvalidEvent' }),
  ];
  // The chart's own answer (the passkey ceremony's assertion) has no payload to check.
  const own = [transition({ guard: awaitingAnswer, target: '.responding', actions: 'clearError' })];
  return Object.fromEntries(answerEventTypes().map((type) => [type, type === 'WEB_AUTHN_CREDENTIAL' ? own : answer])) as Record<
    ReturnType<typeof answerEventTypes>[number],
    typeof answer
  >;
}

/** Cognito ends a challenge's session after a while: leave then, whether or not an answer is on its way. */
const expiry = transition({ challengeSessionExpiry: { target: '#auth.signedOut', actions: 'expireChallenge' } });

/** Each challenge's own state waits for its answer until Cognito's session for it ends. */
function waitingStates() {
  const waiting = transition({ after: expiry });
  return Object.fromEntries(challengeEntries().map(([, { state }]) => [state, waiting])) as Record<
    Exclude<ChallengeStateName, 'totpSetup' | 'webAuthn'>,
    typeof waiting
  >;
}

/** InitiateAuth (and the SRP proof): signed in, a challenge, or on to confirmation or a password reset. */
export const signingIn = authSetup.createStateConfig({
  tags: ['busy'],
  on: {
    // Leaving stops the call: its signal aborts, and tokens that arrive after that are never stored. Nothing
    // else to undo: SIGN_IN cleared the error, and any challenge or pending sign-up, on its way here.
    CANCEL: { target: '#auth.signedOut' },
  },
  invoke: {
    id: 'signIn',
    src: 'signIn',
    input: ({ context, event }) => {
      const e = event as AuthEventOf<'SIGN_IN'>;
      return {
        username: e.username,
        ...(e.password ? { password: new Secret(e.password) } : {}),
        authFlow: e.authFlow ?? context.authFlow,
        ...(e.preferredChallenge ? { preferredChallenge: e.preferredChallenge } : {}),
        ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
      };
    },
    onDone: stepRoutes(),
    onError: [
      {
        guard: { type: 'errorIs', params: ({ event }) => ({ error: event.error, names: ['UserNotConfirmedException'] }) },
        target: '#auth.confirmingSignUp',
        actions: [{ type: 'failSignIn', params: failure }, 'confirmAfterSignIn'],
      },
      {
        guard: { type: 'errorIs', params: ({ event }) => ({ error: event.error, names: ['PasswordResetRequiredException'] }) },
        target: '#auth.resettingPassword',
        actions: [{ type: 'failSignIn', params: failure }, 'resetAfterSignIn'],
      },
      { target: '#auth.signedOut', actions: { type: 'failSignIn', params: failure } },
    ],
  },
});

/**
 * The challenge Cognito asked for: one state per challenge of the table, waiting for its answer, and one
 * `responding` state that sends whichever answer came.
 */
export const challenge = authSetup.createStateConfig({
  // Always entered at the challenge Cognito named; XState asks every compound state for an initial child.
  initial: 'smsMfa',
  on: {
    CANCEL: { target: '#auth.signedOut', actions: 'cancelSignIn' },
    // Signed in from another tab: this tab's challenge has nothing left to do.
    SESSION_CHANGED_ELSEWHERE: { guard: 'sessionAppearedElsewhere', target: '#auth.signedIn', actions: 'adoptSession' },
    // Timers do not survive a reload: leave if Cognito's session is over, else enter again to re-arm the expiry.
    RESUMED: [
      { guard: 'challengeExpired', target: '#auth.signedOut', actions: 'expireChallenge' },
      ...toPendingChallenge({ reenter: true, resumableOnly: true }),
    ],
    ...answerTransitions(),
  },
  states: {
    ...waitingStates(),
    totpSetup: { ...mfaSetup, after: expiry },
    // The passkey ceremony, then the answer: the chart sends WEB_AUTHN_CREDENTIAL to itself (answerWithPasskey).
    webAuthn: {
      initial: 'ceremony',
      after: expiry,
      states: {
        ceremony: {
          tags: ['busy'],
          invoke: {
            id: 'passkeyAssertion',
            src: 'passkeyAssertion',
            input: ({ context }) => ({ requestOptions: context.challenge?.parameters['CREDENTIAL_REQUEST_OPTIONS'] ?? '' }),
            onDone: { actions: { type: 'answerWithPasskey', params: ({ event }) => ({ credential: event.output }) } },
            onError: { target: 'failed', actions: { type: 'reportAnswerFailure', params: failure } },
          },
        },
        // Cancelled, failed, or refused: the user tries again (a new ceremony) or sends CANCEL.
        failed: {
          on: { RETRY: { target: 'ceremony', actions: 'clearError' } },
        },
      },
    },
    responding: {
      tags: ['busy'],
      after: expiry,
      invoke: {
        id: 'respondToChallenge',
        src: 'respondToChallenge',
        input: ({ context, event }) => {
          const pending = context.challenge as PendingChallenge;
          return { challenge: pending, answer: answerFor(pending.name, event) };
        },
        onDone: stepRoutes(),
        onError: [
          {
            guard: { type: 'errorEndsSession', params: failure },
            target: '#auth.signedOut',
            actions: [
              { type: 'reportAnswerFailure', params: failure },
              { type: 'failSignIn', params: failure },
            ],
          },
          ...toPendingChallenge({ reenter: false, resumableOnly: false }).map((route) => ({
            ...route,
            actions: { type: 'reportAnswerFailure' as const, params: failure },
          })),
        ],
      },
    },
  },
});
