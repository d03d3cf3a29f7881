import type { AuthError } from '../../../core.js';

/** An error as the page tells it: a sentence for the person first, Cognito's (or the library's) own words after. */
export interface ReadableError {
  text: string;
  /** The exception's name and message, shown smaller, for the developer trying the demo. */
  name: string;
  detail: string;
}

/** The answers to challenges: a session-ending error after one of them ends the sign-in, not the password. */
const ANSWERS = new Set(['CONFIRM_SIGN_IN', 'SELECT_MFA_TYPE', 'VERIFY_TOTP_SETUP', 'SET_UP_EMAIL_MFA', 'COMPLETE_NEW_PASSWORD']);

/**
 * `origin` is the last event the page sent: the same exception means different things after different steps
 * (NotAuthorizedException is a wrong password at sign-in, but spent answers after a custom challenge).
 */
export function readableError(error: AuthError, origin: string | null): ReadableError {
  return { text: sentenceFor(error, origin), name: error.name, detail: error.message };
}

function sentenceFor(error: AuthError, origin: string | null): string {
  switch (error.name) {
    case 'WebAuthnCancelledError':
      return 'The passkey prompt was cancelled or timed out.';
    case 'WebAuthnError':
      return 'The browser could not use a passkey here.';
    case 'PasskeysNotConfiguredError':
      return 'This app has no passkey support set up.';
    case 'WebAuthnNotEnabledException':
      return 'Passkeys are not enabled for this user pool.';
    case 'NotAuthorizedException':
      if (origin === 'SEND_CUSTOM_CHALLENGE_ANSWER') return 'Your answers were not accepted, so this sign-in has ended. Sign in again for a new question.';
      if (origin && ANSWERS.has(origin)) return 'This sign-in attempt has ended. Sign in again to continue.';
      if (origin === 'SIGN_IN') return 'The username or password is not right.';
      // ChangePassword's wrong current password: the session goes on.
      if (origin === 'UPDATE_PASSWORD') return 'The current password is not right.';
      return 'Cognito did not accept that. Sign in again.';
    case 'UserNotFoundException':
      return 'There is no account with that username or email.';
    case 'CodeMismatchException':
      return 'That code is not right. Check it and try again.';
    case 'ExpiredCodeException':
      return 'That code has expired. Ask for a new one.';
    case 'EnableSoftwareTokenMFAException':
      return 'That code does not match the key being set up. Type the code the authenticator shows now.';
    case 'InvalidPasswordException':
      return 'Choose a stronger password.';
    case 'UsernameExistsException':
      return 'That username is taken. Pick another, or sign in.';
    case 'AliasExistsException':
      return 'Another account already uses that email or phone number.';
    case 'UserNotConfirmedException':
      return 'Confirm your account first, with the code we sent you.';
    case 'PasswordResetRequiredException':
      return 'This account needs a new password first: we sent a code to reset it.';
    case 'LimitExceededException':
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
      return 'Too many attempts. Wait a moment, then try again.';
    case 'NetworkError':
      return 'Cognito could not be reached. Check the connection and try again.';
    case 'SessionExpiredError':
      return 'This sign-in attempt took too long and has ended. Sign in again.';
    case 'UserAlreadyAuthenticatedException':
      return 'You are already signed in. Sign out first to sign in as someone else.';
    case 'InvalidStateException':
      return 'That cannot be done at this step.';
    case 'ValidationError':
      return 'Check what you typed.';
    default:
      // WebAuthnOriginNotAllowedException, WebAuthnRelyingPartyMismatchException, …
      if (error.name.startsWith('WebAuthn')) return 'Cognito did not accept the passkey.';
      return 'Something went wrong.';
  }
}
