import { CreateResourceServerCommand, CreateUserPoolClientCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeJwt } from './helpers.js';
import { startHarness, type Harness } from './sdk-harness.js';
import { authorizeUrl, Browser, CALLBACK, codeOf, oauthPool, SIGNED_OUT, signInThroughPage, tokenRequest } from './oauth-helpers.js';

describe('local pool: /oauth2/userInfo, /oauth2/revoke, /logout and client_credentials', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  async function signedIn(scope: string) {
    const setup = await oauthPool(h);
    const browser = new Browser();
    const code = codeOf(await signInThroughPage(browser, authorizeUrl(setup.base, { client_id: setup.clientId, scope })));
    const tokens = await tokenRequest(setup.base, { grant_type: 'authorization_code', client_id: setup.clientId, code, redirect_uri: CALLBACK });
    expect(tokens.status).toBe(200);
    return { ...setup, browser, tokens: tokens.body };
  }

  it('userInfo answers the claims of the granted scopes', async () => {
    const { base, tokens } = await signedIn('openid email');
    const res = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const claims = (await res.json()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: decodeJwt(tokens.access_token).sub, email: 'ana@example.com', email_verified: 'true', username: 'ana' });
    // profile was not granted: no name.
    expect(claims.name).toBeUndefined();
  });

  it('userInfo refuses a missing token, a bad token, and a token without openid', async () => {
    const { base, tokens } = await signedIn('aws.cognito.signin.user.admin');
    const none = await fetch(`${base}/oauth2/userInfo`);
    expect(none.status).toBe(400);
    expect(none.headers.get('www-authenticate')).toContain('invalid_request');
    const bad = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('invalid_token');
    const noOpenId = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(noOpenId.status).toBe(401);
  });

  it('revoke revokes the refresh token and the access tokens minted from it', async () => {
    const { base, clientId, tokens } = await signedIn('openid aws.cognito.signin.user.admin');
    const revoke = (form: Record<string, string>) => fetch(`${base}/oauth2/revoke`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form),
    });
    const accessAsToken = await revoke({ client_id: clientId, token: tokens.access_token });
    expect(accessAsToken.status).toBe(400);
    expect(await accessAsToken.json()).toEqual({ error: 'unsupported_token_type' });
    expect((await revoke({ client_id: clientId })).status).toBe(400);
    const wrongClient = await revoke({ client_id: 'nosuchclient', token: tokens.refresh_token });
    expect(wrongClient.status).toBe(401);
    expect(await wrongClient.json()).toEqual({ error: 'invalid_client' });

    const ok = await revoke({ client_id: clientId, token: tokens.refresh_token });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('');
    expect((await revoke({ client_id: clientId, token: tokens.refresh_token })).status).toBe(200);
    expect(await tokenRequest(base, { grant_type: 'refresh_token', client_id: clientId, refresh_token: tokens.refresh_token })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    await expect(h.sdk.send(new GetUserCommand({ AccessToken: tokens.access_token }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('logout ends the managed-login session and goes to a listed sign-out URL only', async () => {
    const { base, clientId, browser } = await signedIn('openid');
    // Signed in: authorize comes straight back with a code.
    expect(codeOf(await browser.get(authorizeUrl(base, { client_id: clientId })))).toEqual(expect.any(String));
    const unlisted = await browser.get(`${base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: 'https://evil.example/' })}`);
    expect(unlisted.status).toBe(302);
    expect(unlisted.headers.get('location')).toBe(`${base}/error?error=logout_mismatch&client_id=${clientId}`);
    const out = await browser.get(`${base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: SIGNED_OUT })}`);
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(SIGNED_OUT);
    expect(browser.cookies.has('cognito-local-session')).toBe(false);
    const again = await browser.get(authorizeUrl(base, { client_id: clientId }));
    expect(again.headers.get('location')).toContain('/login?');
  });

  it('client_credentials gives a client with a secret an access token with its custom scopes', async () => {
    const { userPoolId, base } = await oauthPool(h);
    await h.sdk.send(new CreateResourceServerCommand({
      UserPoolId: userPoolId, Identifier: 'https://api.example', Name: 'api',
      Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }, { ScopeName: 'write', ScopeDescription: 'write' }],
    }));
    const created = await h.sdk.send(new CreateUserPoolClientCommand({
      UserPoolId: userPoolId, ClientName: 'backend', GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['https://api.example/read', 'https://api.example/write'],
    }));
    const id = created.UserPoolClient!.ClientId!;
    const secret = created.UserPoolClient!.ClientSecret!;
    const basic = { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` };
    const all = await tokenRequest(base, { grant_type: 'client_credentials' }, basic);
    expect(all.status).toBe(200);
    expect(all.body.id_token).toBeUndefined();
    expect(all.body.refresh_token).toBeUndefined();
    const claims = decodeJwt(all.body.access_token);
    expect(claims).toMatchObject({ sub: id, client_id: id, token_use: 'access', scope: 'https://api.example/read https://api.example/write' });
    const one = await tokenRequest(base, { grant_type: 'client_credentials', client_id: id, client_secret: secret, scope: 'https://api.example/read' });
    expect(decodeJwt(one.body.access_token).scope).toBe('https://api.example/read');
    expect(await tokenRequest(base, { grant_type: 'client_credentials', scope: 'openid' }, basic)).toEqual({ status: 400, body: { error: 'invalid_scope' } });
    expect(await tokenRequest(base, { grant_type: 'client_credentials', client_id: id, client_secret: 'wrong' })).toEqual({ status: 400, body: { error: 'invalid_client' } });
  });

  it('client_credentials is refused to a client without that flow', async () => {
    const { clientId, base } = await oauthPool(h);
    expect(await tokenRequest(base, { grant_type: 'client_credentials', client_id: clientId })).toEqual({ status: 400, body: { error: 'unauthorized_client' } });
  });

  it('the implicit flow returns tokens in the fragment, never a refresh token', async () => {
    const { clientId, base } = await oauthPool(h, { AllowedOAuthFlows: ['code', 'implicit'] });
    const back = await signInThroughPage(new Browser(), authorizeUrl(base, { client_id: clientId, response_type: 'token', scope: 'openid', state: 'st' }));
    expect(back.status).toBe(302);
    const location = new URL(back.headers.get('location')!);
    expect(location.search).toBe('');
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('state')).toBe('st');
    expect(decodeJwt(fragment.get('id_token')!).aud).toBe(clientId);
    expect(fragment.get('refresh_token')).toBeNull();
  });
});

describe('local pool: OAuth access tokens on the user-pool API', () => {
  it('needs aws.cognito.signin.user.admin for GetUser, as on Cognito', async () => {
    const h = await startHarness();
    try {
      const { clientId, base } = await oauthPool(h);
      const code = codeOf(await signInThroughPage(new Browser(), authorizeUrl(base, { client_id: clientId, scope: 'openid email' })));
      const tokens = await tokenRequest(base, { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: CALLBACK });
      await expect(h.sdk.send(new GetUserCommand({ AccessToken: tokens.body.access_token }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token does not have required scopes',
      });
      // userInfo takes it: openid is what it needs.
      const info = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${tokens.body.access_token}` } });
      expect(info.status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('local pool: app-client OAuth settings', () => {
  it('are checked by CreateUserPoolClient and UpdateUserPoolClient as Cognito checks them', async () => {
    const h = await startHarness();
    try {
      const { userPoolId, clientId } = await oauthPool(h);
      const create = (input: Record<string, unknown>) => h.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'c', AllowedOAuthFlowsUserPoolClient: true, ...input }));
      await expect(create({ GenerateSecret: true, AllowedOAuthFlows: ['client_credentials', 'code'] })).rejects.toMatchObject({ name: 'InvalidOAuthFlowException' });
      await expect(create({ AllowedOAuthFlows: ['client_credentials'] })).rejects.toMatchObject({ name: 'InvalidOAuthFlowException' });
      await expect(create({ AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'api/none'] })).rejects.toMatchObject({ name: 'ScopeDoesNotExistException' });
      await expect(create({ AllowedOAuthFlows: ['code'], CallbackURLs: ['http://app.example/cb'] })).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(create({ AllowedOAuthFlows: ['code'], CallbackURLs: ['https://app.example/cb#x'] })).rejects.toMatchObject({ name: 'InvalidParameterException' });
      const ok = await create({ AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://app.example/cb', 'http://127.0.0.1:5173/', 'myapp://signin'] });
      expect(ok.UserPoolClient).toMatchObject({ AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], CallbackURLs: ['https://app.example/cb', 'http://127.0.0.1:5173/', 'myapp://signin'] });
      const { UpdateUserPoolClientCommand } = await import('@aws-sdk/client-cognito-identity-provider');
      await expect(h.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId, AllowedOAuthFlows: ['client_credentials'] })))
        .rejects.toMatchObject({ name: 'InvalidOAuthFlowException' });
    } finally {
      await h.close();
    }
  });
});
