import { AuthError } from '../machines/auth-error.js';
import type { AccountRequestBase } from '../machines/account-contracts.js';
import type { DeletePasskeyRequest, Passkey, PasskeyCeremonyRequest, PasskeyServices } from '../machines/passkey-contracts.js';
import { Secret } from '../machines/secret.js';
import { accountCall } from './account-services.js';
import type { WebAuthnCredentialDescription } from './cognito-api.js';
import type { ServiceKit } from './service-kit.js';
import type { WebAuthnAdapter } from './webauthn-adapter.js';

/*
 * Passkeys (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html):
 * the ceremony that answers WEB_AUTHN, and registering, listing and deleting passkeys while signed in, each
 * authorised by the access token as the other account requests are.
 */

/**
 * A ceremony that did not give a credential. The user cancelled it, or it timed out (NotAllowedError, which
 * browsers also use for both): WebAuthnCancelledError. Anything else: WebAuthnError, with the cause.
 */
export function ceremonyError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return new AuthError('WebAuthnCancelledError', 'The passkey ceremony was cancelled or timed out', { cause: error });
  }
  const detail = error instanceof Error ? `: ${error.message}` : '';
  return new AuthError('WebAuthnError', `The passkey ceremony failed${detail}`, { cause: error });
}

async function ceremony(run: () => Promise<string>): Promise<string> {
  let json: string;
  try {
    json = await run();
  } catch (error) {
    throw ceremonyError(error);
  }
  if (typeof json !== 'string' || !json.startsWith('{')) {
    throw new AuthError('WebAuthnError', 'The passkey ceremony gave no credential JSON');
  }
  return json;
}

function passkeyOf(credential: WebAuthnCredentialDescription): Passkey {
  const created = credential.CreatedAt;
  return {
    credentialId: credential.CredentialId ?? '',
    ...(credential.FriendlyCredentialName !== undefined ? { friendlyCredentialName: credential.FriendlyCredentialName } : {}),
    ...(credential.RelyingPartyId !== undefined ? { relyingPartyId: credential.RelyingPartyId } : {}),
    ...(credential.AuthenticatorAttachment !== undefined ? { authenticatorAttachment: credential.AuthenticatorAttachment } : {}),
    ...(credential.AuthenticatorTransports !== undefined ? { authenticatorTransports: [...credential.AuthenticatorTransports] } : {}),
    ...(created !== undefined ? { createdAt: created instanceof Date ? created.getTime() : created * 1000 } : {}),
  };
}

/** The largest page ListWebAuthnCredentials gives. */
const PAGE_SIZE = 20;

export function createPasskeyServices(kit: ServiceKit, adapter: WebAuthnAdapter): PasskeyServices {
  return {
    async passkeyAssertion(input: PasskeyCeremonyRequest) {
      if (!input.requestOptions) throw new AuthError('WebAuthnError', 'Cognito sent no CREDENTIAL_REQUEST_OPTIONS for WEB_AUTHN');
      return new Secret(await ceremony(() => adapter.get(input.requestOptions)));
    },
    async registerPasskey(input: AccountRequestBase, signal: AbortSignal) {
      const accessToken = input.tokens.accessToken;
      const started = await accountCall(kit, 'StartWebAuthnRegistration', { AccessToken: accessToken }, signal);
      if (!started.CredentialCreationOptions) throw new AuthError('InvalidResponseError', 'StartWebAuthnRegistration gave no CredentialCreationOptions');
      const json = await ceremony(() => adapter.create(JSON.stringify(started.CredentialCreationOptions)));
      kit.ensureCurrent(signal);
      await accountCall(kit, 'CompleteWebAuthnRegistration', { AccessToken: accessToken, Credential: JSON.parse(json) as Record<string, unknown> }, signal);
    },
    async fetchPasskeys(input: AccountRequestBase, signal: AbortSignal) {
      const passkeys: Passkey[] = [];
      let nextToken: string | undefined;
      do {
        const output = await accountCall(
          kit,
          'ListWebAuthnCredentials',
          { AccessToken: input.tokens.accessToken, MaxResults: PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) },
          signal,
        );
        passkeys.push(...(output.Credentials ?? []).map(passkeyOf));
        nextToken = output.NextToken;
      } while (nextToken);
      return passkeys;
    },
    async deletePasskey(input: DeletePasskeyRequest, signal: AbortSignal) {
      await accountCall(kit, 'DeleteWebAuthnCredential', { AccessToken: input.tokens.accessToken, CredentialId: input.credentialId }, signal);
    },
  };
}
