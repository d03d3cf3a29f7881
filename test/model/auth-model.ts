import { assign, setup, type StateValue } from 'xstate';
import type { AuthEmittedType } from '../../machines/auth-types.js';
import { ACCOUNT_MODEL_EVENTS, accountStepResult, type AccountModelEvent } from './account-model.js';

/*
 * An abstract model of the auth statechart for path generation. `xstate/graph` cannot walk the real chart
 * (it invokes services and waits on timers), so here each user step carries the outcome Cognito gives it as
 * part of the event: `SIGN_IN/smsMfa` is "sign in, and Cognito answers with an SMS_MFA challenge". Busy states
 * are not modelled; a step runs from one state where the user can act to the next. Each transition records
 * what the real machine must show after the step: its state value, `context.error`'s name and the events it
 * emitted. The runner makes the backend produce the outcome (by arranging the user first) and checks it.
 */

export interface StepExpectation {
  /** `context.error?.name` after the step, or null. */
  error: string | null;
  /** The types of the events emitted during the step, in order. */
  emitted: AuthEmittedType[];
}

export type ModelState =
  | 'signedOut'
  | 'confirmingManual'
  | 'confirmingAuto'
  | 'smsMfa'
  | 'totpMfa'
  | 'selectMfaType'
  | 'totpSetup'
  | 'mfaSetupChoice'
  | 'emailSetupAddress'
  | 'customChallenge'
  | 'newPasswordRequired'
  | 'selectChallenge'
  | 'selectChallengeWithPasskey'
  | 'emailOtp'
  | 'smsOtp'
  | 'webAuthnFailed'
  | 'emailMfa'
  | 'selectMfaTypeWithEmail'
  | 'confirmingPasswordless'
  | 'signedIn'
  | 'resetting'
  | 'awaitingRedirect';

/** The real machine's state value for each model state (model states only split what the chart keeps in context). */
export const REAL_STATE: Record<ModelState, StateValue> = {
  signedOut: 'signedOut',
  confirmingManual: { confirmingSignUp: 'idle' },
  confirmingAuto: { confirmingSignUp: 'idle' },
  smsMfa: { challenge: 'smsMfa' },
  totpMfa: { challenge: 'totpMfa' },
  selectMfaType: { challenge: 'selectMfaType' },
  totpSetup: { challenge: { totpSetup: 'idle' } },
  mfaSetupChoice: { challenge: { totpSetup: 'choosing' } },
  emailSetupAddress: { challenge: { totpSetup: 'emailAddress' } },
  customChallenge: { challenge: 'customChallenge' },
  newPasswordRequired: { challenge: 'newPasswordRequired' },
  selectChallenge: { challenge: 'selectChallenge' },
  selectChallengeWithPasskey: { challenge: 'selectChallenge' },
  emailOtp: { challenge: 'emailOtp' },
  smsOtp: { challenge: 'smsOtp' },
  webAuthnFailed: { challenge: { webAuthn: 'failed' } },
  emailMfa: { challenge: 'emailOtp' },
  selectMfaTypeWithEmail: { challenge: 'selectMfaType' },
  confirmingPasswordless: { confirmingSignUp: 'idle' },
  signedIn: { signedIn: 'idle' },
  resetting: { resettingPassword: 'awaitingCode' },
  awaitingRedirect: { redirectSignIn: 'awaitingReturn' },
};

// Order matters for ties between shortest paths: steps every backend supports come first.
const BASE_EVENTS = [
  'SIGN_IN/signedIn',
  'FORGOT_PASSWORD/sent',
  'SIGN_UP/needsCode',
  'SIGN_UP/needsCodeAutoSignIn',
  'SIGN_UP/autoConfirmed',
  'SIGN_UP/autoConfirmedAutoSignIn',
  'SIGN_UP/usernameExists',
  'SIGN_UP/weakPassword',
  'SIGN_UP/invalid',
  'SEND/malformed',
  'SIGN_IN/signedInSrp',
  'SIGN_IN/wrongPassword',
  'SIGN_IN/unconfirmed',
  'SIGN_IN/resetRequired',
  'SIGN_IN/smsMfa',
  'SIGN_IN/totpMfa',
  'SIGN_IN/selectMfaType',
  'SIGN_IN/totpSetup',
  'SIGN_IN/customChallenge',
  'SIGN_IN/newPasswordRequired',
  'SIGN_IN/invalid',
  'SIGN_IN/totpSetupUnreachable',
  'SIGN_IN/alreadySignedIn',
  'SIGN_IN/cancelled',
  'CONFIRM_SIGN_UP/right',
  'CONFIRM_SIGN_UP/wrongCode',
  'CONFIRM_SIGN_UP/invalid',
  'CONFIRM_SIGN_UP/rightThenSmsMfa',
  'CONFIRM_SIGN_UP/rightThenTotpSetup',
  'CONFIRM_SIGN_UP/rightThenCustomChallenge',
  'CONFIRM_SIGN_UP/rightThenUnreachable',
  'CONFIRM_SIGN_UP/rightThenCancelled',
  'RESEND_SIGN_UP_CODE/sent',
  'RESEND_SIGN_UP_CODE/unknownUser',
  'RESEND_SIGN_UP_CODE/invalid',
  'CONFIRM_SIGN_IN/right',
  'CONFIRM_SIGN_IN/wrongCode',
  'CONFIRM_SIGN_IN/expiredSession',
  'CONFIRM_SIGN_IN/invalid',
  'CONFIRM_SIGN_IN/noAnswer',
  'CONFIRM_SIGN_IN/notAsked',
  'SELECT_MFA_TYPE/sms',
  'SELECT_MFA_TYPE/totp',
  'SELECT_MFA_TYPE/invalid',
  'SELECT_MFA_TYPE/unreachable',
  'SELECT_MFA_TYPE/notAsked',
  'VERIFY_TOTP_SETUP/right',
  'VERIFY_TOTP_SETUP/wrongCode',
  'VERIFY_TOTP_SETUP/invalid',
  'VERIFY_TOTP_SETUP/notAsked',
  'SEND_CUSTOM_CHALLENGE_ANSWER/right',
  'SEND_CUSTOM_CHALLENGE_ANSWER/anotherRound',
  'SEND_CUSTOM_CHALLENGE_ANSWER/wrong',
  'SEND_CUSTOM_CHALLENGE_ANSWER/invalid',
  'SEND_CUSTOM_CHALLENGE_ANSWER/rightThenSelectMfaType',
  'SEND_CUSTOM_CHALLENGE_ANSWER/unreachable',
  'SEND_CUSTOM_CHALLENGE_ANSWER/notAsked',
  'COMPLETE_NEW_PASSWORD/right',
  'COMPLETE_NEW_PASSWORD/weakPassword',
  'COMPLETE_NEW_PASSWORD/invalid',
  'COMPLETE_NEW_PASSWORD/rightThenTotpSetup',
  'COMPLETE_NEW_PASSWORD/notAsked',
  'SIGN_OUT/local',
  'SIGN_OUT/global',
  'SIGN_OUT/invalid',
  'SIGN_OUT/whileSignedOut',
  'SIGN_OUT/globalUnreachable',
  'SIGN_OUT/globalRevoked',
  'REFRESH/refreshed',
  'REFRESH/twice',
  'REFRESH/unreachable',
  'REFRESH/revoked',
  'RELOAD/restored',
  'RELOAD/restoredLater',
  'RELOAD/resumed',
  'RELOAD/resumedLate',
  'RELOAD/resumedThenWait',
  'ELSEWHERE/signedIn',
  'ELSEWHERE/refreshed',
  'ELSEWHERE/refreshedDuringRefresh',
  'ELSEWHERE/signedOut',
  'ELSEWHERE/unchanged',
  'FORGOT_PASSWORD/unknownUser',
  'FORGOT_PASSWORD/invalid',
  'CONFIRM_FORGOT_PASSWORD/right',
  'CONFIRM_FORGOT_PASSWORD/wrongCode',
  'CONFIRM_FORGOT_PASSWORD/invalid',
  'CANCEL',
  'SIGN_IN_WITH_REDIRECT/returned',
  'SIGN_IN_WITH_REDIRECT/away',
  'SIGN_IN_WITH_REDIRECT/notOpened',
  'SIGN_IN_WITH_REDIRECT/invalid',
  'SIGN_IN_WITH_REDIRECT/alreadySignedIn',
  'REDIRECT_RETURNED/signedIn',
  'REDIRECT_RETURNED/denied',
  'REDIRECT_RETURNED/invalid',
  'REDIRECT_RETURNED/notStartedHere',
  'WAIT/sessionExpired',
  'WAIT/refreshDue',
  // Choice-based sign-in (USER_AUTH): the first factor chosen up front or from Cognito's list.
  'SIGN_IN/selectChallenge',
  'SIGN_IN/emailOtp',
  'SIGN_IN/smsOtp',
  'SELECT_CHALLENGE/emailOtp',
  'SELECT_CHALLENGE/smsOtp',
  'SELECT_CHALLENGE/password',
  'SELECT_CHALLENGE/unavailable',
  'SELECT_CHALLENGE/invalid',
  // Passkeys: the machine runs the ceremony with the run's software authenticator.
  'SIGN_IN/webAuthn',
  'SIGN_IN/selectChallengeWithPasskey',
  'SIGN_IN/webAuthnCancelled',
  'SELECT_CHALLENGE/webAuthn',
  'RETRY/webAuthn',
  'RETRY/unreachable',
  // Email MFA: EMAIL_OTP after the password, chosen from SELECT_MFA_TYPE, or met by an auto sign-in.
  'SIGN_IN/emailMfa',
  'SIGN_IN/selectMfaTypeWithEmail',
  'SELECT_MFA_TYPE/email',
  'CONFIRM_SIGN_UP/rightThenEmailMfa',
  // Sign-up without a password: auto sign-in by ConfirmSignUp's session (USER_AUTH).
  'SIGN_UP/needsCodePasswordless',
  'SELECT_CHALLENGE/notAsked',
  // MFA_SETUP in a pool that offers TOTP and email: the user chooses, and email is set up with an address.
  'SIGN_IN/mfaSetupChoice',
  'SELECT_MFA_TYPE/setupTotp',
  'SELECT_MFA_TYPE/setupEmail',
  'SELECT_MFA_TYPE/setupTotpUnreachable',
  'SELECT_MFA_TYPE/notOffered',
  'SET_UP_EMAIL_MFA/right',
  'SET_UP_EMAIL_MFA/invalid',
  'SET_UP_EMAIL_MFA/unreachable',
] as const;

export type ModelEventType = (typeof BASE_EVENTS)[number] | AccountModelEvent;
export const MODEL_EVENTS: readonly ModelEventType[] = [...BASE_EVENTS, ...ACCOUNT_MODEL_EVENTS];
export type ModelEvent = { type: ModelEventType };

const ERR = {
  validation: 'ValidationError',
  notAuthorized: 'NotAuthorizedException',
  codeMismatch: 'CodeMismatchException',
  network: 'NetworkError',
  invalidState: 'InvalidStateException',
} as const;

/** One model transition: where the step ends, and what the real machine shows then. */
function to(target: ModelState, error: string | null = null, emitted: AuthEmittedType[] = []) {
  return { target, actions: { type: 'record' as const, params: { error, emitted } satisfies StepExpectation } };
}
const stay = (state: ModelState, error: string | null, emitted: AuthEmittedType[] = []) => to(state, error, emitted);

/** Nothing is answered for the life of Cognito's challenge session: the chart's own timer gives up first. */
const sessionTimer = {
  'WAIT/sessionExpired': to('signedOut', 'SessionExpiredError', ['signIn_failure']),
} as const;

/**
 * A reload in a challenge that waits for an answer resumes there (TOTP setup cannot: its secret is never
 * persisted); once Cognito's session is over, the reload ends the sign-in. Another tab's sign-in is taken up.
 */
const resumableChallenge = (self: ModelState) => ({
  'RELOAD/resumedLate': to('signedOut', 'SessionExpiredError', ['signIn_failure']),
  // Resumed in time, then left unanswered: the expiry timer, lost with the old page, was armed again.
  'RELOAD/resumedThenWait': to('signedOut', 'SessionExpiredError', ['signIn_failure']),
  'ELSEWHERE/signedIn': to('signedIn', null, ['signIn']),
  // Another tab announces that no one is signed in: the challenge goes on.
  'ELSEWHERE/unchanged': to(self, null),
});

/**
 * The confirmation is accepted and the auto sign-in that follows meets what a sign-in can meet: an MFA the user
 * was given meanwhile (an administrator turned SMS MFA on), a pool that requires MFA, an app whose sign-in flow
 * is custom auth; or the sign-in never reaches Cognito.
 */
const autoSignInOutcomes = {
  'CONFIRM_SIGN_UP/rightThenSmsMfa': to('smsMfa', null, ['confirmSignUp']),
  'CONFIRM_SIGN_UP/rightThenTotpSetup': to('totpSetup', null, ['confirmSignUp']),
  'CONFIRM_SIGN_UP/rightThenCustomChallenge': to('customChallenge', null, ['confirmSignUp']),
  'CONFIRM_SIGN_UP/rightThenUnreachable': to('signedOut', ERR.network, ['confirmSignUp', 'signIn_failure', 'autoSignIn_failure']),
  // The auto sign-in gets no answer and the app cancels it: it ends, and says so, as a cancelled confirmation does.
  'CONFIRM_SIGN_UP/rightThenCancelled': to('signedOut', null, ['confirmSignUp', 'autoSignIn_failure']),
  // An administrator turned email MFA on for the pending user: the auto sign-in meets EMAIL_OTP.
  'CONFIRM_SIGN_UP/rightThenEmailMfa': to('emailMfa', null, ['confirmSignUp']),
} as const;

/**
 * The steps every pending sign-up offers; `auto` is whether SIGN_UP asked for auto sign-in. A sign-up without a
 * password signs in with ConfirmSignUp's session alone: an auto sign-in that meets a challenge is the password's.
 */
function confirming(self: 'confirmingManual' | 'confirmingAuto' | 'confirmingPasswordless') {
  const auto = self !== 'confirmingManual';
  return {
    on: {
      'CONFIRM_SIGN_UP/right': auto
        ? to('signedIn', null, ['confirmSignUp', 'signIn', 'autoSignIn'])
        : to('signedOut', null, ['confirmSignUp']),
      'CONFIRM_SIGN_UP/wrongCode': stay(self, ERR.codeMismatch, ['confirmSignUp_failure']),
      'CONFIRM_SIGN_UP/invalid': stay(self, ERR.validation),
      'RESEND_SIGN_UP_CODE/sent': stay(self, null),
      // A resend for another username replaces the pending sign-up with that one; auto sign-in ends, and says so.
      'RESEND_SIGN_UP_CODE/unknownUser': to('confirmingManual', 'UserNotFoundException', auto ? ['autoSignIn_failure'] : []),
      'RESEND_SIGN_UP_CODE/invalid': stay(self, ERR.validation),
      // The auto sign-in password lives only in memory: after a reload the sign-up is confirmed by hand.
      'RELOAD/resumed': to('confirmingManual', null, auto ? ['autoSignIn_failure'] : []),
      CANCEL: to('signedOut', null, auto ? ['autoSignIn_failure'] : []),
      ...(self === 'confirmingAuto' ? autoSignInOutcomes : {}),
      ...(self === 'confirmingPasswordless'
        ? {
            'CONFIRM_SIGN_UP/rightThenUnreachable': autoSignInOutcomes['CONFIRM_SIGN_UP/rightThenUnreachable'],
            'CONFIRM_SIGN_UP/rightThenCancelled': autoSignInOutcomes['CONFIRM_SIGN_UP/rightThenCancelled'],
          }
        : {}),
    },
  };
}

/** A challenge answered by a code (SMS or TOTP MFA, or a one-time code by email or SMS). */
function codeChallenge(self: 'smsMfa' | 'totpMfa' | 'emailOtp' | 'smsOtp' | 'emailMfa') {
  return {
    on: {
      'CONFIRM_SIGN_IN/right': to('signedIn', null, ['signIn']),
      'CONFIRM_SIGN_IN/wrongCode': stay(self, ERR.codeMismatch, ['confirmSignIn_failure']),
      'CONFIRM_SIGN_IN/expiredSession': to('signedOut', ERR.notAuthorized, ['confirmSignIn_failure', 'signIn_failure']),
      'CONFIRM_SIGN_IN/invalid': stay(self, ERR.validation),
      CANCEL: to('signedOut'),
      'RELOAD/resumed': stay(self, null),
      ...resumableChallenge(self),
      ...sessionTimer,
      // The answer is sent and Cognito never answers: the challenge's session ends while the machine waits.
      'CONFIRM_SIGN_IN/noAnswer': to('signedOut', 'SessionExpiredError', ['signIn_failure']),
      // An answer to a challenge Cognito did not ask for is refused by name; nothing is sent.
      'COMPLETE_NEW_PASSWORD/notAsked': stay(self, ERR.invalidState),
    },
  };
}

export const authModel = setup({
  types: {
    context: {} as { expect: StepExpectation },
    events: {} as ModelEvent,
  },
  actions: {
    record: assign((_, params: StepExpectation) => ({ expect: params })),
  },
}).createMachine({
  id: 'authModel',
  context: { expect: { error: null, emitted: [] } },
  initial: 'signedOut',
  states: {
    signedOut: {
      on: {
        'SIGN_UP/needsCode': to('confirmingManual', null, ['signUp']),
        'SIGN_UP/needsCodeAutoSignIn': to('confirmingAuto', null, ['signUp']),
        'SIGN_UP/needsCodePasswordless': to('confirmingPasswordless', null, ['signUp']),
        'SIGN_UP/autoConfirmed': to('signedOut', null, ['signUp']),
        'SIGN_UP/autoConfirmedAutoSignIn': to('signedIn', null, ['signUp', 'signIn', 'autoSignIn']),
        'SIGN_UP/usernameExists': to('signedOut', 'UsernameExistsException', ['signUp_failure']),
        'SIGN_UP/weakPassword': to('signedOut', 'InvalidPasswordException', ['signUp_failure']),
        'SIGN_UP/invalid': to('signedOut', ERR.validation),
        'SIGN_IN/signedIn': to('signedIn', null, ['signIn']),
        'SIGN_IN/signedInSrp': to('signedIn', null, ['signIn']),
        'SIGN_IN/wrongPassword': to('signedOut', ERR.notAuthorized, ['signIn_failure']),
        'SIGN_IN/unconfirmed': to('confirmingManual', 'UserNotConfirmedException', ['signIn_failure']),
        'SIGN_IN/resetRequired': to('resetting', 'PasswordResetRequiredException', ['signIn_failure', 'forgotPassword']),
        'SIGN_IN/smsMfa': to('smsMfa'),
        'SIGN_IN/totpMfa': to('totpMfa'),
        'SIGN_IN/selectMfaType': to('selectMfaType'),
        'SIGN_IN/totpSetup': to('totpSetup'),
        // MFA required, TOTP and email offered to a user who has neither (nor a verified email): the choice first.
        'SIGN_IN/mfaSetupChoice': to('mfaSetupChoice'),
        'SIGN_IN/customChallenge': to('customChallenge'),
        'SIGN_IN/newPasswordRequired': to('newPasswordRequired'),
        'SIGN_IN/selectChallenge': to('selectChallenge'),
        'SIGN_IN/emailOtp': to('emailOtp'),
        'SIGN_IN/smsOtp': to('smsOtp'),
        // The ceremony and the answer run without the app: signed in, or waiting after a cancelled ceremony.
        'SIGN_IN/webAuthn': to('signedIn', null, ['signIn']),
        // A user with a passkey, offered the choice: WEB_AUTHN is among the factors.
        'SIGN_IN/selectChallengeWithPasskey': to('selectChallengeWithPasskey'),
        'SIGN_IN/webAuthnCancelled': to('webAuthnFailed', 'WebAuthnCancelledError', ['confirmSignIn_failure']),
        // Email MFA preferred: EMAIL_OTP after the password.
        'SIGN_IN/emailMfa': to('emailMfa'),
        // TOTP and email MFA, neither preferred: Cognito asks which.
        'SIGN_IN/selectMfaTypeWithEmail': to('selectMfaTypeWithEmail'),
        'SIGN_IN/invalid': to('signedOut', ERR.validation),
        // MFA_SETUP, and the TOTP association that follows never reaches Cognito: the sign-in ends.
        'SIGN_IN/totpSetupUnreachable': to('signedOut', ERR.network, ['signIn_failure']),
        // Cognito does not answer and the app cancels: signed out at once, as a cancelled challenge is, with nothing stored.
        'SIGN_IN/cancelled': stay('signedOut', null),
        // Not an event at all (null): refused at the gate, nothing changes.
        'SEND/malformed': stay('signedOut', ERR.validation),
        // Nobody is signed in: signing out has nothing to do, and is no error.
        'SIGN_OUT/whileSignedOut': stay('signedOut', null),
        // A reload whose storage answers later: the chart restores the session itself, and finds none.
        'RELOAD/restoredLater': stay('signedOut', null),
        // With a username: confirm a sign-up made elsewhere (another device, an earlier visit).
        'CONFIRM_SIGN_UP/right': to('signedOut', null, ['confirmSignUp']),
        'CONFIRM_SIGN_UP/wrongCode': to('confirmingManual', ERR.codeMismatch, ['confirmSignUp_failure']),
        'CONFIRM_SIGN_UP/invalid': to('signedOut', ERR.validation),
        'RESEND_SIGN_UP_CODE/sent': to('confirmingManual'),
        'RESEND_SIGN_UP_CODE/invalid': to('signedOut', ERR.validation),
        'FORGOT_PASSWORD/sent': to('resetting', null, ['forgotPassword']),
        'FORGOT_PASSWORD/unknownUser': to('signedOut', 'UserNotFoundException', ['forgotPassword_failure']),
        'FORGOT_PASSWORD/invalid': to('signedOut', ERR.validation),
        'ELSEWHERE/signedIn': to('signedIn', null, ['signIn']),
        // Another tab announces that no one is signed in: nothing changes here.
        'ELSEWHERE/unchanged': stay('signedOut', null),
        // Managed login: a native auth session comes back signed in at once, with the custom state.
        'SIGN_IN_WITH_REDIRECT/returned': to('signedIn', null, ['customOAuthState', 'signInWithRedirect', 'signIn']),
        'SIGN_IN_WITH_REDIRECT/away': to('awaitingRedirect'),
        'SIGN_IN_WITH_REDIRECT/notOpened': stay('signedOut', ERR.network, ['signInWithRedirect_failure']),
        'SIGN_IN_WITH_REDIRECT/invalid': stay('signedOut', ERR.validation),
        // A return this app did not start: refused, and nothing is exchanged.
        'REDIRECT_RETURNED/notStartedHere': stay('signedOut', 'StateMismatch', ['signInWithRedirect_failure']),
        'REDIRECT_RETURNED/invalid': stay('signedOut', ERR.validation),
      },
    },
    awaitingRedirect: {
      on: {
        'REDIRECT_RETURNED/signedIn': to('signedIn', null, ['signInWithRedirect', 'signIn']),
        'REDIRECT_RETURNED/denied': to('signedOut', 'access_denied', ['signInWithRedirect_failure']),
        'REDIRECT_RETURNED/invalid': stay('awaitingRedirect', ERR.validation),
        CANCEL: to('signedOut'),
      },
    },
    confirmingManual: confirming('confirmingManual'),
    confirmingAuto: confirming('confirmingAuto'),
    confirmingPasswordless: confirming('confirmingPasswordless'),
    smsMfa: codeChallenge('smsMfa'),
    totpMfa: codeChallenge('totpMfa'),
    emailOtp: codeChallenge('emailOtp'),
    smsOtp: codeChallenge('smsOtp'),
    emailMfa: codeChallenge('emailMfa'),
    selectMfaTypeWithEmail: {
      on: {
        'SELECT_MFA_TYPE/email': to('emailMfa'),
        'SELECT_MFA_TYPE/totp': to('totpMfa'),
        CANCEL: to('signedOut'),
        'RELOAD/resumed': stay('selectMfaTypeWithEmail', null),
      },
    },
    // A failed ceremony (or an answer that did not reach Cognito) waits for RETRY or CANCEL; no reload resumes it.
    webAuthnFailed: {
      on: {
        'RETRY/webAuthn': to('signedIn', null, ['signIn']),
        'RETRY/unreachable': stay('webAuthnFailed', ERR.network, ['confirmSignIn_failure']),
        CANCEL: to('signedOut'),
        ...sessionTimer,
      },
    },
    selectChallengeWithPasskey: {
      on: {
        'SELECT_CHALLENGE/webAuthn': to('signedIn', null, ['signIn']),
        CANCEL: to('signedOut'),
      },
    },
    selectChallenge: {
      on: {
        'SELECT_CHALLENGE/emailOtp': to('emailOtp'),
        'SELECT_CHALLENGE/smsOtp': to('smsOtp'),
        'SELECT_CHALLENGE/password': to('signedIn', null, ['signIn']),
        // A factor Cognito did not offer this user: refused, and the choice stays open.
        'SELECT_CHALLENGE/unavailable': stay('selectChallenge', 'InvalidParameterException', ['confirmSignIn_failure']),
        'SELECT_CHALLENGE/invalid': stay('selectChallenge', ERR.validation),
        CANCEL: to('signedOut'),
        'RELOAD/resumed': stay('selectChallenge', null),
        ...resumableChallenge('selectChallenge'),
        ...sessionTimer,
      },
    },
    selectMfaType: {
      on: {
        'SELECT_MFA_TYPE/sms': to('smsMfa'),
        'SELECT_MFA_TYPE/totp': to('totpMfa'),
        'SELECT_MFA_TYPE/invalid': stay('selectMfaType', ERR.validation),
        // The answer never reaches Cognito: the challenge waits for it again.
        'SELECT_MFA_TYPE/unreachable': stay('selectMfaType', ERR.network, ['confirmSignIn_failure']),
        CANCEL: to('signedOut'),
        'RELOAD/resumed': stay('selectMfaType', null),
        ...resumableChallenge('selectMfaType'),
        ...sessionTimer,
      },
    },
    totpSetup: {
      on: {
        'VERIFY_TOTP_SETUP/right': to('signedIn', null, ['signIn']),
        'VERIFY_TOTP_SETUP/wrongCode': stay('totpSetup', 'EnableSoftwareTokenMFAException', ['confirmSignIn_failure']),
        'VERIFY_TOTP_SETUP/invalid': stay('totpSetup', ERR.validation),
        CANCEL: to('signedOut'),
        ...sessionTimer,
      },
    },
    mfaSetupChoice: {
      on: {
        'SELECT_MFA_TYPE/setupTotp': to('totpSetup'),
        'SELECT_MFA_TYPE/setupEmail': to('emailSetupAddress'),
        // TOTP chosen, AssociateSoftwareToken unreachable: back to the choice, the session still open.
        'SELECT_MFA_TYPE/setupTotpUnreachable': stay('mfaSetupChoice', ERR.network, ['confirmSignIn_failure']),
        // SMS, which Cognito did not offer to set up: refused here, nothing sent.
        'SELECT_MFA_TYPE/notOffered': stay('mfaSetupChoice', ERR.validation),
        'SELECT_MFA_TYPE/invalid': stay('mfaSetupChoice', ERR.validation),
        CANCEL: to('signedOut'),
      },
    },
    emailSetupAddress: {
      on: {
        // Cognito emails a code to the address and asks for it.
        'SET_UP_EMAIL_MFA/right': to('emailOtp'),
        'SET_UP_EMAIL_MFA/invalid': stay('emailSetupAddress', ERR.validation),
        // The address never reaches Cognito: the setup waits for it again, not for a new choice.
        'SET_UP_EMAIL_MFA/unreachable': stay('emailSetupAddress', ERR.network, ['confirmSignIn_failure']),
        CANCEL: to('signedOut'),
      },
    },
    customChallenge: {
      on: {
        'SEND_CUSTOM_CHALLENGE_ANSWER/right': to('signedIn', null, ['signIn']),
        // DefineAuthChallenge asks another question: a new challenge of the same kind, with a new session.
        'SEND_CUSTOM_CHALLENGE_ANSWER/anotherRound': stay('customChallenge', null),
        'SEND_CUSTOM_CHALLENGE_ANSWER/wrong': to('signedOut', ERR.notAuthorized, ['confirmSignIn_failure', 'signIn_failure']),
        'SEND_CUSTOM_CHALLENGE_ANSWER/invalid': stay('customChallenge', ERR.validation),
        // The user turned MFA on (SMS and TOTP) meanwhile: after the right answer Cognito asks which factor.
        'SEND_CUSTOM_CHALLENGE_ANSWER/rightThenSelectMfaType': to('selectMfaType'),
        'SEND_CUSTOM_CHALLENGE_ANSWER/unreachable': stay('customChallenge', ERR.network, ['confirmSignIn_failure']),
        CANCEL: to('signedOut'),
        'RELOAD/resumed': stay('customChallenge', null),
        ...resumableChallenge('customChallenge'),
        ...sessionTimer,
      },
    },
    newPasswordRequired: {
      on: {
        'COMPLETE_NEW_PASSWORD/right': to('signedIn', null, ['signIn']),
        'COMPLETE_NEW_PASSWORD/weakPassword': stay('newPasswordRequired', 'InvalidPasswordException', ['completeNewPassword_failure']),
        'COMPLETE_NEW_PASSWORD/invalid': stay('newPasswordRequired', ERR.validation),
        // In a pool that requires MFA, the new password is followed by setting up TOTP.
        'COMPLETE_NEW_PASSWORD/rightThenTotpSetup': to('totpSetup'),
        // Answers to challenges Cognito did not ask for are refused by name; nothing is sent.
        'CONFIRM_SIGN_IN/notAsked': stay('newPasswordRequired', ERR.invalidState),
        'SELECT_MFA_TYPE/notAsked': stay('newPasswordRequired', ERR.invalidState),
        'VERIFY_TOTP_SETUP/notAsked': stay('newPasswordRequired', ERR.invalidState),
        'SEND_CUSTOM_CHALLENGE_ANSWER/notAsked': stay('newPasswordRequired', ERR.invalidState),
        'SELECT_CHALLENGE/notAsked': stay('newPasswordRequired', ERR.invalidState),
        CANCEL: to('signedOut'),
        'RELOAD/resumed': stay('newPasswordRequired', null),
        ...resumableChallenge('newPasswordRequired'),
        ...sessionTimer,
      },
    },
    signedIn: {
      on: {
        'SIGN_OUT/local': to('signedOut', null, ['signOut']),
        'SIGN_OUT/global': to('signedOut', null, ['signOut']),
        'SIGN_OUT/invalid': stay('signedIn', ERR.validation),
        'SIGN_IN/alreadySignedIn': stay('signedIn', 'UserAlreadyAuthenticatedException'),
        'SIGN_IN_WITH_REDIRECT/alreadySignedIn': stay('signedIn', 'UserAlreadyAuthenticatedException'),
        'REFRESH/refreshed': stay('signedIn', null, ['tokenRefresh']),
        // REFRESH again while the first refresh is on its way: one refresh.
        'REFRESH/twice': stay('signedIn', null, ['tokenRefresh']),
        // Offline is not signed out: the session stays, and the refresh is tried again later.
        'REFRESH/unreachable': stay('signedIn', ERR.network, ['tokenRefresh_failure']),
        // Global sign-out that never reaches Cognito: the other devices are still signed in, so this one stays too.
        'SIGN_OUT/globalUnreachable': stay('signedIn', ERR.network),
        // Signed out everywhere from another device first: Cognito refuses the revoked token, and the session ends.
        'SIGN_OUT/globalRevoked': to('signedOut', ERR.notAuthorized, ['signOut']),
        // A reload whose storage answers later: the chart restores the stored session itself.
        'RELOAD/restoredLater': stay('signedIn', null),
        'REFRESH/revoked': to('signedOut', ERR.notAuthorized, ['tokenRefresh_failure', 'signOut']),
        'RELOAD/restored': stay('signedIn', null),
        // Another tab refreshed (new tokens of the same user), signed out, or announced what this tab holds.
        'ELSEWHERE/refreshed': stay('signedIn', null, ['tokenRefresh']),
        // This tab's refresh gets no answer; another tab's refresh goes through: its tokens end the one on its way.
        'ELSEWHERE/refreshedDuringRefresh': stay('signedIn', null, ['tokenRefresh']),
        'ELSEWHERE/signedOut': to('signedOut', null, ['signOut']),
        'ELSEWHERE/unchanged': stay('signedIn', null),
        // The access token nears its expiry: the chart's own timer refreshes it.
        'WAIT/refreshDue': stay('signedIn', null, ['tokenRefresh']),
        // The account actions, one group of steps per row of the account table.
        ...Object.fromEntries(
          ACCOUNT_MODEL_EVENTS.map((event) => {
            const { target, error, emitted } = accountStepResult(event);
            return [event, to(target, error, emitted)];
          }),
        ),
      },
    },
    resetting: {
      on: {
        'CONFIRM_FORGOT_PASSWORD/right': to('signedOut', null, ['forgotPasswordSubmit']),
        'CONFIRM_FORGOT_PASSWORD/wrongCode': stay('resetting', ERR.codeMismatch, ['forgotPasswordSubmit_failure']),
        'CONFIRM_FORGOT_PASSWORD/invalid': stay('resetting', ERR.validation),
        'FORGOT_PASSWORD/sent': stay('resetting', null, ['forgotPassword']),
        'FORGOT_PASSWORD/invalid': stay('resetting', ERR.validation),
        // Resumed where it was: the reset's username and delivery come back from the snapshot.
        'RELOAD/resumed': stay('resetting', null),
        CANCEL: to('signedOut'),
      },
    },
  },
});
