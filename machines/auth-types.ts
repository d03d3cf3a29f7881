import type { AuthError } from './auth-error.js';
import type { Secret } from './secret.js';
import type { AuthFlow } from './auth-flow.js';
import type { CodeDelivery, UserAttributeValue } from './attribute-types.js';
import type { AccountEmitted, MfaPreference, PendingAccountAction, TotpSetup, UserDevice } from './account-types.js';
import type { Passkey } from './account-types.js';

export type { CodeDelivery, UserAttributeValue } from './attribute-types.js';


export interface AuthUser {
  /** Cognito's internal username (`cognito:username`); a UUID in pools that sign in with email or phone. */
  username: string;
  /** The immutable user id (`sub`). */
  userSub: string;
  /** The user's attributes decoded from the ID token, `custom:` ones included. */
  attributes: Record<string, UserAttributeValue>;
}

export interface AuthTokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** When the access token stops being valid, in ms since the epoch, on the server's clock. */
  expiresAt: number;
  /** When the access token was issued (its `iat`), in ms since the epoch, on the server's clock. */
  issuedAt: number;
  /** Server clock minus this device's clock at the time the tokens arrived, in ms. */
  clockDrift: number;
}


export type { ChallengeName, ChallengeStateName } from './challenges.js';
import type { ChallengeName } from './challenges.js';

export type MfaType = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

export interface PendingChallenge {
  name: ChallengeName;
  /** Cognito's session for the answer: single use, dies with the challenge. */
  session: string;
  /** The username every answer must carry (Cognito's USERNAME / USER_ID_FOR_SRP, not always what was typed). */
  username: string;
  /** Challenge parameters as Cognito sent them (public ones only; custom challenges put their question here). */
  parameters: Record<string, string>;
  codeDelivery?: CodeDelivery;
  /** NEW_PASSWORD_REQUIRED: attribute names (without the `userAttributes.` prefix) the user must supply. */
  requiredAttributes?: string[];
  /** SELECT_MFA_TYPE / MFA_SETUP: the factors offered. */
  mfaTypes?: string[];
  /** SELECT_CHALLENGE (USER_AUTH): the first factors Cognito offers this user, from the answer's AvailableChallenges. */
  availableChallenges?: string[];
  /** MFA_SETUP: the factor the user chose to set up (SELECT_MFA_TYPE), when Cognito offered both TOTP and email. */
  mfaSetupChoice?: 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';
  /** MFA_SETUP: the TOTP secret to show as a QR code, once AssociateSoftwareToken has answered. */
  totpSecret?: Secret;
  /** When Cognito's session for this challenge ends, in ms since the epoch (this device's clock). */
  expiresAt: number;
}

/** What an authentication step (InitiateAuth or an answer to a challenge) ends in. */
export type AuthStepResult =
  | { type: 'signedIn'; user: AuthUser; tokens: AuthTokens; deviceNotRemembered?: AuthError }
  | { type: 'challenge'; challenge: PendingChallenge };

export interface PendingSignUp {
  username: string;
  userSub?: string;
  codeDelivery?: CodeDelivery;
  autoSignIn: boolean;
  /**
   * Kept only in memory and only until auto sign-in ends; serialises as "[redacted]". Never held for a sign-up
   * without a password, and dropped as soon as ConfirmSignUp answers with a session.
   */
  password?: Secret;
  /** ConfirmSignUp's session, which auto sign-in spends on InitiateAuth USER_AUTH; only in memory, only while it runs. */
  session?: Secret;
  clientMetadata?: Record<string, string>;
}

export interface PendingPasswordReset {
  username: string;
  codeDelivery?: CodeDelivery;
}

export interface AuthContext {
  /** The flow SIGN_IN uses when the event names none (from the config). */
  authFlow: AuthFlow;
  user: AuthUser | null;
  tokens: AuthTokens | null;
  challenge: PendingChallenge | null;
  /** The username of the sign-in in progress, kept so that "not confirmed" or "reset required" can continue. */
  signInUsername: string | null;
  signUp: PendingSignUp | null;
  passwordReset: PendingPasswordReset | null;
  /** The last error, cleared when the next accepted event starts work. */
  error: AuthError | null;
  /** Consecutive refresh failures that left the session in place (network, throttling): drives the backoff. */
  refreshFailures: number;
  /**
   * When the next refresh is further ahead than a timer can wait (about 24.8 days): the time, on this device's
   * clock, it is due at. The timer waits as long as it can and is armed again until then. Otherwise null.
   */
  refreshDeferredUntil: number | null;
  /** A TOTP setup begun with SET_UP_TOTP while signed in, until VERIFY_TOTP_SETUP succeeds. */
  totpSetup: TotpSetup | null;
  /** The MFA factors Cognito holds for the user, as FETCH_MFA_PREFERENCE last read them. */
  mfaPreference: MfaPreference | null;
  /** The user's devices, as FETCH_DEVICES last listed them (null after REMEMBER_DEVICE or FORGET_DEVICE). */
  devices: UserDevice[] | null;
  /** The user's passkeys, as FETCH_PASSKEYS last listed them (null after REGISTER_PASSKEY or DELETE_PASSKEY). */
  passkeys: Passkey[] | null;
  /** The account action running (or waiting for a refresh to run), with its request; secrets stay wrapped. */
  accountAction: PendingAccountAction | null;
}

/** Events the machine emits, named as Amplify's Hub named them, so a migration renames listeners only. */
export type AuthEmitted =
  | { type: 'signUp'; user: { username: string; userSub?: string }; userConfirmed: boolean; codeDelivery?: CodeDelivery }
  | { type: 'signUp_failure'; error: AuthError }
  | { type: 'confirmSignUp'; username: string }
  | { type: 'confirmSignUp_failure'; error: AuthError }
  | { type: 'autoSignIn'; user: AuthUser }
  | { type: 'autoSignIn_failure'; error: AuthError }
  /** `deviceNotRemembered`: Cognito issued a device but confirming it failed, so the next sign-in is as on a new device. */
  | { type: 'signIn'; user: AuthUser; deviceNotRemembered?: AuthError }
  | { type: 'signIn_failure'; error: AuthError }
  | { type: 'signInWithRedirect'; user: AuthUser }
  | { type: 'signInWithRedirect_failure'; error: AuthError }
  | { type: 'customOAuthState'; state: string }
  | { type: 'signOut'; global: boolean }
  | { type: 'tokenRefresh'; user: AuthUser }
  | { type: 'tokenRefresh_failure'; error: AuthError }
  | { type: 'confirmSignIn_failure'; error: AuthError }
  | { type: 'completeNewPassword_failure'; error: AuthError }
  | { type: 'forgotPassword'; username: string; codeDelivery?: CodeDelivery }
  | { type: 'forgotPassword_failure'; error: AuthError }
  | { type: 'forgotPasswordSubmit'; username: string }
  | { type: 'forgotPasswordSubmit_failure'; error: AuthError }
  | AccountEmitted;

export type AuthEmittedType = AuthEmitted['type'];
