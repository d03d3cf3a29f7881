import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  GetIdentityProviderByIdentifierCommand,
  ListIdentityProvidersCommand,
  UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeJwt } from './helpers.js';
import { startHarness, type Harness } from './sdk-harness.js';
import { authorizeUrl, Browser, CALLBACK, codeOf, formField, oauthPool, tokenRequest } from './oauth-helpers.js';

const GOOGLE = {
  ProviderName: 'Google',
  ProviderType: 'Google' as const,
  ProviderDetails: { client_id: 'google-client', client_secret: 'google-secret', authorize_scopes: 'openid email profile' },
  AttributeMapping: { email: 'email', name: 'name', given_name: 'given_name' },
};

describe('local pool: identity providers, the test provider page and federated users', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  async function federatedSignIn(browser: Browser, base: string, clientId: string, identity: Record<string, string>) {
    const start = await browser.get(authorizeUrl(base, { client_id: clientId, identity_provider: 'Google', scope: 'openid email profile' }));
    expect(start.status).toBe(302);
    const providerUrl = start.headers.get('location')!;
    expect(providerUrl).toContain('/test-provider?');
    const page = await browser.get(providerUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('no real provider is contacted');
    const back = await browser.post(providerUrl, { _csrf: formField(html, '_csrf'), ...identity });
    const code = codeOf(back);
    const tokens = await tokenRequest(base, { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: CALLBACK });
    expect(tokens.status).toBe(200);
    return tokens.body;
  }

  it('creates, describes, lists, finds, updates and deletes identity providers as Cognito does', async () => {
    h = await startHarness();
    const { userPoolId } = await oauthPool(h);
    const created = await h.sdk.send(new CreateIdentityProviderCommand({ UserPoolId: userPoolId, ...GOOGLE }));
    expect(created.IdentityProvider).toMatchObject({ ProviderName: 'Google', ProviderType: 'Google' });
    expect(created.IdentityProvider!.ProviderDetails).toMatchObject({ client_id: 'google-client', oidc_issuer: 'https://accounts.google.com' });
    await expect(h.sdk.send(new CreateIdentityProviderCommand({ UserPoolId: userPoolId, ...GOOGLE }))).rejects.toMatchObject({ name: 'DuplicateProviderException' });
    await h.sdk.send(new CreateIdentityProviderCommand({
      UserPoolId: userPoolId, ProviderName: 'Corp', ProviderType: 'OIDC', IdpIdentifiers: ['corp.example'],
      ProviderDetails: { client_id: 'c', client_secret: 's', authorize_scopes: 'openid', oidc_issuer: 'https://idp.corp.example', attributes_request_method: 'GET' },
    }));
    const byId = await h.sdk.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: userPoolId, IdpIdentifier: 'corp.example' }));
    expect(byId.IdentityProvider!.ProviderName).toBe('Corp');
    const list = await h.sdk.send(new ListIdentityProvidersCommand({ UserPoolId: userPoolId, MaxResults: 1 }));
    expect(list.Providers!.map((p) => p.ProviderName)).toEqual(['Corp']);
    const rest = await h.sdk.send(new ListIdentityProvidersCommand({ UserPoolId: userPoolId, MaxResults: 1, NextToken: list.NextToken }));
    expect(rest.Providers!.map((p) => p.ProviderName)).toEqual(['Google']);
    const updated = await h.sdk.send(new UpdateIdentityProviderCommand({ UserPoolId: userPoolId, ProviderName: 'Corp', AttributeMapping: { email: 'mail' } }));
    expect(updated.IdentityProvider!.AttributeMapping).toEqual({ email: 'mail' });
    await h.sdk.send(new DeleteIdentityProviderCommand({ UserPoolId: userPoolId, ProviderName: 'Corp' }));
    await expect(h.sdk.send(new DescribeIdentityProviderCommand({ UserPoolId: userPoolId, ProviderName: 'Corp' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('a first sign-in through the test provider creates the linked user; a later one updates it', async () => {
    h = await startHarness();
    const { userPoolId, clientId, base } = await oauthPool(h, { SupportedIdentityProviders: ['COGNITO', 'Google'] });
    await h.sdk.send(new CreateIdentityProviderCommand({ UserPoolId: userPoolId, ...GOOGLE }));
    const browser = new Browser();
    const tokens = await federatedSignIn(browser, base, clientId, { sub: '1029384756', email: 'lu@example.com', name: 'Lu' });
    const id = decodeJwt(tokens.id_token);
    expect(id['cognito:username']).toBe('Google_1029384756');
    expect(id.email).toBe('lu@example.com');
    expect(id.email_verified).toBe(false);
    expect(id.name).toBe('Lu');
    expect(id.identities).toEqual([
      { userId: '1029384756', providerName: 'Google', providerType: 'Google', issuer: null, primary: 'true', dateCreated: expect.stringMatching(/^\d+$/) },
    ]);
    const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'Google_1029384756' }));
    expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');

    // The page offers the identity again; signing in with new claims rewrites the mapped attributes.
    const again = await federatedSignIn(new Browser(), base, clientId, { sub: '1029384756', claims: '{"name":"Lu Xi"}' });
    expect(decodeJwt(again.id_token).sub).toBe(id.sub);
    expect(decodeJwt(again.id_token).name).toBe('Lu Xi');
  });

  it('refuses a provider the client does not support', async () => {
    h = await startHarness();
    const { userPoolId, clientId, base } = await oauthPool(h);
    await h.sdk.send(new CreateIdentityProviderCommand({ UserPoolId: userPoolId, ...GOOGLE }));
    const res = await fetch(authorizeUrl(base, { client_id: clientId, identity_provider: 'Google' }), { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('AdminLinkProviderForUser: the linked identity signs in as the existing user', async () => {
    h = await startHarness();
    const { userPoolId, clientId, base } = await oauthPool(h, { SupportedIdentityProviders: ['COGNITO', 'Google'] });
    await h.sdk.send(new CreateIdentityProviderCommand({ UserPoolId: userPoolId, ...GOOGLE }));
    await h.sdk.send(new AdminLinkProviderForUserCommand({
      UserPoolId: userPoolId,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'ana' },
      SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '555' },
    }));
    const tokens = await federatedSignIn(new Browser(), base, clientId, { sub: '555', email: 'ana@gmail.example' });
    const id = decodeJwt(tokens.id_token);
    expect(id['cognito:username']).toBe('ana');
    expect(id.identities).toEqual([expect.objectContaining({ userId: '555', providerName: 'Google' })]);
    expect(decodeJwt(tokens.access_token).username).toBe('ana');

    // An identity that already signed in cannot be linked.
    await federatedSignIn(new Browser(), base, clientId, { sub: '777' });
    await expect(h.sdk.send(new AdminLinkProviderForUserCommand({
      UserPoolId: userPoolId,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'ana' },
      SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '777' },
    }))).rejects.toMatchObject({ name: 'InvalidParameterException' });

    // Unlinked, the identity's next sign-in makes a user of its own.
    await h.sdk.send(new AdminDisableProviderForUserCommand({
      UserPoolId: userPoolId, User: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '555' },
    }));
    const after = await federatedSignIn(new Browser(), base, clientId, { sub: '555' });
    expect(decodeJwt(after.id_token)['cognito:username']).toBe('Google_555');
  });

  it('keeps identity providers and federated users in the data folder across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oauth-data-'));
    try {
      h = await startHarness({ dataDir: dir });
      const { userPoolId, clientId, base } = await oauthPool(h, { SupportedIdentityProviders: ['Google'] });
      await h.sdk.send(new CreateIdentityProviderCommand({ UserPoolId: userPoolId, ...GOOGLE }));
      await federatedSignIn(new Browser(), base, clientId, { sub: '42', email: 'x@example.com' });
      await h.close();
      h = await startHarness({ dataDir: dir });
      const described = await h.sdk.send(new DescribeIdentityProviderCommand({ UserPoolId: userPoolId, ProviderName: 'Google' }));
      expect(described.IdentityProvider!.AttributeMapping).toEqual(GOOGLE.AttributeMapping);
      const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'Google_42' }));
      expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');
      expect(user.UserAttributes!.find((a) => a.Name === 'identities')!.Value).toContain('"providerName":"Google"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
