import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../examples/demo-pool.js';
import type { DemoBackend } from '../../examples/demo/demo-backend.js';
import type { Browser } from './support/chromium.js';
import type { DemoSite } from './support/demo-site.js';
import { DESKTOP, STEP_TIMEOUT, screen, shot, startDemoRun, state, type DemoRun } from './support/demo-page.js';

/**
 * Setting up email as the second factor during sign-in, in Chromium on the demo page against the local user pool
 * over HTTP: the demo's "MFA required" pool is given email MFA beside the authenticator app, so a user with neither
 * is asked to choose (MFA_SETUP offering both), gives an address, and signs in with the code sent there.
 * Screenshots of each screen go to test-output/screenshots/ at 1440 px and 390 px wide.
 */


let run: DemoRun;
let backend: DemoBackend;
let site: DemoSite;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  run = await startDemoRun();
  ({ backend, site, browser } = run);
  await backend.demo.mfaRequired.admin.send('SetUserPoolMfaConfig', {
    MfaConfiguration: 'ON',
    SoftwareTokenMfaConfiguration: { Enabled: true },
    EmailMfaConfiguration: { Message: 'Your sign-in code is {####}' },
  });
});

afterAll(async () => {
  await run?.stop();
  expect(pageErrors).toEqual([]);
});

const card = (page: Page) => page.getByTestId('auth-card');

/** The newest sign-in code the pool sent this user. */
function lastCode(username: string): string {
  return backend.server.messages().filter((m) => m.username === username && m.purpose === 'Authentication').at(-1)?.code ?? '';
}

describe('demo: email as the second factor set up during sign-in', () => {
  it('chooses email, gives the address, signs in with the code sent there; the next sign-in asks for an emailed code', async () => {
    const username = 'eve.setup';
    const pool = backend.demo.mfaRequired;
    // No verified email: Cognito asks for the address instead of sending a code at once.
    await pool.admin.createUser(username, { suppress: true });
    await pool.admin.setPassword(username, DEMO_PASSWORD, true);

    const page = await browser.context.newPage();
    await page.setViewportSize(DESKTOP);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${site.url}/demo/?pool=mfaRequired`);
    await state(page, 'signedOut');
    await card(page).locator('[name=username]').fill(username);
    await card(page).locator('[name=password]').fill(DEMO_PASSWORD);
    await card(page).locator('button[type=submit]').click();

    await screen(page, 'mfaSetupChoice');
    await state(page, 'challenge.totpSetup.choosing');
    const offered = await card(page).locator('input[name=mfaType]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(offered).toEqual(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
    await shot(page, '38-mfa-setup-choice');
    await card(page).getByLabel('Email').check();
    await card(page).locator('button[type=submit]').click();

    await screen(page, 'emailMfaSetup');
    await state(page, 'challenge.totpSetup.emailAddress');
    // An address the chart refuses: said under the field, nothing sent, still asking.
    await card(page).locator('[name=email]').fill('not an address');
    await card(page).locator('button[type=submit]').click();
    await expect.poll(() => card(page).textContent(), { timeout: STEP_TIMEOUT }).toMatch(/must be an email address/);
    await state(page, 'challenge.totpSetup.emailAddress');
    expect(lastCode(username)).toBe('');
    await card(page).locator('[name=email]').fill(`${username}@example.com`);
    await shot(page, '39-mfa-setup-email-address');
    await card(page).locator('button[type=submit]').click();

    await screen(page, 'emailOtp');
    await state(page, 'challenge.emailOtp');
    const code = lastCode(username);
    expect(code).toMatch(/^\d+$/);
    // The page's outbox shows the code of the pool the page signs in to.
    const shown = page.locator(`[data-testid=outbox-message][data-username="${username}"]`).first();
    await expect.poll(() => shown.locator('[data-testid=outbox-code]').textContent(), { timeout: STEP_TIMEOUT }).toBe(code);
    await card(page).locator('[name=code]').fill(code);
    await shot(page, '40-mfa-setup-email-code');
    await card(page).locator('button[type=submit]').click();
    await state(page, 'signedIn.idle');

    // Email MFA is now the user's factor: the pool says so, and the next sign-in asks for an emailed code.
    const user = (await pool.admin.send('AdminGetUser', { Username: username })) as { UserMFASettingList?: string[] };
    expect(user.UserMFASettingList).toEqual(['EMAIL_OTP']);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await state(page, 'signedOut');
    await card(page).locator('[name=username]').fill(username);
    await card(page).locator('[name=password]').fill(DEMO_PASSWORD);
    await card(page).locator('button[type=submit]').click();
    await screen(page, 'emailOtp');
    await state(page, 'challenge.emailOtp');
    await page.close();
  });
});
