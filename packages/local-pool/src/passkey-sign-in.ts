import { randomBytes } from 'node:crypto';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON, type AuthenticatorTransportFuture } from '@simplewebauthn/server';
import { fail } from './local-cognito-error.js';
import { allowedFirstFactors } from './passwordless-settings.js';
import type { PoolRecord, UserRecord } from './pool-records.js';

/** How long a browser may take over the passkey prompt at sign-in, as Cognito's request options say. */
const REQUEST_TIMEOUT_MS = 180_000;

/**
 * The relying party of the pool's passkeys: WebAuthnConfiguration.RelyingPartyId, else the pool's custom domain
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html).
 */
export function relyingPartyOf(pool: PoolRecord): { id: string; userVerification: 'required' | 'preferred' } {
  if (!pool.webAuthn || !allowedFirstFactors(pool).includes('WEB_AUTHN')) {
    fail('WebAuthnNotEnabledException', 'Passkeys are not enabled for this user pool.');
  }
  const id = pool.webAuthn.relyingPartyId ?? (pool.domain?.certificateArn ? pool.domain.domain : undefined);
  if (!id) fail('WebAuthnConfigurationMissingException', 'The user pool has no WebAuthn relying party ID.');
  return { id, userVerification: pool.webAuthn.userVerification };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Origins a passkey ceremony may come from: the relying party's host or a subdomain of it, over https; for
 * development, http on a loopback host (localhost, 127.0.0.1, [::1]) whose name is the relying party.
 */
export function originAllowed(rpId: string, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.hostname;
  const matches = host === rpId || host.endsWith(`.${rpId}`);
  if (url.protocol === 'https:') return matches;
  return url.protocol === 'http:' && LOOPBACK.has(host) && matches;
}

/** The origin named in a credential's clientDataJSON, to check before handing it to the verifier. */
export function clientOrigin(clientDataJSON: unknown): string {
  if (typeof clientDataJSON !== 'string') return '';
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { origin?: unknown };
    return typeof data.origin === 'string' ? data.origin : '';
  } catch {
    return '';
  }
}

export function newChallenge(): string {
  return randomBytes(32).toString('base64url');
}

/** CREDENTIAL_REQUEST_OPTIONS of a WEB_AUTHN challenge: the user's passkeys and a fresh challenge. */
export function passkeyRequestOptions(pool: PoolRecord, user: UserRecord): Record<string, unknown> & { challenge: string } {
  const rp = relyingPartyOf(pool);
  return {
    challenge: newChallenge(),
    timeout: REQUEST_TIMEOUT_MS,
    rpId: rp.id,
    allowCredentials: (user.passkeys ?? []).map((passkey) => ({ id: passkey.credentialId, type: 'public-key', ...(passkey.transports.length ? { transports: passkey.transports } : {}) })),
    userVerification: rp.userVerification,
  };
}

function refused(): never {
  fail('NotAuthorizedException', 'Incorrect username or password.');
}

/**
 * Checks a WEB_AUTHN answer (the AuthenticationResponseJSON as a string) against the user's stored passkey with
 * @simplewebauthn/server, and keeps the authenticator's new signature counter.
 */
export async function verifyPasskeyAssertion(pool: PoolRecord, user: UserRecord, credential: string, expectedChallenge: string): Promise<void> {
  let response: AuthenticationResponseJSON;
  try {
    response = JSON.parse(credential) as AuthenticationResponseJSON;
  } catch {
    fail('InvalidParameterException', 'CREDENTIAL must be the JSON of a WebAuthn authentication response.');
  }
  if (typeof response !== 'object' || response === null || typeof response.id !== 'string' || typeof response.response !== 'object') {
    fail('InvalidParameterException', 'CREDENTIAL must be the JSON of a WebAuthn authentication response.');
  }
  const rp = relyingPartyOf(pool);
  const passkey = user.passkeys?.find((stored) => stored.credentialId === response.id);
  if (!passkey) refused();
  const origin = clientOrigin(response.response.clientDataJSON);
  if (!originAllowed(rp.id, origin)) refused();
  let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
      requireUserVerification: rp.userVerification === 'required',
    });
  } catch {
    refused();
  }
  if (!result.verified) refused();
  // Checked again after the await: of two answers carrying the same counter (a cloned authenticator), one wins.
  const counter = result.authenticationInfo.newCounter;
  if (counter !== 0 && counter <= passkey.counter) refused();
  passkey.counter = counter;
}
