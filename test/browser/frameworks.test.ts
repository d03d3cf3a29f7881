import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, totpCode } from '../../examples/demo-pool.js';
import { startDemoBackend, type DemoBackend } from '../../examples/demo/demo-backend.js';
import { launchChromium, type Browser } from './support/chromium.js';
import { serveFrameworkPages, type FrameworkPages } from './support/framework-pages.js';

/**
 * The React, Vue, Svelte and Angular examples (docs/frameworks/) in Chromium against the local user pool over HTTP: each
 * signs in with a password and an MFA code, shows the user, and signs out. The vanilla example runs in
 * demo.test.ts, from the demo's build.
 */
const STEP_TIMEOUT = 20_000;
let backend: DemoBackend;
let pages: FrameworkPages;
let browser: Browser;

beforeAll(async () => {
  backend = await startDemoBackend({ port: 0 });
  [pages, browser] = await Promise.all([serveFrameworkPages(backend.config), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await backend?.server.close();
});

async function open(framework: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pages.url(framework));
  await expect
    .poll(() => page.evaluate(() => document.body.dataset.mounted), { timeout: STEP_TIMEOUT, message: errors.join('\n') })
    .toBe(framework);
  return { page, errors };
}

async function signIn(page: Page, username: string, code: () => string, prompt: RegExp) {
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('p').first().textContent(), { timeout: STEP_TIMEOUT }).toMatch(prompt);
  await page.getByLabel('Code').fill(code());
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect.poll(() => page.locator('strong').textContent(), { timeout: STEP_TIMEOUT }).toBe(username);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).count(), { timeout: STEP_TIMEOUT }).toBe(1);
}

const smsCode = (username: string) => () =>
  backend.server.messages().filter((m) => m.username === username && m.purpose === 'Authentication').at(-1)?.code ?? '';
const appCode = () => totpCode(backend.demo.users.totpSecret, Date.now());

describe('framework examples in Chromium', () => {
  it('React: useSelector from @xstate/react, SMS MFA', async () => {
    const { page, errors } = await open('react');
    await signIn(page, backend.demo.users.sms, smsCode(backend.demo.users.sms), /Enter the code sent to \+\*+\d{4}\./);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Vue: useSelector from @xstate/vue, TOTP MFA', async () => {
    const { page, errors } = await open('vue');
    await signIn(page, backend.demo.users.totp, appCode, /authenticator app/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Svelte: useSelector from @xstate/svelte, SMS MFA', async () => {
    const { page, errors } = await open('svelte');
    await signIn(page, backend.demo.users.sms, smsCode(backend.demo.users.sms), /Enter the code sent to/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Angular: signals fed by auth.subscribe, SMS MFA', async () => {
    const { page, errors } = await open('angular');
    await signIn(page, backend.demo.users.sms, smsCode(backend.demo.users.sms), /Enter the code sent to/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows Cognito\'s error for a wrong password (React)', async () => {
    const { page, errors } = await open('react');
    await page.getByLabel('Username or email').fill(backend.demo.users.sms);
    await page.getByLabel('Password').fill('Wrong-Passw0rd!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: STEP_TIMEOUT }).toMatch(/Incorrect username or password/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
