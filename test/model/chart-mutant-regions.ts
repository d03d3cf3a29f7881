import type { ChartMutant } from './chart-mutants.js';

/*
 * The chart's regions added with choice-based and passkey sign-in, email MFA and sign-up without a password, for
 * the mutation run to report on apart: a mutant sits in a region when its state node is there, its transition leads
 * there, or its event is one only that region answers. Each survivor or unseen mutant in these regions must be
 * listed below with the reason it cannot be told apart or reached; any other fails the run.
 */

interface Region {
  /** State node ids (and their descendants) in the region. */
  nodes: string[];
  /** Events only this region answers, wherever their transitions are declared. */
  events?: string[];
  /** Transitions, as `node event`, that belong to the region though their node and target are older. */
  transitions?: string[];
}

export const NEW_REGIONS: Record<string, Region> = {
  'challenge.selectChallenge': { nodes: ['auth.challenge.selectChallenge'], events: ['SELECT_CHALLENGE'] },
  'challenge.emailOtp (first factor and email MFA)': { nodes: ['auth.challenge.emailOtp'] },
  'challenge.smsOtp': { nodes: ['auth.challenge.smsOtp'] },
  'challenge.webAuthn (ceremony, failed)': { nodes: ['auth.challenge.webAuthn'], events: ['WEB_AUTHN_CREDENTIAL', 'RETRY'] },
  'sign-up without a password (auto sign-in by session)': { nodes: [], transitions: ['auth.confirmingSignUp.submitting xstate.done.actor.confirmSignUp'] },
  'signedIn passkey rows': {
    nodes: ['auth.signedIn.registeringPasskey', 'auth.signedIn.fetchingPasskeys', 'auth.signedIn.deletingPasskey'],
    events: ['REGISTER_PASSKEY', 'FETCH_PASSKEYS', 'DELETE_PASSKEY'],
  },
};

const within = (id: string | null, nodes: readonly string[]) => id !== null && nodes.some((node) => id === node || id.startsWith(`${node}.`));

export function regionOf(mutant: ChartMutant): string | undefined {
  return Object.entries(NEW_REGIONS).find(
    ([, region]) =>
      within(mutant.node, region.nodes) ||
      within(mutant.target, region.nodes) ||
      (mutant.event !== null && (region.events ?? []).includes(mutant.event)) ||
      (region.transitions ?? []).includes(`${mutant.node} ${mutant.event}`),
  )?.[0];
}

/** Transitions of these regions that no model path takes, with the reason (every mutant of them is unseen). */
const UNTAKEN: Record<string, string> = {
  'auth.autoSigningIn xstate.done.actor.autoSignIn #7':
    'auto sign-in signs in with the app flow or with USER_AUTH and the session ConfirmSignUp gave, which Cognito answers with tokens or MFA, never with SELECT_CHALLENGE',
  'auth.autoSigningIn xstate.done.actor.autoSignIn #9': 'SMS_OTP is a first factor of USER_AUTH chosen at sign-in; the session ConfirmSignUp gives stands for the first factor',
  'auth.autoSigningIn xstate.done.actor.autoSignIn #10': 'WEB_AUTHN needs a passkey, which a user who has just signed up has not registered yet',
  'auth.challenge.responding xstate.done.actor.respondToChallenge #7':
    'Cognito asks to choose a first factor only in answer to InitiateAuth USER_AUTH, never after an answered challenge',
};

/**
 * Mutants of these regions that survive or no path can see, each with why no run can tell them apart. A guard
 * ignored is seen only by a run that took a later branch for the same event, or none.
 */
const EQUIVALENT: Record<string, string> = {
  'auth.challenge WEB_AUTHN_CREDENTIAL #0: no actions':
    'the error is already clear: every way into the ceremony (SIGN_IN, SELECT_CHALLENGE, RETRY) clears it, the ceremony sets none before it answers, and a ceremony showing an old error fails the run',
  'auth.challenge WEB_AUTHN_CREDENTIAL #0: guard ignored':
    "the chart raises WEB_AUTHN_CREDENTIAL only from the ceremony, where the WEB_AUTHN challenge is pending and no answer is on its way; the app's own is refused at the gate as a session event",
  'auth.challenge RESUMED #8: guard ignored':
    "SMS_OTP is the last resumable challenge: a snapshot is restorable only with a resumable challenge, so every RESUMED matches an earlier branch or this one's own guard",
  'auth.signingIn xstate.done.actor.signIn #10: guard ignored':
    "WEB_AUTHN is the last route: the sign-in service refuses a challenge the table does not name (an error, not an answer), so every answer matches an earlier route or this one's own guard",
  'auth.challenge.responding xstate.done.actor.respondToChallenge #10: guard ignored':
    "WEB_AUTHN is the last route: the answer service refuses a challenge the table does not name, so every answer matches an earlier route or this one's own guard",
  'auth.challenge.responding xstate.error.actor.respondToChallenge #10: guard ignored':
    "WEB_AUTHN is the last way back to the pending challenge: the pending challenge is always one the table names, so every refusal matches an earlier branch or this one's own guard",
  'auth.autoSigningIn xstate.done.actor.autoSignIn #8: guard ignored':
    'the later routes (SMS_OTP, WEB_AUTHN) are never taken by an auto sign-in (see them), and the service refuses a challenge the table does not name',
};

/** The reason a mutant of the new regions may survive or go unseen, or undefined when it must be killed. */
export function excusedBecause(mutant: ChartMutant): string | undefined {
  const transition = mutant.index === null ? undefined : `${mutant.node} ${mutant.event} #${mutant.index}`;
  return EQUIVALENT[mutant.name] ?? (transition ? UNTAKEN[transition] : undefined);
}
