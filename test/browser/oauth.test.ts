import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createLocalUserPool, startLocalCognito, type LocalCognitoServer } from '@cognito-auth-machine/local-pool';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowDemoPages, ensureDemoManagedLogin } from '../../examples/demo-oauth.js';
import { DEMO_PASSWORD } from '../../examples/demo-pool.js';
import { startDemoBackend, type DemoBackend } from '../../examples/demo/demo-backend.js';
import { startAmplifyPage } from './support/amplify-page.js';
import { launchChromium, type Browser } from './support/chromium.js';
import { buildDemo, serveDemo, type DemoSite } from './support/demo-site.js';

/**
 * Managed login and social sign-in end to end in Chromium: the demo page, the local pool's managed-login and test
 * provider pages, and back, with screenshots in test-output/screenshots/. Then aws-amplify v6's signInWithRedirect
 * against the same endpoints over HTTPS, which shows they are shaped as Cognito's and not as this project's client.
 */

const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const STEP_TIMEOUT = 15_000;
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let backend: DemoBackend;
let site: DemoSite;
let browser: Browser;
let demoUrl: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  await mkdir(SCREENSHOTS, { recursive: true });
  const [dist, started] = await Promise.all([buildDemo(), startDemoBackend({ port: 0 })]);
  backend = started;
  site = await serveDemo(dist, backend.config);
  demoUrl = `${site.url}/demo/`;
  await backend.allowPages([demoUrl]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await backend?.server.close();
});

async function openDemo(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(DESKTOP);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(demoUrl);
  await state(page, 'signedOut');
  return page;
}

async function state(page: Page, expected: string): Promise<void> {
  await expect.poll(() => page.getAttribute('[data-testid=auth-card]', 'data-state'), { timeout: STEP_TIMEOUT }).toBe(expected);
}

/** A page of the pool (managed login, test provider), at 1440 px. */
async function shotOfPool(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** A demo screen, at 1440 px and at 390 px (`<name>-390.png`), where nothing may be wider than the screen. */
async function shotOfDemo(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${name} at 390 px`).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: `${SCREENSHOTS}${name}-390.png`, fullPage: true });
  await page.setViewportSize(DESKTOP);
}

/** The ID token's claims, from the session storage where the demo keeps its tokens (Amplify v6's keys). */
async function idTokenClaims(page: Page): Promise<Record<string, unknown>> {
  const token = await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((name) => name.endsWith('.idToken'));
    return key ? sessionStorage.getItem(key) : null;
  });
  expect(token, 'an ID token in session storage').toBeTruthy();
  return decodeClaims(token!);
}

function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Requests to the pool's token endpoint: a refused return must not spend its code. */
function tokenRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/oauth2/token')) seen.push(request);
  });
  return seen;
}

describe('managed login and social sign-in on the demo page', () => {
  it('Continue with Google: the test provider page, back to the demo, signed in with the identities claim', async () => {
    const page = await openDemo();
    await page.getByRole('button', { name: 'Continue with Google' }).click();
    await page.waitForURL(/\/test-provider\?/, { timeout: STEP_TIMEOUT });
    // Straight to the provider: the authorize request named Google, so Cognito's own sign-in page is skipped.
    expect(new URL(page.url()).pathname).toBe(`/${new URL(backend.config.oauth!.domain).pathname.slice(1)}/test-provider`);
    await page.locator('#sub').fill('1029384756');
    await page.locator('#email').fill('lu@example.com');
    await page.locator('#name').fill('Lu Example');
    await page.setViewportSize(DESKTOP);
    await shotOfPool(page, '30-oauth-test-provider');
    await page.getByRole('button', { name: 'Sign in as this identity' }).click();

    await page.waitForURL((url) => url.href.startsWith(demoUrl), { timeout: STEP_TIMEOUT });
    await state(page, 'signedIn.idle');
    await expect.poll(() => page.locator('#screen-title').textContent()).toBe('Signed in as Google_1029384756');
    // The address bar loses the code and the state once they are spent.
    expect(page.url()).toBe(demoUrl);
    const identities = page.locator('[data-testid=identities]');
    await expect.poll(() => identities.textContent()).toContain('Google');
    expect(await identities.textContent()).toContain('1029384756');
    const claims = await idTokenClaims(page);
    expect(claims['cognito:username']).toBe('Google_1029384756');
    expect(claims.email).toBe('lu@example.com');
    expect(claims.name).toBe('Lu Example');
    expect(claims.identities).toEqual([
      expect.objectContaining({ userId: '1029384756', providerName: 'Google', providerType: 'Google', primary: 'true' }),
    ]);
    await shotOfDemo(page, '31-oauth-signed-in-identities');

    // Signing out ends the managed-login session too (`/logout`), so the next sign-in starts afresh.
    const logout = page.waitForRequest((request) => new URL(request.url()).pathname.endsWith('/logout'));
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await logout;
    await page.waitForURL((url) => url.href === demoUrl, { timeout: STEP_TIMEOUT });
    await state(page, 'signedOut');
    await page.close();
  });

  it('Managed login: password and SMS MFA on the pool pages, then sign-out through /logout ends that session', async () => {
    const page = await openDemo();
    await page.getByRole('button', { name: 'Managed login' }).click();
    await page.waitForURL(/\/login\?/, { timeout: STEP_TIMEOUT });
    await page.locator('#username').fill(backend.demo.users.sms);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await shotOfPool(page, '32-managed-login');
    const sentBefore = backend.server.messages().length;
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await page.locator('#code').waitFor({ timeout: STEP_TIMEOUT });
    expect(await page.locator('h1').textContent()).toBe('Verify your sign-in');
    const sms = backend.server.messages().slice(sentBefore).filter((m) => m.username === backend.demo.users.sms);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.medium).toBe('SMS');
    const code = sms[0]!.code;
    expect(code).toMatch(/^\d{6}$/);
    await page.locator('#code').fill(code);
    await shotOfPool(page, '33-managed-login-sms-mfa');
    await page.getByRole('button', { name: 'Verify' }).click();

    await page.waitForURL((url) => url.href.startsWith(demoUrl), { timeout: STEP_TIMEOUT });
    await state(page, 'signedIn.idle');
    await expect.poll(() => page.locator('#screen-title').textContent()).toBe(`Signed in as ${backend.demo.users.sms}`);
    const claims = await idTokenClaims(page);
    expect(claims['cognito:username']).toBe(backend.demo.users.sms);
    expect(claims.identities).toBeUndefined();
    expect(await page.locator('[data-testid=identities]').count()).toBe(0);

    const logout = page.waitForRequest((request) => new URL(request.url()).pathname.endsWith('/logout'));
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    const logoutUrl = new URL((await logout).url());
    expect(logoutUrl.searchParams.get('client_id')).toBe(backend.config.userPoolClientId);
    expect(logoutUrl.searchParams.get('logout_uri')).toBe(demoUrl);
    await page.waitForURL((url) => url.href === demoUrl, { timeout: STEP_TIMEOUT });
    await state(page, 'signedOut');
    expect(await idTokenClaims(page).catch(() => null)).toBeNull();
    await shotOfDemo(page, '34-oauth-signed-out');

    // The managed-login session is over: the pool asks for the password again instead of coming straight back.
    await page.getByRole('button', { name: 'Managed login' }).click();
    await page.waitForURL(/\/login\?/, { timeout: STEP_TIMEOUT });
    expect(await page.locator('#password').count()).toBe(1);
    await page.close();
  });

  it('a return whose state was tampered with is refused, and its code is never exchanged', async () => {
    const page = await openDemo();
    const exchanges = tokenRequests(page);
    // The pool's answer to the provider page, a redirect back to the demo with a real code, is rewritten on the
    // wire, as a forged link would be: the state is not the one this tab sent.
    let tampered = '';
    await page.route((url) => url.pathname.endsWith('/test-provider'), async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const answer = await route.fetch({ maxRedirects: 0 });
      const back = new URL(answer.headers().location ?? '', route.request().url());
      back.searchParams.set('state', `${back.searchParams.get('state')}x`);
      tampered = back.href;
      await route.fulfill({ status: 302, headers: { location: back.href } });
    });
    await page.getByRole('button', { name: 'Continue with Google' }).click();
    await page.waitForURL(/\/test-provider\?/, { timeout: STEP_TIMEOUT });
    await page.locator('#sub').fill('1029384756');
    await page.getByRole('button', { name: 'Sign in as this identity' }).click();

    await expect.poll(() => tampered, { timeout: STEP_TIMEOUT }).not.toBe('');
    expect(new URL(tampered).searchParams.get('code')).toBeTruthy();
    await state(page, 'signedOut');
    const banner = page.locator('[data-testid=auth-card] [role=alert]').first();
    await expect.poll(() => banner.textContent(), { timeout: STEP_TIMEOUT }).toContain('StateMismatch');
    expect(exchanges).toHaveLength(0);
    expect(await idTokenClaims(page).catch(() => null)).toBeNull();
    await shotOfDemo(page, '35-oauth-state-tampered');
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});

describe('aws-amplify v6 signInWithRedirect against the local pool', () => {
  let server: LocalCognitoServer | undefined;
  let amplifyBrowser: Browser | undefined;
  let amplifyPage: Awaited<ReturnType<typeof startAmplifyPage>> | undefined;

  afterAll(async () => {
    await amplifyBrowser?.close();
    await amplifyPage?.close();
    await server?.close();
  });

  it('completes through the test provider: Hub signInWithRedirect, and fetchAuthSession has the tokens', async () => {
    // Amplify always builds https:// URLs from the domain, so this pool serves TLS with its own certificate.
    server = await startLocalCognito({ https: true, port: 0 });
    const pool = await createLocalUserPool({ cognito: server.cognito, client: { ClientName: 'amplify-web' } });
    const domain = await ensureDemoManagedLogin(pool);
    amplifyPage = await startAmplifyPage();
    await allowDemoPages(pool, [amplifyPage.url]);
    const endpoint = new URL(server.endpoint);
    amplifyPage.configure({
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.clientId,
      userPoolEndpoint: server.endpoint,
      domain: `${endpoint.host}/${domain}`,
    });
    amplifyBrowser = await launchChromium({ ignoreHTTPSErrors: true });
    const page = await amplifyBrowser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(amplifyPage.url);
    await page.waitForFunction(() => window.amplifyProbe !== undefined, undefined, { timeout: STEP_TIMEOUT });

    const authorize = page.waitForRequest((request) => request.url().includes('/oauth2/authorize'));
    await page.evaluate(() => void window.amplifyProbe!.signInWithRedirect('Google'));
    const sent = new URL((await authorize).url());
    expect(sent.origin).toBe(endpoint.origin);
    expect(sent.pathname).toBe(`/${domain}/oauth2/authorize`);
    expect(sent.searchParams.get('identity_provider')).toBe('Google');
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sent.searchParams.get('redirect_uri')).toBe(amplifyPage.url);

    await page.waitForURL(/\/test-provider\?/, { timeout: STEP_TIMEOUT });
    await page.locator('#sub').fill('amp-4242');
    await page.locator('#email').fill('amp@example.com');
    await page.locator('#name').fill('Amp Lifier');
    const exchange = page.waitForResponse((response) => response.url().endsWith(`/${domain}/oauth2/token`));
    await page.getByRole('button', { name: 'Sign in as this identity' }).click();
    expect((await exchange).status()).toBe(200);

    await page.waitForFunction(() => window.amplifyProbe?.hub.includes('signInWithRedirect'), undefined, { timeout: STEP_TIMEOUT });
    const hub = await page.evaluate(() => window.amplifyProbe!.hub);
    expect(hub).not.toContain('signInWithRedirect_failure');
    const session = await page.evaluate(() => window.amplifyProbe!.session());
    expect(session.idToken).toBeTruthy();
    expect(session.accessToken).toBeTruthy();
    const id = decodeClaims(session.idToken!);
    expect(id['cognito:username']).toBe('Google_amp-4242');
    expect(id.aud).toBe(pool.clientId);
    expect(id.iss).toBe(`${server.endpoint}/${pool.userPoolId}`);
    expect(id.email).toBe('amp@example.com');
    expect(id.identities).toEqual([expect.objectContaining({ userId: 'amp-4242', providerName: 'Google' })]);
    const access = decodeClaims(session.accessToken!);
    expect(access.client_id).toBe(pool.clientId);
    expect(access.token_use).toBe('access');
    expect(String(access.scope).split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile', 'aws.cognito.signin.user.admin']));
    expect(errors).toEqual([]);
  });
});
