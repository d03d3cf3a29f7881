import { AuthError } from './auth-error.js';
import { eventAttributes, normalizeMfaType, type AuthEvent, type AuthEventOf } from './auth-events.js';
import type { WebAuthnCredentialEvent } from './passkey-events.js';
import { Secret } from './secret.js';

/**
 * Cognito's default AuthSessionValidity: the life of a challenge's session.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
 */
export const CHALLENGE_SESSION_MS = 3 * 60 * 1000;

/** An answer to a challenge: the ChallengeResponses to send (secrets still wrapped), and what goes with them. */
export interface ChallengeAnswer {
  responses: Record<string, string | Secret>;
  clientMetadata?: Record<string, string>;
  /** MFA_SETUP: the authenticator app's code, verified with VerifySoftwareToken before the answer is sent. */
  softwareToken?: { code: Secret; friendlyDeviceName?: string };
  /**
   * SELECT_CHALLENGE answered PASSWORD_SRP: the service adds a new SRP_A to the answer and proves this password
   * in the PASSWORD_VERIFIER step Cognito asks for next, as an SRP sign-in does.
   */
  srpPassword?: Secret;
}

/** The events that answer a challenge. */
export type AnswerEventType =
  | 'CONFIRM_SIGN_IN'
  | 'SELECT_MFA_TYPE'
  | 'SEND_CUSTOM_CHALLENGE_ANSWER'
  | 'COMPLETE_NEW_PASSWORD'
  | 'VERIFY_TOTP_SETUP'
  | 'SET_UP_EMAIL_MFA'
  | 'SELECT_CHALLENGE'
  // The chart's own, once the passkey ceremony has run (passkey-events.ts).
  | 'WEB_AUTHN_CREDENTIAL';

type AnswerEventOf<TEvent extends AnswerEventType> = TEvent extends 'WEB_AUTHN_CREDENTIAL' ? WebAuthnCredentialEvent : AuthEventOf<Exclude<TEvent, 'WEB_AUTHN_CREDENTIAL'>>;

interface ChallengeEntry<TState extends string, TEvent extends AnswerEventType, TAlso extends AnswerEventType = never> {
  /** The chart's state that waits for the answer: `challenge.<state>`. */
  state: TState;
  /** The event that answers it. */
  answeredBy: TEvent;
  /** The answer RespondToAuthChallenge sends, USERNAME and SECRET_HASH aside; secrets stay wrapped until sent. */
  answer(event: AnswerEventOf<TEvent>): ChallengeAnswer;
  /**
   * Another way to answer it, taken in a substate of `state` that names the event itself (MFA_SETUP's email
   * address, in `totpSetup.emailAddress`): the answer each such event gives.
   */
  alsoAnswers?: { [E in TAlso]: (event: AnswerEventOf<E>) => ChallengeAnswer };
  /** Whether a reload may continue it: nothing it needs lives only in memory. */
  resumable: boolean;
  /** Where an answer that Cognito refused waits for the next one, when not in `state` itself. */
  waitsIn?: string;
  /** The MFA factor it checks, when it is one. */
  mfaType?: 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';
}

const entry = <const TState extends string, TEvent extends AnswerEventType, TAlso extends AnswerEventType = never>(
  e: ChallengeEntry<TState, TEvent, TAlso>,
) => e;

const withMetadata = (event: { clientMetadata?: Record<string, string> | undefined }) =>
  event.clientMetadata ? { clientMetadata: event.clientMetadata } : {};

/**
 * Every challenge the chart answers, keyed by Cognito's ChallengeName, with the ChallengeResponses each one
 * takes: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 * States, routes, the answers sent, what a reload resumes and the facade's lists are all read from here; a
 * challenge that is not here is refused by name, never answered with a guess.
 */
export const CHALLENGES = {
  SMS_MFA: entry({
    state: 'smsMfa',
    answeredBy: 'CONFIRM_SIGN_IN',
    answer: (e) => ({ responses: { SMS_MFA_CODE: new Secret(e.code) }, ...withMetadata(e) }),
    resumable: true,
    mfaType: 'SMS_MFA',
  }),
  SOFTWARE_TOKEN_MFA: entry({
    state: 'totpMfa',
    answeredBy: 'CONFIRM_SIGN_IN',
    answer: (e) => ({ responses: { SOFTWARE_TOKEN_MFA_CODE: new Secret(e.code) }, ...withMetadata(e) }),
    resumable: true,
    mfaType: 'SOFTWARE_TOKEN_MFA',
  }),
  SELECT_MFA_TYPE: entry({
    state: 'selectMfaType',
    answeredBy: 'SELECT_MFA_TYPE',
    answer: (e) => ({ responses: { ANSWER: normalizeMfaType(e.mfaType) } }),
    resumable: true,
  }),
  // Set up an authenticator app (the TOTP secret shown lives only in memory, so a reload cannot continue it), or
  // email where the pool offers it: the address answers MFA_SETUP, and Cognito asks for the code it sent there
  // (EMAIL_OTP). A refused answer enters `totpSetup` again, which routes it back to the step it came from.
  MFA_SETUP: entry({
    state: 'totpSetup',
    answeredBy: 'VERIFY_TOTP_SETUP',
    waitsIn: 'totpSetup',
    answer: (e) => ({
      responses: {},
      softwareToken: { code: new Secret(e.code), ...(e.friendlyDeviceName ? { friendlyDeviceName: e.friendlyDeviceName } : {}) },
    }),
    alsoAnswers: {
      SET_UP_EMAIL_MFA: (e) => ({ responses: { EMAIL: e.email }, ...withMetadata(e) }),
    },
    resumable: false,
  }),
  CUSTOM_CHALLENGE: entry({
    state: 'customChallenge',
    answeredBy: 'SEND_CUSTOM_CHALLENGE_ANSWER',
    answer: (e) => ({ responses: { ANSWER: new Secret(e.answer) }, ...withMetadata(e) }),
    resumable: true,
  }),
  NEW_PASSWORD_REQUIRED: entry({
    state: 'newPasswordRequired',
    answeredBy: 'COMPLETE_NEW_PASSWORD',
    answer: (e) => {
      const responses: ChallengeAnswer['responses'] = { NEW_PASSWORD: new Secret(e.newPassword) };
      for (const [name, value] of Object.entries(eventAttributes(e.requiredAttributes))) responses[`userAttributes.${name}`] = value;
      return { responses, ...withMetadata(e) };
    },
    resumable: true,
  }),
  // USER_AUTH: Cognito lists the first factors this user may choose (context.challenge.availableChallenges).
  // A password factor is answered at once with the password; a code factor makes Cognito send the code.
  SELECT_CHALLENGE: entry({
    state: 'selectChallenge',
    answeredBy: 'SELECT_CHALLENGE',
    answer: (e): ChallengeAnswer => {
      if (e.challenge === 'PASSWORD') return { responses: { ANSWER: 'PASSWORD', PASSWORD: new Secret(e.password ?? '') } };
      if (e.challenge === 'PASSWORD_SRP') return { responses: { ANSWER: 'PASSWORD_SRP' }, srpPassword: new Secret(e.password ?? '') };
      return { responses: { ANSWER: e.challenge } };
    },
    resumable: true,
  }),
  // The code Cognito emailed: a passwordless first factor (USER_AUTH), or email MFA after the password.
  EMAIL_OTP: entry({
    state: 'emailOtp',
    answeredBy: 'CONFIRM_SIGN_IN',
    answer: (e) => ({ responses: { EMAIL_OTP_CODE: new Secret(e.code) }, ...withMetadata(e) }),
    resumable: true,
    mfaType: 'EMAIL_OTP',
  }),
  // The code Cognito sent by SMS as a passwordless first factor (USER_AUTH).
  SMS_OTP: entry({
    state: 'smsOtp',
    answeredBy: 'CONFIRM_SIGN_IN',
    answer: (e) => ({ responses: { SMS_OTP_CODE: new Secret(e.code) }, ...withMetadata(e) }),
    resumable: true,
  }),
  // A passkey (USER_AUTH): the chart runs the ceremony with CREDENTIAL_REQUEST_OPTIONS through the `passkeys()`
  // adapter and answers with the assertion. A ceremony that failed, or an answer Cognito refused without ending
  // the session, waits in `webAuthn.failed` for RETRY or CANCEL. The ceremony needs the user, so no reload resumes it.
  WEB_AUTHN: entry({
    state: 'webAuthn',
    answeredBy: 'WEB_AUTHN_CREDENTIAL',
    waitsIn: 'webAuthn.failed',
    answer: (e) => ({ responses: { CREDENTIAL: e.credential } }),
    resumable: false,
  }),
};

/**
 * Challenges the sign-in service answers itself, never the chart: no state waits in them and no event answers them.
 * Each names what answers it; the remembered device's secret lives in token storage (services/device-store.ts).
 */
export const SERVICE_ANSWERED_CHALLENGES = {
  /** Sent with DEVICE_KEY and a new SRP_A (services/device-sign-in.ts). */
  DEVICE_SRP_AUTH: { answeredWith: 'remembered device' },
  /** The device's SRP proof, from its stored random password; Cognito may then skip MFA. */
  DEVICE_PASSWORD_VERIFIER: { answeredWith: 'remembered device' },
} as const;

export type ServiceAnsweredChallengeName = keyof typeof SERVICE_ANSWERED_CHALLENGES;

export function isServiceAnsweredChallenge(name: string): name is ServiceAnsweredChallengeName {
  return Object.prototype.hasOwnProperty.call(SERVICE_ANSWERED_CHALLENGES, name);
}

export type ChallengeName = keyof typeof CHALLENGES;
export type ChallengeStateName = (typeof CHALLENGES)[ChallengeName]['state'];

export function isChallengeName(name: string): name is ChallengeName {
  return Object.prototype.hasOwnProperty.call(CHALLENGES, name);
}

/** Every challenge as [name, entry], for building states and routes. */
export const challengeEntries = () =>
  Object.entries(CHALLENGES) as { [K in ChallengeName]: [K, (typeof CHALLENGES)[K]] }[ChallengeName][];

/** The answers an entry's other events give, by event type (MFA_SETUP's email address). */
const alsoAnswersOf = (name: ChallengeName) =>
  ((CHALLENGES[name] as ChallengeEntry<string, AnswerEventType, AnswerEventType>).alsoAnswers ?? {}) as Partial<
    Record<AnswerEventType, (event: never) => ChallengeAnswer>
  >;

/** The challenges an event answers, e.g. CONFIRM_SIGN_IN: SMS_MFA and SOFTWARE_TOKEN_MFA. */
export function challengesAnsweredBy(type: AnswerEventType): ChallengeName[] {
  return challengeEntries()
    .filter(([name, e]) => e.answeredBy === type || Object.prototype.hasOwnProperty.call(alsoAnswersOf(name), type))
    .map(([name]) => name);
}

/** The events that answer some challenge in the challenge's own state, each once (not those a substate takes). */
export const answerEventTypes = (): AnswerEventType[] => [...new Set(challengeEntries().map(([, e]) => e.answeredBy))];

/** The answer an event gives to a pending challenge; an event that does not answer it is refused by name. */
export function answerFor(name: ChallengeName, event: AuthEvent | WebAuthnCredentialEvent | { type: string }): ChallengeAnswer {
  const challenge = CHALLENGES[name] as ChallengeEntry<string, AnswerEventType>;
  const others = alsoAnswersOf(name);
  // Own keys only: `toString` must not resolve to Object.prototype's.
  const own = Object.prototype.hasOwnProperty.call(others, event.type);
  const answer = event.type === challenge.answeredBy ? challenge.answer : own ? others[event.type as AnswerEventType] : undefined;
  if (!answer) {
    const events = [challenge.answeredBy, ...Object.keys(others)].join(' or ');
    throw new AuthError('InvalidStateException', `${event.type} does not answer ${name}: ${events} does`);
  }
  return answer(event as never);
}
