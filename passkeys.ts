/**
 * cognito-auth-machine/passkeys: sign-in with a passkey (USER_AUTH's WEB_AUTHN) and passkey management while
 * signed in: `createAuth(config, { passkeys: passkeys({ adapter: browserWebAuthn() }) })`.
 * An app that does not import it does not ship it.
 */
export { passkeys, type Passkeys, type PasskeysOptions } from './runtime/passkeys.js';
export { browserWebAuthn, type BrowserCredentials } from './adapters/browser-webauthn.js';
export type { WebAuthnAdapter } from './services/webauthn-adapter.js';
export type { Passkey } from './machines/passkey-contracts.js';
