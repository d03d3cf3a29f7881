import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoBackend, type DemoBackend } from '../../examples/demo/demo-backend.js';
import { launchChromium, type Browser } from './support/chromium.js';

/** The pool's admin page in a real browser: readable at desktop and phone widths, and its forms work from it. */
let backend: DemoBackend;
let browser: Browser;

beforeAll(async () => {
  backend = await startDemoBackend({ port: 0 });
  browser = await launchChromium();
  mkdirSync('test-output', { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await backend?.server.close();
});

it('shows the demo pools, users and outbox at 1440 and 390 px, and deletes a user from its form', async () => {
  const tab = await browser.context.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  tab.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  // Something in the outbox, and a value that must be shown as text, not markup.
  const { pool } = backend.demo;
  await backend.server.cognito.send('SignUp', {
    ClientId: pool.clientId, Username: 'zoe', Password: 'Passw0rd!',
    UserAttributes: [{ Name: 'email', Value: 'zoe@example.com' }, { Name: 'custom:favorite_flavor', Value: '<b>mint</b> & "chip"' }],
  });
  await backend.server.cognito.send('ForgotPassword', { ClientId: pool.clientId, Username: 'sam.sms' });
  await tab.setViewportSize({ width: 1440, height: 900 });
  await tab.goto(`${backend.server.endpoint}/_local/`);
  // Every demo user (both pools) and zoe.
  await expect.poll(() => tab.locator('article.user').count()).toBe(backend.config.users.length + 1);
  expect(await tab.locator('article.user', { has: tab.locator('h4', { hasText: 'zoe' }) }).textContent()).toContain('<b>mint</b> & "chip"');
  expect(await tab.locator('section', { hasText: 'Outbox' }).locator('tbody tr').count()).toBe(2);
  expect(await tab.locator('h2').allTextContents()).toEqual([
    `demo ${backend.demo.pool.userPoolId}`,
    `demo-mfa-required ${backend.demo.mfaRequired.userPoolId}`,
    expect.stringMatching(/^Outbox/),
  ]);
  await tab.screenshot({ path: 'test-output/admin-page-1440.png', fullPage: true });
  await tab.setViewportSize({ width: 390, height: 844 });
  // Nothing wider than the phone's screen: long ids wrap, tables scroll inside their own box.
  expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await tab.screenshot({ path: 'test-output/admin-page-390.png', fullPage: true });

  await tab.setViewportSize({ width: 1440, height: 900 });
  const quinn = tab.locator('article.user', { has: tab.locator('h4', { hasText: 'quinn.quiz' }) });
  await quinn.getByRole('button', { name: 'Delete' }).click();
  await expect.poll(() => tab.locator('.notice').textContent({ timeout: 5000 })).toBe('Delete: done for quinn.quiz (AdminDeleteUser).');
  expect(await tab.locator('article.user').count()).toBe(backend.config.users.length);
  await tab.screenshot({ path: 'test-output/admin-page-after-delete.png' });
  expect(errors).toEqual([]);
});
