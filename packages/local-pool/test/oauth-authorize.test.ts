import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.js';
import { decodeJwt } from './helpers.js';
import { startHarness, type Harness } from './sdk-harness.js';
import { authorizeUrl, Browser, CALLBACK, codeOf, formField, oauthPool, pkce, signInThroughPage, tokenRequest } from './oauth-helpers.js';

describe('local pool: /oauth2/authorize, managed login and /oauth2/token', () => {
  let h: Harness;
  const clock = manualClock(Date.UTC(2026, 0, 5, 12));
  beforeEach(async () => {
    h = await startHarness({ clock });
  });
  afterEach(async () => {
    await h.close();
  });

  it('serves the discovery document with the domain endpoints', async () => {
    const { userPoolId, base } = await oauthPool(h);
    const res = await fetch(`${h.server.endpoint}/${userPoolId}/.well-known/openid-configuration`);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(`${h.server.endpoint}/${userPoolId}`);
    expect(doc.authorization_endpoint).toBe(`${base}/oauth2/authorize`);
    expect(doc.token_endpoint).toBe(`${base}/oauth2/token`);
    expect(doc.userinfo_endpoint).toBe(`${base}/oauth2/userInfo`);
    expect(doc.revocation_endpoint).toBe(`${base}/oauth2/revoke`);
    expect(doc.end_session_endpoint).toBe(`${base}/logout`);
  });

  it('signs in on the managed-login page and exchanges the code with PKCE for tokens', async () => {
    const { clientId, base } = await oauthPool(h);
    const { verifier, challenge } = pkce();
    const browser = new Browser();
    const back = await signInThroughPage(browser, authorizeUrl(base, {
      client_id: clientId, scope: 'openid email aws.cognito.signin.user.admin', state: 'abc-123', nonce: 'n-1',
      code_challenge: challenge, code_challenge_method: 'S256',
    }));
    const code = codeOf(back);
    expect(new URL(back.headers.get('location')!).searchParams.get('state')).toBe('abc-123');
    const session = back.headers.getSetCookie().find((c) => c.startsWith('cognito-local-session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\/my-app\//);

    const tokens = await tokenRequest(base, { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: CALLBACK, code_verifier: verifier });
    expect(tokens.status).toBe(200);
    expect(tokens.body.token_type).toBe('Bearer');
    expect(tokens.body.refresh_token).toEqual(expect.any(String));
    const access = decodeJwt(tokens.body.access_token);
    expect(access.scope).toBe('openid email aws.cognito.signin.user.admin');
    expect(access.username).toBe('ana');
    const id = decodeJwt(tokens.body.id_token);
    expect(id.nonce).toBe('n-1');
    expect(id.email).toBe('ana@example.com');
    expect(id.aud).toBe(clientId);
    // With aws.cognito.signin.user.admin the access token works on the JSON API, as Amplify expects.
    const user = await h.sdk.send(new GetUserCommand({ AccessToken: tokens.body.access_token }));
    expect(user.Username).toBe('ana');

    // A second authorize in the same browser comes straight back with a new code: the session cookie.
    const again = await browser.get(authorizeUrl(base, { client_id: clientId }));
    expect(codeOf(again)).not.toBe(code);
  });

  it('refreshes with the refresh_token grant, keeping the scopes', async () => {
    const { clientId, base } = await oauthPool(h);
    const code = codeOf(await signInThroughPage(new Browser(), authorizeUrl(base, { client_id: clientId, scope: 'openid profile' })));
    const first = await tokenRequest(base, { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: CALLBACK });
    const refreshed = await tokenRequest(base, { grant_type: 'refresh_token', client_id: clientId, refresh_token: first.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();
    expect(decodeJwt(refreshed.body.access_token).scope).toBe('openid profile');
    expect(decodeJwt(refreshed.body.id_token).sub).toBe(decodeJwt(first.body.id_token).sub);
    const wrong = await tokenRequest(base, { grant_type: 'refresh_token', client_id: clientId, refresh_token: 'local.zz.nope' });
    expect(wrong).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('gives no ID token without the openid scope', async () => {
    const { clientId, base } = await oauthPool(h);
    const code = codeOf(await signInThroughPage(new Browser(), authorizeUrl(base, { client_id: clientId, scope: 'aws.cognito.signin.user.admin' })));
    const tokens = await tokenRequest(base, { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: CALLBACK });
    expect(tokens.status).toBe(200);
    expect(tokens.body.id_token).toBeUndefined();
    expect(decodeJwt(tokens.body.access_token).scope).toBe('aws.cognito.signin.user.admin');
  });

  it('refuses an unregistered redirect_uri with the error page, never a redirect to it', async () => {
    const { clientId, base } = await oauthPool(h);
    const res = await fetch(authorizeUrl(base, { client_id: clientId, redirect_uri: 'http://localhost:3000/elsewhere' }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${base}/error?error=redirect_mismatch&client_id=${clientId}`);
    const page = await fetch(res.headers.get('location')!);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('An error was encountered with the requested page.');
  });

  it('keeps the browser on the host it used, so its cookies stay with it', async () => {
    const { clientId, base } = await oauthPool(h);
    const viaLocalhost = base.replace('127.0.0.1', 'localhost');
    const res = await fetch(authorizeUrl(viaLocalhost, { client_id: clientId }), { redirect: 'manual' });
    expect(res.headers.get('location')!.startsWith(`${viaLocalhost}/login?`)).toBe(true);
  });

  it('refuses an unknown client with the error page', async () => {
    const { base } = await oauthPool(h);
    const res = await fetch(authorizeUrl(base, { client_id: 'nosuchclient' }), { redirect: 'manual' });
    expect(res.headers.get('location')).toBe(`${base}/error?error=invalid_client&client_id=nosuchclient`);
  });

  it('redirects request problems back to the app with error=', async () => {
    const { clientId, base } = await oauthPool(h);
    const back = async (params: Record<string, string>) => {
      const res = await fetch(authorizeUrl(base, { client_id: clientId, state: 's1', ...params }), { redirect: 'manual' });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
      expect(location.searchParams.get('state')).toBe('s1');
      return location.searchParams.get('error');
    };
    expect(await back({ response_type: 'token' })).toBe('unauthorized_client');
    expect(await back({ response_type: 'id_token' })).toBe('invalid_request');
    expect(await back({ code_challenge: pkce().challenge, code_challenge_method: 'plain' })).toBe('invalid_request');
    expect(await back({ code_challenge: pkce().challenge })).toBe('invalid_request');
    expect(await back({ scope: 'openid nosuch/scope' })).toBe('invalid_scope');
    expect(await back({ prompt: 'none' })).toBe('login_required');
  });

  it('spends a code once, also when two requests race for it', async () => {
    const { clientId, base } = await oauthPool(h);
    const code = codeOf(await signInThroughPage(new Browser(), authorizeUrl(base, { client_id: clientId })));
    const form = { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: CALLBACK };
    const [a, b] = await Promise.all([tokenRequest(base, form), tokenRequest(base, form)]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const again = await tokenRequest(base, form);
    expect(again).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a wrong verifier, a missing verifier, a wrong client, a wrong redirect and an expired code', async () => {
    const { userPoolId, clientId, base } = await oauthPool(h);
    const other = await h.pool({}, {}); // another pool's client
    const { CreateUserPoolClientCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    const sibling = await h.sdk.send(new CreateUserPoolClientCommand({
      UserPoolId: userPoolId, ClientName: 'other', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ['COGNITO'],
    }));
    const browser = new Browser();
    const newCode = async (challenge?: string) =>
      codeOf(await browser.get(authorizeUrl(base, { client_id: clientId, ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}) })));
    const { verifier, challenge } = pkce();
    // The first sign-in sets the browser's session; later authorize calls come straight back with codes.
    const firstCode = codeOf(await signInThroughPage(browser, authorizeUrl(base, { client_id: clientId, code_challenge: challenge, code_challenge_method: 'S256' })));
    const base64 = { grant_type: 'authorization_code', client_id: clientId, redirect_uri: CALLBACK };

    expect(await tokenRequest(base, { ...base64, code: firstCode, code_verifier: pkce().verifier })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    // The refused attempt spent the code.
    expect(await tokenRequest(base, { ...base64, code: firstCode, code_verifier: verifier })).toEqual({ status: 400, body: { error: 'invalid_grant' } });

    expect(await tokenRequest(base, { ...base64, code: await newCode(challenge) })).toEqual({ status: 400, body: { error: 'invalid_request' } });

    const stolen = await newCode();
    expect(await tokenRequest(base, { ...base64, client_id: sibling.UserPoolClient!.ClientId!, code: stolen })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    expect(await tokenRequest(base, { ...base64, client_id: other.clientId, code: await newCode() })).toEqual({ status: 400, body: { error: 'invalid_client' } });
    expect(await tokenRequest(base, { ...base64, code: await newCode(), redirect_uri: 'http://localhost:3000/other' })).toEqual({ status: 400, body: { error: 'invalid_grant' } });

    const late = await newCode();
    clock.advance(5 * 60_000 + 1);
    expect(await tokenRequest(base, { ...base64, code: late })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    const inTime = await newCode();
    clock.advance(4 * 60_000);
    expect((await tokenRequest(base, { ...base64, code: inTime })).status).toBe(200);
  });

  it('answers token-endpoint misuse as Cognito does', async () => {
    const { clientId, base } = await oauthPool(h);
    expect(await tokenRequest(base, { client_id: clientId })).toEqual({ status: 400, body: { error: 'invalid_request' } });
    expect(await tokenRequest(base, { grant_type: 'password', client_id: clientId })).toEqual({ status: 400, body: { error: 'unsupported_grant_type' } });
    const json = await fetch(`${base}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
    const get = await fetch(`${base}/oauth2/token`);
    expect(get.status).toBe(405);
  });

  it('keeps the managed-login page safe: form token, wrong password, escaped values', async () => {
    const { clientId, base } = await oauthPool(h);
    const browser = new Browser();
    const authorize = authorizeUrl(base, { client_id: clientId, state: '"><script>x</script>' });
    const loginUrl = (await browser.get(authorize)).headers.get('location')!;
    const page = await browser.get(loginUrl);
    const html = await page.text();
    expect(html).not.toContain('<script>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    // The form's redirect back to the app is allowed for that callback's origin only.
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' http://localhost:3000;");
    // Without the form token (a post from another site), nothing happens.
    const forged = await browser.post(loginUrl, { username: 'ana', password: 'Passw0rd!' });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('form expired');
    const wrong = await browser.post(loginUrl, { _csrf: formField(html, '_csrf'), username: 'ana', password: 'nope' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Incorrect username or password.');
    const unknown = await browser.post(loginUrl, { _csrf: formField(html, '_csrf'), username: 'nobody', password: 'nope' });
    expect(await unknown.text()).toContain('Incorrect username or password.');
    const right = await browser.post(loginUrl, { _csrf: formField(html, '_csrf'), username: 'ana', password: 'Passw0rd!' });
    expect(new URL(right.headers.get('location')!).searchParams.get('state')).toBe('"><script>x</script>');
  });
});
