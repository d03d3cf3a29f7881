import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  DeleteWebAuthnCredentialCommand,
  GetUserAuthFactorsCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCognito } from '../src/local-cognito-server.js';
import { expectError } from './helpers.js';
import { PASSWORD, sdkClientFor, startHarness, type Harness } from './sdk-harness.js';
import { SoftwareAuthenticator } from './software-authenticator.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const ORIGIN = 'http://localhost:5173';
const FLOWS = ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

async function passkeyPool(userVerification: 'required' | 'preferred' = 'required') {
  const ids = await h.pool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } }, { ExplicitAuthFlows: [...FLOWS] });
  await h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: ids.userPoolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: userVerification } }));
  return ids;
}

async function accessTokenOf(clientId: string, username: string): Promise<string> {
  const out = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD } }));
  return out.AuthenticationResult!.AccessToken!;
}

async function register(AccessToken: string, authenticator: SoftwareAuthenticator, origin = ORIGIN, options: { userVerified?: boolean; rpId?: string } = {}) {
  const started = await h.sdk.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
  const credential = authenticator.create(started.CredentialCreationOptions as Record<string, any>, origin, options);
  return { started, complete: () => h.sdk.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: credential as never })) };
}

async function passkeySignIn(clientId: string, username: string, authenticator: SoftwareAuthenticator, origin = ORIGIN) {
  const challenge = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN' } }));
  expect(challenge.ChallengeName).toBe('WEB_AUTHN');
  const options = JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!);
  const credential = JSON.stringify(authenticator.get(options, origin));
  const answer = (Session = challenge.Session) =>
    h.sdk.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session, ChallengeResponses: { USERNAME: username, CREDENTIAL: credential } }));
  return { challenge, options, answer };
}

describe('passkeys', () => {
  it('registers a real passkey, lists it, signs in with it (counter kept), and deletes it', async () => {
    const { userPoolId, clientId } = await passkeyPool();
    await h.user(userPoolId, 'kai');
    const AccessToken = await accessTokenOf(clientId, 'kai');
    const authenticator = new SoftwareAuthenticator();
    const { started, complete } = await register(AccessToken, authenticator);
    expect(started.CredentialCreationOptions).toMatchObject({
      rp: { id: 'localhost' },
      user: { name: 'kai' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
      authenticatorSelection: { requireResidentKey: true, residentKey: 'required', userVerification: 'required' },
    });
    expect(await complete()).toMatchObject({});
    await expectError(complete(), 'WebAuthnChallengeNotFoundException');

    const listed = await h.sdk.send(new ListWebAuthnCredentialsCommand({ AccessToken }));
    expect(listed.Credentials).toHaveLength(1);
    expect(listed.Credentials![0]).toMatchObject({
      CredentialId: authenticator.passkeys[0]!.id, RelyingPartyId: 'localhost', AuthenticatorAttachment: 'platform', AuthenticatorTransports: ['internal'],
    });

    const select = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'kai' } }));
    expect(select.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN']);

    const first = await passkeySignIn(clientId, 'kai', authenticator);
    expect(first.options).toMatchObject({ rpId: 'localhost', userVerification: 'required', allowCredentials: [{ id: authenticator.passkeys[0]!.id, type: 'public-key' }] });
    expect((await first.answer()).AuthenticationResult!.AccessToken).toBeTruthy();
    await expectError(first.answer(), 'NotAuthorizedException', /only be used once/);
    // The same signed answer replayed on a new session fails: its challenge is the old one.
    const fresh = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'kai', PREFERRED_CHALLENGE: 'WEB_AUTHN' } }));
    await expectError(first.answer(fresh.Session), 'NotAuthorizedException');

    const second = await passkeySignIn(clientId, 'kai', authenticator);
    expect((await second.answer()).AuthenticationResult!.AccessToken).toBeTruthy();
    // A cloned authenticator shows a counter at or below the stored one: refused.
    authenticator.passkeys[0]!.counter = 0;
    const cloned = await passkeySignIn(clientId, 'kai', authenticator);
    await expectError(cloned.answer(), 'NotAuthorizedException');

    // Two answers with the same counter sent at once (a cloned authenticator): one signs in.
    authenticator.passkeys[0]!.counter = 2;
    const a = await passkeySignIn(clientId, 'kai', authenticator);
    authenticator.passkeys[0]!.counter = 2;
    const b = await passkeySignIn(clientId, 'kai', authenticator);
    const raced = await Promise.allSettled([a.answer(), b.answer()]);
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);

    await expectError(h.sdk.send(new DeleteWebAuthnCredentialCommand({ AccessToken, CredentialId: 'unknown' })), 'ResourceNotFoundException');
    await h.sdk.send(new DeleteWebAuthnCredentialCommand({ AccessToken, CredentialId: authenticator.passkeys[0]!.id }));
    expect((await h.sdk.send(new ListWebAuthnCredentialsCommand({ AccessToken }))).Credentials).toEqual([]);
    const after = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'kai' } }));
    expect(after.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
  });

  it('SELECT_CHALLENGE answered WEB_AUTHN gives the request options; https subdomain origins are allowed', async () => {
    const { userPoolId, clientId } = await h.pool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } }, { ExplicitAuthFlows: [...FLOWS] });
    await h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, WebAuthnConfiguration: { RelyingPartyId: 'example.com' } }));
    await h.user(userPoolId, 'sub');
    const AccessToken = await accessTokenOf(clientId, 'sub');
    const authenticator = new SoftwareAuthenticator();
    await (await register(AccessToken, authenticator, 'https://app.example.com', { userVerified: false })).complete();
    const select = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'sub' } }));
    const challenge = await h.sdk.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'SELECT_CHALLENGE', Session: select.Session, ChallengeResponses: { USERNAME: 'sub', ANSWER: 'WEB_AUTHN' },
    }));
    expect(challenge.ChallengeName).toBe('WEB_AUTHN');
    const options = JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!);
    expect(options.userVerification).toBe('preferred');
    const credential = JSON.stringify(authenticator.get(options, 'https://app.example.com'));
    const out = await h.sdk.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session: challenge.Session, ChallengeResponses: { USERNAME: 'sub', CREDENTIAL: credential },
    }));
    expect(out.AuthenticationResult!.AccessToken).toBeTruthy();
  });

  it('refusals: passkeys not enabled, origin not allowed, another relying party, no user verification, another client', async () => {
    const plain = await h.pool({}, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
    await h.user(plain.userPoolId, 'none');
    const plainToken = (await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: plain.clientId, AuthParameters: { USERNAME: 'none', PASSWORD } }))).AuthenticationResult!.AccessToken!;
    await expectError(h.sdk.send(new StartWebAuthnRegistrationCommand({ AccessToken: plainToken })), 'WebAuthnNotEnabledException');

    const { userPoolId, clientId } = await passkeyPool();
    await h.user(userPoolId, 'ray');
    const AccessToken = await accessTokenOf(clientId, 'ray');
    const authenticator = new SoftwareAuthenticator();
    await expectError((await register(AccessToken, authenticator, 'https://evil.example')).complete(), 'WebAuthnOriginNotAllowedException');
    await expectError((await register(AccessToken, authenticator, 'http://example.com')).complete(), 'WebAuthnOriginNotAllowedException');
    await expectError((await register(AccessToken, authenticator, ORIGIN, { rpId: 'example.com' })).complete(), 'WebAuthnRelyingPartyMismatchException');
    await expectError((await register(AccessToken, authenticator, ORIGIN, { userVerified: false })).complete(), 'WebAuthnCredentialNotSupportedException');
    await expectError(
      h.sdk.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: { id: 'x' } as never })),
      'InvalidParameterException',
    );

    const other = await h.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'other', ExplicitAuthFlows: [...FLOWS] }));
    const otherToken = await accessTokenOf(other.UserPoolClient!.ClientId!, 'ray');
    const started = await h.sdk.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
    const credential = authenticator.create(started.CredentialCreationOptions as Record<string, any>, ORIGIN);
    await expectError(
      h.sdk.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: otherToken, Credential: credential as never })),
      'WebAuthnClientMismatchException',
    );
    expect((await h.sdk.send(new ListWebAuthnCredentialsCommand({ AccessToken }))).Credentials).toEqual([]);
    // No passkey: WEB_AUTHN is not offered, and asking for it falls back to SELECT_CHALLENGE.
    const select = await h.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'ray', PREFERRED_CHALLENGE: 'WEB_AUTHN' } }));
    expect(select.ChallengeName).toBe('SELECT_CHALLENGE');
  });

  it('passkeys and their sign counters are kept by the data folder, and the admin page lists them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passkeys-'));
    const authenticator = new SoftwareAuthenticator();
    try {
      const first = await startLocalCognito({ host: '127.0.0.1', port: 0, dataDir });
      const saved = { sdk: h.sdk };
      h.sdk = sdkClientFor(first.endpoint);
      let clientId: string;
      try {
        const pool = await h.sdk.send(new CreateUserPoolCommand({ PoolName: 'kept', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } }));
        const UserPoolId = pool.UserPool!.Id!;
        await h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost' } }));
        clientId = (await h.sdk.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'app', ExplicitAuthFlows: [...FLOWS] }))).UserPoolClient!.ClientId!;
        await h.sdk.send(new AdminCreateUserCommand({ UserPoolId, Username: 'dee', MessageAction: 'SUPPRESS' }));
        await h.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'dee', Password: PASSWORD, Permanent: true }));
        await (await register(await accessTokenOf(clientId, 'dee'), authenticator)).complete();
        expect((await (await passkeySignIn(clientId, 'dee', authenticator)).answer()).AuthenticationResult).toBeTruthy();
      } finally {
        h.sdk.destroy();
        await first.close();
      }
      const second = await startLocalCognito({ host: '127.0.0.1', port: 0, dataDir });
      h.sdk = sdkClientFor(second.endpoint);
      try {
        const html = await (await fetch(`${second.endpoint}/_local/`)).text();
        expect(html).toContain('<dt>Passkeys</dt>');
        expect(html).toContain(authenticator.passkeys[0]!.id.slice(0, 12));
        expect((await (await passkeySignIn(clientId, 'dee', authenticator)).answer()).AuthenticationResult).toBeTruthy();
        authenticator.passkeys[0]!.counter = 1;
        await expectError((await passkeySignIn(clientId, 'dee', authenticator)).answer(), 'NotAuthorizedException');
      } finally {
        h.sdk.destroy();
        h.sdk = saved.sdk;
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('GetUserAuthFactors', () => {
  it('lists the first factors USER_AUTH offers the user and their MFA settings', async () => {
    const { userPoolId, clientId } = await passkeyPool();
    await h.user(userPoolId, 'fay', { email: 'fay@example.com', email_verified: 'true' });
    const AccessToken = await accessTokenOf(clientId, 'fay');
    expect(await h.sdk.send(new GetUserAuthFactorsCommand({ AccessToken }))).toMatchObject({ Username: 'fay', ConfiguredUserAuthFactors: ['PASSWORD'] });
    await (await register(AccessToken, new SoftwareAuthenticator())).complete();
    const factors = await h.sdk.send(new GetUserAuthFactorsCommand({ AccessToken }));
    expect(factors.ConfiguredUserAuthFactors).toEqual(['PASSWORD', 'WEB_AUTHN']);
    expect(factors.UserMFASettingList).toBeUndefined();
  });
});
