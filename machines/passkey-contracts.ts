import type { AccountRequestBase } from './account-contracts.js';
import type { Secret } from './secret.js';

/**
 * One of the user's passkeys as FETCH_PASSKEYS lists it: Amplify v6's listWebAuthnCredentials shape, with its date
 * in ms since the epoch so that the context stays plain data. The credential ID identifies it; it is not a secret.
 */
export interface Passkey {
  credentialId: string;
  friendlyCredentialName?: string;
  relyingPartyId?: string;
  authenticatorAttachment?: string;
  authenticatorTransports?: string[];
  createdAt?: number;
}

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
