import type { AuthFlow } from './auth-flow.js';
import type { AuthStepResult, AuthTokens, AuthUser, CodeDelivery, MfaType, PendingChallenge } from './auth-types.js';
import type { ChallengeAnswer } from './challenges.js';
import type { Secret } from './secret.js';
import type { AccountServices } from './account-contracts.js';

/*
 * What each invoked actor takes and gives back. The machine names the actors; `createAuth` provides the
 * implementations (services/); an app may give its own, say scripted ones in its tests. Secrets travel as `Secret` so that an actor's
 * input, which inspectors and snapshots see, never shows them.
 */

export interface SignUpRequest {
  username: string;
  password: Secret;
  attributes: Record<string, string>;
  clientMetadata?: Record<string, string>;
  validationData?: Record<string, string>;
}
export interface SignUpResult {
  userConfirmed: boolean;
  userSub: string;
  codeDelivery?: CodeDelivery;
}

export interface ConfirmSignUpRequest {
  username: string;
  code: Secret;
  forceAliasCreation: boolean;
  clientMetadata?: Record<string, string>;
}

export interface ResendSignUpCodeRequest {
  username: string;
  clientMetadata?: Record<string, string>;
}
export interface CodeDeliveryResult {
  codeDelivery?: CodeDelivery;
}

export interface SignInRequest {
  username: string;
  password?: Secret;
  authFlow: AuthFlow;
  clientMetadata?: Record<string, string>;
}

export type { ChallengeAnswer };

export interface ChallengeAnswerRequest {
  challenge: PendingChallenge;
  answer: ChallengeAnswer;
}

export interface TotpAssociation {
  secretCode: Secret;
  session: string;
}


export interface SignedInSession {
  user: AuthUser;
  tokens: AuthTokens;
}

export interface SignOutRequest {
  tokens: AuthTokens;
  global: boolean;
}

export interface ForgotPasswordRequest {
  username: string;
  clientMetadata?: Record<string, string>;
}

export interface ConfirmForgotPasswordRequest {
  username: string;
  code: Secret;
  newPassword: Secret;
  clientMetadata?: Record<string, string>;
}

export type { AuthStepResult };

/**
 * The Cognito work the chart asks for, one function per invoked service. `signal` aborts when the chart has
 * moved on, so that work it no longer waits for does not touch storage.
 */
export interface AuthServices extends AccountServices {
  restoreSession(input: void, signal: AbortSignal): Promise<SignedInSession | null>;
  signUp(input: SignUpRequest, signal: AbortSignal): Promise<SignUpResult>;
  confirmSignUp(input: ConfirmSignUpRequest, signal: AbortSignal): Promise<void>;
  resendSignUpCode(input: ResendSignUpCodeRequest, signal: AbortSignal): Promise<CodeDeliveryResult>;
  signIn(input: SignInRequest, signal: AbortSignal): Promise<AuthStepResult>;
  respondToChallenge(input: ChallengeAnswerRequest, signal: AbortSignal): Promise<AuthStepResult>;
  associateTotp(input: { challenge: PendingChallenge }, signal: AbortSignal): Promise<TotpAssociation>;
  refreshTokens(input: SignedInSession, signal: AbortSignal): Promise<SignedInSession>;
  signOut(input: SignOutRequest, signal: AbortSignal): Promise<void>;
  forgotPassword(input: ForgotPasswordRequest, signal: AbortSignal): Promise<CodeDeliveryResult>;
  confirmForgotPassword(input: ConfirmForgotPasswordRequest, signal: AbortSignal): Promise<void>;
}
