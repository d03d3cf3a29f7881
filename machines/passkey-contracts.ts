import type { AccountRequestBase } from './account-contracts.js';
import type { Passkey } from './account-types.js';

export type { Passkey } from './account-types.js';
import type { Secret } from './secret.js';


export interface DeletePasskeyRequest extends AccountRequestBase {
  credentialId: string;
}

/** The WEB_AUTHN challenge's options, as Cognito sent them (CREDENTIAL_REQUEST_OPTIONS). */
export interface PasskeyCeremonyRequest {
  requestOptions: string;
}

/**
 * What `passkeys()` (cognito-auth-machine/passkeys) gives the chart: the sign-in ceremony and the passkey actions
 * a signed-in user runs (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html#amazon-cognito-user-pools-authentication-flow-methods-passkey).
 */
export interface PasskeyServices {
  /** The assertion for the WEB_AUTHN challenge, as JSON: a one-time proof, kept wrapped until it is sent. */
  passkeyAssertion(input: PasskeyCeremonyRequest, signal: AbortSignal): Promise<Secret>;
  /** StartWebAuthnRegistration, the authenticator's new credential, then CompleteWebAuthnRegistration. */
  registerPasskey(input: AccountRequestBase, signal: AbortSignal): Promise<void>;
  /** ListWebAuthnCredentials, every page. */
  fetchPasskeys(input: AccountRequestBase, signal: AbortSignal): Promise<Passkey[]>;
  deletePasskey(input: DeletePasskeyRequest, signal: AbortSignal): Promise<void>;
}

export type PasskeyServiceName = keyof PasskeyServices;
