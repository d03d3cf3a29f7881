import type { PendingChallenge } from '../../../core.js';

/** What the page can tell about a challenge that came back after an answer. */
export interface ChallengeRound {
  /** True only when the pool said so: Cognito itself just asks again, for whatever reason its trigger had. */
  notAccepted: boolean;
  /** `try 2 of 3`, when the pool says which try it is. */
  tries: string | null;
}

/**
 * A custom challenge's round, from its public parameters: the demo pool's trigger writes `attempt`, `attempts`
 * and, after a wrong answer, `previousAnswer: "incorrect"`. Null for the first round or any other challenge.
 */
export function roundOf(challenge: PendingChallenge | null | undefined): ChallengeRound | null {
  if (challenge?.name !== 'CUSTOM_CHALLENGE') return null;
  const { attempt, attempts, previousAnswer } = challenge.parameters;
  const tries = attempt && attempts ? `try ${attempt} of ${attempts}` : null;
  if (previousAnswer !== 'incorrect' && (!attempt || attempt === '1')) return null;
  return { notAccepted: previousAnswer === 'incorrect', tries };
}

/**
 * The log line for an answer that was followed by the same challenge with a new session: Cognito asked again
 * (a new round of a custom challenge). Null when the chart moved anywhere else.
 */
export function askedAgain(before: PendingChallenge | null, wasResponding: boolean, after: PendingChallenge | null): string | null {
  if (!wasResponding || !before || !after || after === before) return null;
  if (after.name !== before.name || after.session === before.session) return null;
  const round = roundOf(after);
  const tries = round?.tries ? ` (${round.tries})` : '';
  return round?.notAccepted
    ? `${after.name} asked again: the answer was not accepted${tries}`
    : `${after.name} asked again: a new round${tries}`;
}
