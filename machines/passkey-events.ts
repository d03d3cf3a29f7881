import type { Secret } from './secret.js';

/**
 * The assertion of the WEB_AUTHN ceremony, sent by the chart to itself to answer the challenge as every other answer
 * is sent: never by the app. The credential is a one-time proof: it stays wrapped, and serialises as "[redacted]".
 */
export interface WebAuthnCredentialEvent {
  type: 'WEB_AUTHN_CREDENTIAL';
  credential: Secret;
}
