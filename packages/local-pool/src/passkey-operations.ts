import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { fail } from './local-cognito-error.js';
import { clientOrigin, originAllowed, relyingPartyOf } from './passkey-sign-in.js';
import { page } from './pagination.js';
import type { PasskeyRecord } from './pool-records.js';
import type { ServiceState } from './service-state.js';
import { userOfAccessToken } from './token-issuer.js';

type Input = Record<string, unknown>;

/** How long a StartWebAuthnRegistration challenge waits for its CompleteWebAuthnRegistration. */
const REGISTRATION_LIFETIME_MS = 5 * 60_000;
/** The browser prompt's timeout in the creation options, as Cognito sends it. */
const CREATION_TIMEOUT_MS = 60_000;
/** Passkeys one user may register. */
export const MAX_PASSKEYS = 20;
/** ES256 and RS256, the algorithms Cognito's creation options list. */
const ALGORITHMS = [-7, -257];

/**
 * StartWebAuthnRegistration (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StartWebAuthnRegistration.html):
 * creation options for a new passkey of the signed-in user, as a JSON object, with the pool's relying party and the
 * user's passkeys excluded. A later Start replaces the pending challenge.
 */
export async function startWebAuthnRegistration(state: ServiceState, input: Input): Promise<Input> {
  const { pool, user, record } = userOfAccessToken(state, String(input.AccessToken));
  const rp = relyingPartyOf(pool);
  const passkeys = user.passkeys ?? [];
  if (passkeys.length >= MAX_PASSKEYS) fail('LimitExceededException', `A user can register at most ${MAX_PASSKEYS} passkeys.`);
  const options = await generateRegistrationOptions({
    rpName: pool.name,
    rpID: rp.id,
    userName: user.username,
    userID: new Uint8Array(Buffer.from(user.sub, 'utf8')),
    userDisplayName: '',
    timeout: CREATION_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: passkeys.map((passkey) => ({ id: passkey.credentialId })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: rp.userVerification },
    supportedAlgorithmIDs: ALGORITHMS,
  });
  user.passkeyRegistration = { challenge: options.challenge, clientId: record.clientId, expiresAt: state.clock.now() + REGISTRATION_LIFETIME_MS };
  return { CredentialCreationOptions: options };
}

function registrationResponse(value: unknown): RegistrationResponseJSON {
  const credential = value as Partial<RegistrationResponseJSON> | null;
  if (
    typeof credential !== 'object' || credential === null || typeof credential.id !== 'string' || typeof credential.rawId !== 'string' ||
    typeof credential.response?.clientDataJSON !== 'string' || typeof credential.response.attestationObject !== 'string'
  ) {
    fail('InvalidParameterException', 'Credential must be a WebAuthn registration response (id, rawId, response.clientDataJSON, response.attestationObject).');
  }
  return credential as RegistrationResponseJSON;
}

/**
 * CompleteWebAuthnRegistration (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CompleteWebAuthnRegistration.html):
 * the pending challenge is spent first, in the same step as it is found; then the attestation is verified with
 * @simplewebauthn/server against that challenge, the relying party and an allowed origin (see `originAllowed`).
 */
export async function completeWebAuthnRegistration(state: ServiceState, input: Input): Promise<Input> {
  const { pool, user, record } = userOfAccessToken(state, String(input.AccessToken));
  const rp = relyingPartyOf(pool);
  const response = registrationResponse(input.Credential);
  const pending = user.passkeyRegistration;
  if (!pending || state.clock.now() > pending.expiresAt) {
    delete user.passkeyRegistration;
    fail('WebAuthnChallengeNotFoundException', 'No passkey registration is waiting for this user; call StartWebAuthnRegistration again.');
  }
  if (pending.clientId !== record.clientId) fail('WebAuthnClientMismatchException', 'The passkey registration was started from another app client.');
  delete user.passkeyRegistration;
  const origin = clientOrigin(response.response.clientDataJSON);
  if (!originAllowed(rp.id, origin)) fail('WebAuthnOriginNotAllowedException', `The origin ${origin || '(none)'} is not allowed for relying party ${rp.id}.`);
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: origin,
      expectedRPID: rp.id,
      requireUserVerification: rp.userVerification === 'required',
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/RP ID/i.test(message)) fail('WebAuthnRelyingPartyMismatchException', `The passkey is not for relying party ${rp.id}.`);
    if (/challenge/i.test(message)) fail('WebAuthnChallengeNotFoundException', 'The passkey answers another registration challenge.');
    fail('WebAuthnCredentialNotSupportedException', `The passkey could not be verified: ${message}`);
  }
  if (!verified.verified) fail('WebAuthnCredentialNotSupportedException', 'The passkey could not be verified.');
  const credential = verified.registrationInfo.credential;
  const passkeys = (user.passkeys ??= []);
  if ([...pool.users.values()].some((other) => other.passkeys?.some((passkey) => passkey.credentialId === credential.id))) {
    fail('InvalidParameterException', 'This passkey is already registered.');
  }
  if (passkeys.length >= MAX_PASSKEYS) fail('LimitExceededException', `A user can register at most ${MAX_PASSKEYS} passkeys.`);
  const createdAt = state.clock.now();
  passkeys.push({
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    relyingPartyId: rp.id,
    friendlyName: `Passkey ${new Date(createdAt).toISOString().slice(0, 10)}`,
    transports: response.response.transports ?? [],
    ...(response.authenticatorAttachment ? { attachment: response.authenticatorAttachment } : {}),
    createdAt,
  });
  user.modifiedAt = createdAt;
  return {};
}

function described(passkey: PasskeyRecord): Input {
  return {
    CredentialId: passkey.credentialId,
    FriendlyCredentialName: passkey.friendlyName,
    RelyingPartyId: passkey.relyingPartyId,
    ...(passkey.attachment ? { AuthenticatorAttachment: passkey.attachment } : {}),
    AuthenticatorTransports: passkey.transports,
    CreatedAt: passkey.createdAt / 1000,
  };
}

/** ListWebAuthnCredentials (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListWebAuthnCredentials.html). */
export function listWebAuthnCredentials(state: ServiceState, input: Input): Input {
  const { user } = userOfAccessToken(state, String(input.AccessToken));
  const limit = typeof input.MaxResults === 'number' && input.MaxResults > 0 ? input.MaxResults : MAX_PASSKEYS;
  const listed = page(user.passkeys ?? [], (passkey) => `${String(passkey.createdAt).padStart(15, '0')}:${passkey.credentialId}`, limit, input.NextToken);
  return { Credentials: listed.items.map(described), ...(listed.next ? { NextToken: listed.next } : {}) };
}

/** DeleteWebAuthnCredential (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteWebAuthnCredential.html). */
export function deleteWebAuthnCredential(state: ServiceState, input: Input): Input {
  const { user } = userOfAccessToken(state, String(input.AccessToken));
  const index = user.passkeys?.findIndex((passkey) => passkey.credentialId === input.CredentialId) ?? -1;
  if (index < 0) fail('ResourceNotFoundException', 'The credential was not found.');
  user.passkeys!.splice(index, 1);
  user.modifiedAt = state.clock.now();
  return {};
}
