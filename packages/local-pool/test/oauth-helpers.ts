import { createHash, randomBytes } from 'node:crypto';
import { CreateUserPoolDomainCommand, type CreateUserPoolClientCommandInput, type CreateUserPoolCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'vitest';
import { PASSWORD, type Harness } from './sdk-harness.js';

export const CALLBACK = 'http://localhost:3000/callback';
export const SIGNED_OUT = 'http://localhost:3000/';

/** A pool with a domain, an OAuth app client and a user, as a developer would set them up. */
export async function oauthPool(
  h: Harness,
  client: Partial<CreateUserPoolClientCommandInput> = {},
  domain = 'my-app',
  pool: Partial<CreateUserPoolCommandInput> = {},
) {
  const { userPoolId, clientId } = await h.pool(pool, {
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    CallbackURLs: [CALLBACK],
    LogoutURLs: [SIGNED_OUT],
    SupportedIdentityProviders: ['COGNITO'],
    ...client,
  });
  await h.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: domain }));
  await h.user(userPoolId, 'ana', { email: 'ana@example.com', email_verified: 'true', name: 'Ana' });
  return { userPoolId, clientId, base: `${h.server.endpoint}/${domain}` };
}

/** A browser's cookies for one origin, enough for the managed-login pages. */
export class Browser {
  readonly cookies = new Map<string, string>();

  async get(url: string, init: RequestInit = {}): Promise<Response> {
    return this.fetch(url, { ...init, method: 'GET' });
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.fetch(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async fetch(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (attributes.some((a) => /max-age=0$/i.test(a.trim())) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(64).toString('base64url').slice(0, 86);
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(base: string, params: Record<string, string>): string {
  return `${base}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', redirect_uri: CALLBACK, ...params }).toString()}`;
}

export function formField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  expect(match, `form field ${name}`).not.toBeNull();
  return match![1]!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
}

/** Authorize → managed-login page → password: the redirect back to the app. */
export async function signInThroughPage(browser: Browser, authorize: string, password = PASSWORD, username = 'ana'): Promise<Response> {
  const first = await browser.get(authorize);
  expect(first.status).toBe(302);
  const loginUrl = first.headers.get('location')!;
  expect(loginUrl).toContain('/login?');
  const page = await browser.get(loginUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  return browser.post(loginUrl, { _csrf: formField(html, '_csrf'), username, password });
}

export function codeOf(res: Response): string {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  return location.searchParams.get('code')!;
}

export async function tokenRequest(base: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
