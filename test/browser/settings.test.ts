import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, totpCode } from '../../examples/demo-pool.js';
import type { DemoBackend } from '../../examples/demo/demo-backend.js';
import type { Browser } from './support/chromium.js';
import type { DemoSite } from './support/demo-site.js';
import { DESKTOP, STEP_TIMEOUT, screen, shot, startDemoRun, state, type DemoRun } from './support/demo-page.js';

/**
 * The demo's settings view in Chromium against the local user pool over HTTP: each account action clicked through
 * to its end, with a screenshot of each step in test-output/screenshots/ at 1440 px and 390 px wide (where nothing
 * may be wider than the screen). Each test signs in as a user of its own, made here through the pool's admin API.
 */

const NEW_PASSWORD = 'N3w-Passw0rd!';

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

/** A confirmed user of the main demo pool, with a password and a verified email (and a phone, if given). */
async function makeUser(username: string, phone?: string): Promise<void> {
  const pool = backend.demo.pool;
  await pool.admin.createUser(username, {
    attributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'email_verified', Value: 'true' },
      ...(phone ? [{ Name: 'phone_number', Value: phone }, { Name: 'phone_number_verified', Value: 'true' }] : []),
    ],
    suppress: true,
  });
  await pool.admin.setPassword(username, DEMO_PASSWORD, true);
}

async function openDemo(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(DESKTOP);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${site.url}/demo/`);
  await state(page, 'signedOut');
  return page;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('[data-testid=auth-card] [name=username]').fill(username);
  await page.locator('[data-testid=auth-card] [name=password]').fill(password);
  await page.locator('[data-testid=auth-card] button[type=submit]').click();
}

async function openSettings(page: Page): Promise<void> {
  await state(page, 'signedIn.idle');
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByTestId('settings').waitFor({ timeout: STEP_TIMEOUT });
  // The view reads the MFA preference as it opens.
  await expect.poll(() => page.getByTestId('mfa-summary').textContent(), { timeout: STEP_TIMEOUT }).not.toMatch(/Reading/);
  await state(page, 'signedIn.idle');
}

/** One block of the settings view. */
function block(page: Page, id: string) {
  return page.locator(`[data-setting="${id}"]`);
}

/** The last code the pool delivered to `username` for `purpose`, once the outbox panel shows it too. */
async function codeFromOutbox(page: Page, username: string, purpose: string): Promise<string> {
  const code = backend.server.messages().filter((m) => m.username === username && m.purpose === purpose).at(-1)?.code;
  if (!code) throw new Error(`no ${purpose} message for ${username}`);
  const shown = page.locator(`[data-testid=outbox-message][data-username="${username}"][data-purpose="${purpose}"]`).first();
  await expect.poll(() => shown.locator('[data-testid=outbox-code]').textContent(), { timeout: STEP_TIMEOUT }).toBe(code);
  return code;
}

/** The Authenticator panel's code for `username`, checked against the secret it must come from. */
async function panelCode(page: Page, username: string, secret: string): Promise<string> {
  const panel = page.getByTestId('authenticator');
  await expect.poll(() => panel.getAttribute('data-username'), { timeout: STEP_TIMEOUT }).toBe(username);
  const code = ((await panel.getByTestId('totp-code').textContent()) ?? '').replace(/\s/g, '');
  expect([totpCode(secret), totpCode(secret, Date.now() - 2000)]).toContain(code);
  return code;
}

/** Waits for the panel's next code: Cognito takes each TOTP code once. */
async function nextPanelCode(page: Page, after: string): Promise<string> {
  const panel = page.getByTestId('totp-code');
  await expect.poll(async () => ((await panel.textContent()) ?? '').replace(/\s/g, ''), { timeout: 35_000, interval: 500 }).not.toBe(after);
  return ((await panel.textContent()) ?? '').replace(/\s/g, '');
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await state(page, 'signedOut');
}

describe('demo settings view', () => {
  it('edit attributes: a new email is confirmed with the code from the outbox, a wrong code first', async () => {
    const username = 'setty.profile';
    await makeUser(username);
    const page = await openDemo();
    await signIn(page, username, DEMO_PASSWORD);
    await openSettings(page);
    const profile = block(page, 'attributes');
    expect(await profile.locator('[name=email]').inputValue()).toBe(`${username}@example.com`);
    await shot(page, '23-settings');

    await profile.locator('[name=name]').fill('Setty Settings');
    await profile.locator('[name=email]').fill('setty.new@example.com');
    await profile.locator('[name="custom:favorite_flavor"]').fill('Pistachio');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    const verification = page.getByTestId('email-verification');
    await verification.waitFor({ timeout: STEP_TIMEOUT });
    // Cognito names the address masked, as CodeDeliveryDetails does.
    expect(await verification.textContent()).toContain('s***@e***');
    const code = await codeFromOutbox(page, username, 'UpdateUserAttribute');
    expect(backend.server.messages().filter((m) => m.purpose === 'UpdateUserAttribute').at(-1)?.destination).toBe('setty.new@example.com');

    await verification.locator('[name=emailCode]').fill(code === '000000' ? '111111' : '000000');
    await verification.getByRole('button', { name: 'Confirm email' }).click();
    await expect.poll(() => verification.locator('.field__error').textContent(), { timeout: STEP_TIMEOUT }).toMatch(/code/i);
    await verification.locator('[name=emailCode]').fill(code);
    await shot(page, '24-settings-email-code');
    await verification.getByRole('button', { name: 'Confirm email' }).click();
    await expect.poll(() => profile.getByRole('status').last().textContent(), { timeout: STEP_TIMEOUT }).toBe('Email confirmed.');
    await state(page, 'signedIn.idle');

    // Cognito holds the new values, and the overview shows them.
    const stored = await backend.demo.pool.admin.getUser(username);
    const attributes = Object.fromEntries(((stored as { UserAttributes?: { Name: string; Value: string }[] }).UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    expect(attributes).toMatchObject({ name: 'Setty Settings', email: 'setty.new@example.com', email_verified: 'true', 'custom:favorite_flavor': 'Pistachio' });
    await page.getByRole('tab', { name: 'Overview' }).click();
    expect(await page.getByTestId('user-attributes').textContent()).toContain('custom:favorite_flavorPistachio');

    // A changed name and a cleared flavor in one save: the update, then the deletion.
    await page.getByRole('tab', { name: 'Settings' }).click();
    await profile.locator('[name=name]').fill('Setty S.');
    await profile.locator('[name="custom:favorite_flavor"]').fill('');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.locator('[data-testid=event-log] [data-type=deleteUserAttributes]').count(), { timeout: STEP_TIMEOUT }).toBe(1);
    await state(page, 'signedIn.idle');
    const after = await backend.demo.pool.admin.getUser(username);
    const kept = Object.fromEntries(((after as { UserAttributes?: { Name: string; Value: string }[] }).UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    expect(kept.name).toBe('Setty S.');
    expect(kept).not.toHaveProperty('custom:favorite_flavor');
    expect(await profile.locator('[name="custom:favorite_flavor"]').inputValue()).toBe('');
    await page.getByRole('tab', { name: 'Overview' }).click();
    expect(await page.locator('.profile .lede').textContent()).toContain('setty.new@example.com');
    // The codes went into the outbox, never into the event log.
    expect(await page.getByTestId('event-log').textContent()).not.toContain(code);
  });

  it('change password: a wrong current password keeps the session; the new one signs in', async () => {
    const username = 'setty.password';
    await makeUser(username);
    const page = await openDemo();
    await signIn(page, username, DEMO_PASSWORD);
    await openSettings(page);
    const password = block(page, 'password');
    await password.locator('[name=oldPassword]').fill('Wr0ng-Passw0rd!');
    await password.locator('[name=newPassword]').fill(NEW_PASSWORD);
    await password.getByRole('button', { name: 'Change password' }).click();
    const alert = password.locator('.banner--error');
    await alert.waitFor({ timeout: STEP_TIMEOUT });
    expect(await alert.locator('.banner__text').textContent()).toBe('The current password is not right.');
    expect(await alert.locator('.banner__name').textContent()).toBe('NotAuthorizedException');
    await state(page, 'signedIn.idle');

    await password.locator('[name=oldPassword]').fill(DEMO_PASSWORD);
    await password.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => password.getByRole('status').textContent(), { timeout: STEP_TIMEOUT }).toMatch(/^Password changed/);
    expect(await password.locator('[name=oldPassword]').inputValue()).toBe('');
    await shot(page, '27-settings-password');
    // Neither password is written in the event log.
    const log = await page.getByTestId('event-log').textContent();
    expect(log).toContain('UPDATE_PASSWORD { oldPassword: ••••, newPassword: •••• }');
    expect(log).not.toContain(NEW_PASSWORD);
    expect(log).not.toContain(DEMO_PASSWORD);

    await signOut(page);
    await signIn(page, username, NEW_PASSWORD);
    await state(page, 'signedIn.idle');
    expect(await page.locator('#screen-title').textContent()).toBe(`Signed in as ${username}`);
  });

  it('authenticator app: QR code, the panel’s code verifies it; with SMS also on, the user picks the app at sign-in', async () => {
    const username = 'setty.totp';
    await makeUser(username, '+14325550123');
    await backend.demo.pool.admin.setMfaPreference(username, { sms: { Enabled: true, PreferredMfa: true } });
    const page = await openDemo();
    await signIn(page, username, DEMO_PASSWORD);
    await screen(page, 'smsMfa');
    await page.locator('[data-testid=auth-card] [name=code]').fill(await codeFromOutbox(page, username, 'Authentication'));
    await page.locator('[data-testid=auth-card] button[type=submit]').click();
    await openSettings(page);
    expect(await page.getByTestId('mfa-summary').textContent()).toBe('On: text message.');

    const totp = block(page, 'totp');
    await totp.getByRole('button', { name: 'Set up authenticator app' }).click();
    const qr = totp.getByTestId('totp-qr');
    await qr.waitFor({ timeout: STEP_TIMEOUT });
    const secret = ((await totp.getByTestId('settings-totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // The QR code is a picture that loads; what it encodes is the otpauth URI of this key.
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(decodeURIComponent((await qr.getAttribute('src')) ?? '')).toMatch(/^data:image\/svg\+xml/);
    expect(await page.getByTestId('authenticator').locator('.panel__meta').textContent()).toBe(`${username} · being set up`);

    await totp.locator('[name=totpCode]').fill('000000');
    await totp.getByRole('button', { name: 'Verify app' }).click();
    await totp.locator('.field__error, .banner--error').first().waitFor({ timeout: STEP_TIMEOUT });
    await state(page, 'signedIn.idle');
    let code = await panelCode(page, username, secret);
    await totp.locator('[name=totpCode]').fill(code);
    await shot(page, '25-settings-totp-qr');
    await totp.getByRole('button', { name: 'Verify app' }).click();
    await expect.poll(() => totp.getByRole('status').textContent(), { timeout: STEP_TIMEOUT }).toMatch(/^Authenticator app added/);
    // The secret is on the page (the QR code and the panel), never in the event log.
    expect(await page.getByTestId('event-log').textContent()).not.toContain(secret);

    // Both factors on, neither preferred: Cognito will ask which one.
    const mfa = block(page, 'mfa');
    await state(page, 'signedIn.idle');
    await mfa.locator('[name=smsMfa]').selectOption('on');
    await mfa.locator('[name=totpMfa]').selectOption('on');
    await mfa.getByRole('button', { name: 'Save two-step verification' }).click();
    await expect.poll(() => page.getByTestId('mfa-summary').textContent(), { timeout: STEP_TIMEOUT }).toBe('On: text message and authenticator app.');
    await state(page, 'signedIn.idle');
    await shot(page, '26-settings-mfa-preference');

    await signOut(page);
    await signIn(page, username, DEMO_PASSWORD);
    await screen(page, 'selectMfaType');
    await page.getByLabel('Authenticator app').check();
    await page.locator('[data-testid=auth-card] button[type=submit]').click();
    await screen(page, 'totpMfa');
    // The code the setup spent cannot sign in: the panel's next one does.
    code = await nextPanelCode(page, code);
    expect([totpCode(secret), totpCode(secret, Date.now() - 2000)]).toContain(code);
    await page.locator('[data-testid=auth-card] [name=code]').fill(code);
    await page.locator('[data-testid=auth-card] button[type=submit]').click();
    await state(page, 'signedIn.idle');
    expect(await page.locator('#screen-title').textContent()).toBe(`Signed in as ${username}`);
  });

  it('email as the second factor: turned on in the settings, the next sign-in asks for the code sent there', async () => {
    const username = 'emmy.mfa';
    await makeUser(username);
    const page = await openDemo();
    await signIn(page, username, DEMO_PASSWORD);
    await openSettings(page);
    expect(await page.getByTestId('mfa-summary').textContent()).toBe('Off: signing in takes only the password.');
    const mfa = block(page, 'mfa');
    await mfa.locator('[name=emailMfa]').selectOption('preferred');
    await mfa.getByRole('button', { name: 'Save two-step verification' }).click();
    await expect.poll(() => page.getByTestId('mfa-summary').textContent(), { timeout: STEP_TIMEOUT }).toBe('On: email.');
    await state(page, 'signedIn.idle');
    await shot(page, '41-settings-email-mfa');

    await signOut(page);
    await signIn(page, username, DEMO_PASSWORD);
    await screen(page, 'emailOtp');
    await page.locator('[data-testid=auth-card] [name=code]').fill(await codeFromOutbox(page, username, 'Authentication'));
    await page.locator('[data-testid=auth-card] button[type=submit]').click();
    await state(page, 'signedIn.idle');
  });

  it('devices: this browser is listed, remembered on request, then forgotten', async () => {
    const username = 'setty.devices';
    await makeUser(username);
    const page = await openDemo();
    await signIn(page, username, DEMO_PASSWORD);
    await openSettings(page);
    const devices = block(page, 'devices');
    const listed = devices.locator('[data-device-key]');
    await expect.poll(() => listed.count(), { timeout: STEP_TIMEOUT }).toBe(1);
    expect(await listed.textContent()).toContain('this browser');
    expect(await listed.textContent()).toContain('not remembered');
    const pool = backend.demo.pool;
    const list = async () =>
      ((await pool.admin.send('AdminListDevices', { UserPoolId: pool.userPoolId, Username: username })) as { Devices?: { DeviceKey: string; DeviceAttributes: { Name: string; Value: string }[] }[] }).Devices ?? [];
    const [device] = await list();
    expect(await listed.getAttribute('data-device-key')).toBe(device?.DeviceKey);

    await devices.getByRole('button', { name: 'Remember this browser' }).click();
    await expect.poll(() => devices.getByRole('status').textContent(), { timeout: STEP_TIMEOUT }).toBe('This browser is remembered.');
    await expect.poll(async () => (await listed.textContent()) ?? '', { timeout: STEP_TIMEOUT }).toMatch(/this browser\s*remembered/);
    expect((await list())[0]?.DeviceAttributes).toContainEqual({ Name: 'dev:device_remembered_status', Value: 'remembered' });
    await state(page, 'signedIn.idle');
    await shot(page, '28-settings-devices');

    await devices.getByRole('button', { name: 'Forget this browser' }).click();
    await expect.poll(() => devices.getByRole('status').textContent(), { timeout: STEP_TIMEOUT }).toBe('Device forgotten.');
    await expect.poll(() => devices.locator('.setting__lede').first().textContent(), { timeout: STEP_TIMEOUT }).toBe('Cognito tracks no device for this account.');
    expect(await list()).toEqual([]);
  });

  it('delete account: asked twice, then signed out, and the user can no longer sign in', async () => {
    const username = 'setty.delete';
    await makeUser(username);
    const page = await openDemo();
    await signIn(page, username, DEMO_PASSWORD);
    await openSettings(page);
    const remove = block(page, 'delete');
    await remove.getByRole('button', { name: 'Delete account…' }).click();
    await remove.getByRole('button', { name: 'Keep it' }).click();
    await remove.getByRole('button', { name: 'Delete account…' }).click();
    await shot(page, '29-settings-delete');
    await remove.getByRole('button', { name: 'Yes, delete my account' }).click();
    await state(page, 'signedOut');
    expect(await page.locator('.banner--success').textContent()).toBe('Your account is deleted, and you are signed out.');
    await expect(backend.demo.pool.admin.getUser(username)).rejects.toMatchObject({ name: 'UserNotFoundException' });

    await signIn(page, username, DEMO_PASSWORD);
    await page.locator('[data-testid=auth-card] .banner--error').waitFor({ timeout: STEP_TIMEOUT });
    await state(page, 'signedOut');
  });
});
