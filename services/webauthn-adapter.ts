/**
 * What passkeys need of the platform: the WebAuthn ceremonies, JSON in and JSON out. In a browser,
 * `browserWebAuthn()` (cognito-auth-machine/passkeys) runs them with `navigator.credentials`; a native app gives
 * its own platform's passkey API.
 *
 * A ceremony the user cancels (or that times out) rejects with a DOMException named `NotAllowedError`, as
 * browsers do: https://www.w3.org/TR/webauthn-3/#sctn-getAssertion
 */
export interface WebAuthnAdapter {
  /**
   * Signs in with a passkey: `requestOptionsJson` is Cognito's CREDENTIAL_REQUEST_OPTIONS
   * (PublicKeyCredentialRequestOptionsJSON); resolves with the assertion as JSON (AuthenticationResponseJSON).
   */
  get(requestOptionsJson: string): Promise<string>;
  /**
   * Creates a passkey: `creationOptionsJson` is StartWebAuthnRegistration's CredentialCreationOptions
   * (PublicKeyCredentialCreationOptionsJSON); resolves with the new credential as JSON (RegistrationResponseJSON).
   */
  create(creationOptionsJson: string): Promise<string>;
}
