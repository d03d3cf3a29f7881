import type { AuthServices } from '../machines/service-contracts.js';
import * as account from './account-services.js';
import { fetchUserDevices, forgetUserDevice, rememberThisDevice } from './device-account-services.js';
import { confirmForgotPassword, forgotPassword } from './password-reset-services.js';
import { ServiceKit, type AuthServicesOptions } from './service-kit.js';
import { refreshTokens, restoreSession, signOut } from './session-services.js';
import { associateTotp, respondToChallenge, signIn } from './sign-in-services.js';
import { confirmSignUp, resendSignUpCode, signUp } from './sign-up-services.js';

export type { AuthServicesOptions } from './service-kit.js';
export type { RefreshLock } from './session-services.js';
export type { AuthServices };

/** Every service the chart invokes, over one kit; methods on a prototype, so each actor's set is a few fields. */
class CognitoAuthServices implements AuthServices {
  readonly #kit: ServiceKit;

  constructor(options: AuthServicesOptions) {
    this.#kit = new ServiceKit(options);
  }

  restoreSession(input: void, signal: AbortSignal) {
    return restoreSession(this.#kit, input, signal);
  }
  signUp(input: Parameters<AuthServices['signUp']>[0], signal: AbortSignal) {
    return signUp(this.#kit, input, signal);
  }
  confirmSignUp(input: Parameters<AuthServices['confirmSignUp']>[0], signal: AbortSignal) {
    return confirmSignUp(this.#kit, input, signal);
  }
  resendSignUpCode(input: Parameters<AuthServices['resendSignUpCode']>[0], signal: AbortSignal) {
    return resendSignUpCode(this.#kit, input, signal);
  }
  signIn(input: Parameters<AuthServices['signIn']>[0], signal: AbortSignal) {
    return signIn(this.#kit, input, signal);
  }
  respondToChallenge(input: Parameters<AuthServices['respondToChallenge']>[0], signal: AbortSignal) {
    return respondToChallenge(this.#kit, input, signal);
  }
  associateTotp(input: Parameters<AuthServices['associateTotp']>[0], signal: AbortSignal) {
    return associateTotp(this.#kit, input, signal);
  }
  refreshTokens(input: Parameters<AuthServices['refreshTokens']>[0], signal: AbortSignal) {
    return refreshTokens(this.#kit, input, signal);
  }
  signOut(input: Parameters<AuthServices['signOut']>[0], signal: AbortSignal) {
    return signOut(this.#kit, input, signal);
  }
  forgotPassword(input: Parameters<AuthServices['forgotPassword']>[0], signal: AbortSignal) {
    return forgotPassword(this.#kit, input, signal);
  }
  confirmForgotPassword(input: Parameters<AuthServices['confirmForgotPassword']>[0], signal: AbortSignal) {
    return confirmForgotPassword(this.#kit, input, signal);
  }
  fetchUserAttributes(input: Parameters<AuthServices['fetchUserAttributes']>[0], signal: AbortSignal) {
    return account.fetchUserAttributes(this.#kit, input, signal);
  }
  updateUserAttributes(input: Parameters<AuthServices['updateUserAttributes']>[0], signal: AbortSignal) {
    return account.updateUserAttributes(this.#kit, input, signal);
  }
  confirmUserAttribute(input: Parameters<AuthServices['confirmUserAttribute']>[0], signal: AbortSignal) {
    return account.confirmUserAttribute(this.#kit, input, signal);
  }
  sendUserAttributeVerificationCode(input: Parameters<AuthServices['sendUserAttributeVerificationCode']>[0], signal: AbortSignal) {
    return account.sendUserAttributeVerificationCode(this.#kit, input, signal);
  }
  deleteUserAttributes(input: Parameters<AuthServices['deleteUserAttributes']>[0], signal: AbortSignal) {
    return account.deleteUserAttributes(this.#kit, input, signal);
  }
  updatePassword(input: Parameters<AuthServices['updatePassword']>[0], signal: AbortSignal) {
    return account.updatePassword(this.#kit, input, signal);
  }
  setUpTotp(input: Parameters<AuthServices['setUpTotp']>[0], signal: AbortSignal) {
    return account.setUpTotp(this.#kit, input, signal);
  }
  verifyTotpSetup(input: Parameters<AuthServices['verifyTotpSetup']>[0], signal: AbortSignal) {
    return account.verifyTotpSetup(this.#kit, input, signal);
  }
  updateMfaPreference(input: Parameters<AuthServices['updateMfaPreference']>[0], signal: AbortSignal) {
    return account.updateMfaPreference(this.#kit, input, signal);
  }
  fetchMfaPreference(input: Parameters<AuthServices['fetchMfaPreference']>[0], signal: AbortSignal) {
    return account.fetchMfaPreference(this.#kit, input, signal);
  }
  deleteUser(input: Parameters<AuthServices['deleteUser']>[0], signal: AbortSignal) {
    return account.deleteUser(this.#kit, input, signal);
  }
  rememberDevice(input: Parameters<AuthServices['rememberDevice']>[0], signal: AbortSignal) {
    return rememberThisDevice(this.#kit, input, signal);
  }
  forgetDevice(input: Parameters<AuthServices['forgetDevice']>[0], signal: AbortSignal) {
    return forgetUserDevice(this.#kit, input, signal);
  }
  fetchDevices(input: Parameters<AuthServices['fetchDevices']>[0], signal: AbortSignal) {
    return fetchUserDevices(this.#kit, input, signal);
  }
}

/** Every service the auth machine invokes, doing its Cognito calls through a Transport. */
export function createAuthServices(options: AuthServicesOptions): AuthServices {
  return new CognitoAuthServices(options);
}
