import { CognitoIdentityProviderClient, ListWebAuthnCredentialsCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../examples/demo-pool.js';
import type { DemoBackend } from '../../examples/demo/demo-backend.js';
import type { Browser } from './support/chromium.js';
import type { DemoSite } from './support/demo-site.js';
import { DESKTOP, STEP_TIMEOUT, screen, shot, startDemoRun, state, type DemoRun } from './support/demo-page.js';

/**
 * The demo's passwordless sign-in and passkeys in Chromium against the local user pool over HTTP. Passkeys come from
 * Chromium's virtual authenticator (DevTools' WebAuthn domain); the page is opened on localhost, the demo pool's
 * relying party. Screenshots of each new screen go to test-output/screenshots/ at 1440 px and 390 px wide.
 */


let run: DemoRun;
let backend: DemoBackend;
let site: DemoSite;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  run = await startDemoRun();
  ({ backend, site, browser } = run);
});

afterAll(async () => {
  await run?.stop();
  expect(pageErrors).toEqual([]);
});

/** The demo site's address with the host passkeys need. */
const onLocalhost = (url: string) => url.replace('//127.0.0.1:', '//localhost:');

async function makeUser(username: string): Promise<void> {
  const pool = backend.demo.pool;
  await pool.admin.createUser(username, {
    attributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'email_verified', Value: 'true' },
    ],
    suppress: true,
  });
  await pool.admin.setPassword(username, DEMO_PASSWORD, true);
}

async function openDemo(base = onLocalhost(site.url)): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(DESKTOP);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${base}/demo/`);
  await state(page, 'signedOut');
  return page;
}

/** Chromium's virtual platform authenticator, as a phone's or laptop's built-in one: resident keys, verified user. */
async function addAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

const card = (page: Page) => page.getByTestId('auth-card');

async function typeUsername(page: Page, username: string): Promise<void> {
  await card(page).locator('[name=username]').fill(username);
}

async function signInWithPassword(page: Page, username: string): Promise<void> {
  await typeUsername(page, username);
  await card(page).locator('[name=password]').fill(DEMO_PASSWORD);
  await card(page).locator('button[type=submit]').click();
  await state(page, 'signedIn.idle');
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByTestId('settings').waitFor({ timeout: STEP_TIMEOUT });
  // The view reads the passkeys last, after the MFA preference and the devices.
  await expect.poll(() => passkeysBlock(page).locator('.setting__lede').first().textContent(), { timeout: STEP_TIMEOUT }).not.toMatch(/Reading/);
  await state(page, 'signedIn.idle');
}

const passkeysBlock = (page: Page) => page.locator('[data-setting="passkeys"]');

async function signOut(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await state(page, 'signedOut');
}

/** The user's passkeys at the pool, asked with the page's own access token (ListWebAuthnCredentials). */
async function passkeysAtPool(page: Page, username: string): Promise<string[]> {
  const key = `CognitoIdentityServiceProvider.${backend.config.userPoolClientId}.${username}.accessToken`;
  const accessToken = await page.evaluate((name) => sessionStorage.getItem(name), key);
  expect(accessToken).toBeTruthy();
  const client = new CognitoIdentityProviderClient({
    endpoint: backend.server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const listed = await client.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken ?? '' }));
  client.destroy();
  return (listed.Credentials ?? []).map((credential) => credential.CredentialId ?? '');
}

/**
 * The next passkey prompt waits until the test answers it as a user who dismissed it would: the browser's
 * NotAllowedError. Later prompts go to the virtual authenticator again.
 */
async function holdNextPasskeyPrompt(page: Page): Promise<void> {
  await page.evaluate(() => {
    const credentials = navigator.credentials;
    const original = credentials.get.bind(credentials);
    const held = window as unknown as { dismissPasskeyPrompt?: () => void };
    credentials.get = () =>
      new Promise((_, reject) => {
        credentials.get = original;
        held.dismissPasskeyPrompt = () => reject(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'));
      });
  });
}

describe('demo passkeys and passwordless sign-in', () => {
  it('on 127.0.0.1 the passkey buttons are off and say why, with the localhost address', async () => {
    const page = await openDemo(site.url);
    const button = card(page).getByRole('button', { name: 'Sign in with a passkey' });
    expect(await button.isDisabled()).toBe(true);
    const notice = card(page).getByTestId('passkey-notice');
    expect(await notice.textContent()).toContain('Passkeys need the page on localhost');
    expect(await notice.locator('a').getAttribute('href')).toBe(`${onLocalhost(site.url)}/demo/`);
    // The other passwordless ways do not need the relying party.
    expect(await card(page).getByRole('button', { name: 'Sign in with an email code' }).isDisabled()).toBe(false);
    await shot(page, '30-passwordless-on-ip');
    await page.close();
  });

  it('registers a passkey in the settings, signs in with it alone, deletes it; then passkey sign-in is refused', async () => {
    const username = 'pia.passkey';
    await makeUser(username);
    const page = await openDemo();
    const { cdp, authenticatorId } = await addAuthenticator(page);
    expect(await card(page).getByRole('button', { name: 'Sign in with a passkey' }).isDisabled()).toBe(false);
    expect(await card(page).getByTestId('passkey-notice').count()).toBe(0);
    await shot(page, '31-passwordless-sign-in');

    await signInWithPassword(page, username);
    await openSettings(page);
    expect(await passkeysBlock(page).locator('.setting__lede').first().textContent()).toContain('No passkey yet');
    await passkeysBlock(page).getByRole('button', { name: 'Add a passkey' }).click();
    await expect.poll(() => passkeysBlock(page).locator('[data-credential-id]').count(), { timeout: STEP_TIMEOUT }).toBe(1);
    await state(page, 'signedIn.idle');
    expect(await passkeysBlock(page).getByRole('status').textContent()).toContain('Passkey added');
    const credentialId = (await passkeysBlock(page).locator('[data-credential-id]').getAttribute('data-credential-id')) ?? '';
    expect(await passkeysBlock(page).locator('.device__meta').textContent()).toMatch(/^added \d{1,2} \w{3} \d{4}, \d{2}:\d{2} · for localhost$/);
    expect(await passkeysAtPool(page, username)).toEqual([credentialId]);
    const held = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(held.credentials).toHaveLength(1);
    expect(held.credentials[0]?.isResidentCredential).toBe(true);
    await passkeysBlock(page).scrollIntoViewIfNeeded();
    await shot(page, '32-settings-passkeys');

    await signOut(page);
    const signInCount = held.credentials[0]?.signCount ?? 0;
    await typeUsername(page, username);
    expect(await card(page).locator('[name=password]').inputValue()).toBe('');
    // First the prompt is dismissed: the page waits in webAuthn.failed with Retry and Cancel.
    await holdNextPasskeyPrompt(page);
    await card(page).getByRole('button', { name: 'Sign in with a passkey' }).click();
    await screen(page, 'webAuthn');
    await state(page, 'challenge.webAuthn.ceremony');
    expect(await card(page).getByRole('status').textContent()).toContain('Waiting for your passkey');
    await shot(page, '33-passkey-ceremony');
    await page.evaluate(() => (window as unknown as { dismissPasskeyPrompt: () => void }).dismissPasskeyPrompt());
    await state(page, 'challenge.webAuthn.failed');
    expect(await card(page).locator('[data-error]').getAttribute('data-error')).toBe('WebAuthnCancelledError');
    expect(await card(page).getByRole('alert').textContent()).toContain('The passkey prompt was cancelled or timed out.');
    await shot(page, '34-passkey-failed');
    await card(page).getByRole('button', { name: 'Try again' }).click();
    await state(page, 'signedIn.idle');
    expect(await page.getByTestId('state').textContent()).toBe('signedIn.idle');
    const used = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(used.credentials[0]?.signCount ?? 0).toBeGreaterThan(signInCount);

    await openSettings(page);
    await passkeysBlock(page).getByRole('button', { name: /^Delete / }).click();
    await expect.poll(() => passkeysBlock(page).locator('.setting__lede').first().textContent(), { timeout: STEP_TIMEOUT }).toContain('No passkey yet');
    await state(page, 'signedIn.idle');
    expect(await passkeysBlock(page).locator('[data-credential-id]').count()).toBe(0);
    expect(await passkeysAtPool(page, username)).toEqual([]);

    await signOut(page);
    await typeUsername(page, username);
    await card(page).getByRole('button', { name: 'Sign in with a passkey' }).click();
    await screen(page, 'selectChallenge');
    await state(page, 'challenge.selectChallenge');
    expect(await card(page).getByTestId('factor-not-offered').textContent()).toContain('This account has no passkey, so Cognito did not offer passkey sign-in.');
    expect(await card(page).locator('[data-challenge=WEB_AUTHN]').count()).toBe(0);
    await shot(page, '35-passkey-not-offered');
    await card(page).getByRole('button', { name: 'Cancel' }).click();
    await state(page, 'signedOut');
    await page.close();
  });

  it('signs in with an email code: Cognito offers the choice, the code comes from the outbox', async () => {
    const username = 'ola.code';
    await makeUser(username);
    const page = await openDemo();
    await typeUsername(page, username);
    await card(page).getByRole('button', { name: 'Let Cognito offer the choice' }).click();
    await screen(page, 'selectChallenge');
    await state(page, 'challenge.selectChallenge');
    const offered = await card(page).locator('[data-challenge]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-challenge')));
    // A verified email and no phone or passkey: the email code is the one code factor.
    expect(offered).toEqual(['EMAIL_OTP']);
    expect(await card(page).getByRole('button', { name: 'Sign in with my password' }).count()).toBe(1);
    await shot(page, '36-select-challenge');

    await card(page).getByRole('button', { name: 'Email me a code' }).click();
    await screen(page, 'emailOtp');
    await state(page, 'challenge.emailOtp');
    const code = backend.server.messages().filter((m) => m.username === username && m.purpose === 'Authentication').at(-1)?.code ?? '';
    expect(code).toMatch(/^\d+$/);
    const shown = page.locator(`[data-testid=outbox-message][data-username="${username}"]`).first();
    await expect.poll(() => shown.locator('[data-testid=outbox-code]').textContent(), { timeout: STEP_TIMEOUT }).toBe(code);
    expect(await card(page).locator('.lede').textContent()).toContain('We sent a code to');
    await card(page).locator('[name=code]').fill(code);
    await shot(page, '37-email-code');
    await card(page).locator('button[type=submit]').click();
    await state(page, 'signedIn.idle');
    await page.close();
  });

  it('signs up without a password: confirmed with the code from the outbox, then signed in with no password at all', async () => {
    const username = 'nora.nopass';
    const page = await openDemo();
    await page.getByRole('tab', { name: 'Create account' }).click();
    await card(page).locator('[name=username]').fill(username);
    await card(page).locator('[name=email]').fill(`${username}@example.com`);
    expect(await card(page).locator('[name=password]').inputValue()).toBe('');
    await card(page).locator('button[type=submit]').click();
    await screen(page, 'confirmSignUp');
    const code = backend.server.messages().filter((m) => m.username === username && m.purpose === 'SignUp').at(-1)?.code ?? '';
    expect(code).toMatch(/^\d+$/);
    await card(page).locator('[name=code]').fill(code);
    await card(page).locator('button[type=submit]').click();
    await state(page, 'signedIn.idle');
    // The pool holds no password for the account: Cognito offers no password factor for it.
    const pool = backend.demo.pool;
    expect((await pool.admin.getUser(username)).UserStatus).toBe('CONFIRMED');
    const offered = (await pool.cognito.send('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username } })) as {
      AvailableChallenges?: string[];
    };
    expect(offered.AvailableChallenges).toContain('EMAIL_OTP');
    expect(offered.AvailableChallenges).not.toContain('PASSWORD');
    const log = (await page.getByTestId('event-log').textContent()) ?? '';
    expect(log).toContain(`autoSignIn ${username}`);
    expect(log).not.toMatch(/SIGN_UP \{[^}]*password/);
    await page.close();
  });
});
