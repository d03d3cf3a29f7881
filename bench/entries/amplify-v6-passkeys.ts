/**
 * aws-amplify v6 with passkey management added to the passwordless entry: registration, listing and deletion.
 * Passkey sign-in needs nothing more (it is `signIn` with `preferredChallenge: 'WEB_AUTHN'`), so this less
 * amplify-v6-passwordless.ts is what passkeys cost an Amplify app.
 */
export * from './amplify-v6-passwordless.js';
export { associateWebAuthnCredential, listWebAuthnCredentials, deleteWebAuthnCredential } from 'aws-amplify/auth';
