import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, QUIZ } from '../../examples/demo-pool.js';
import { startDemoBackend, type DemoBackend } from '../../examples/demo/demo-backend.js';
import { launchChromium, type Browser } from './support/chromium.js';
import { buildDemo, serveDemo, type DemoSite } from './support/demo-site.js';

/**
 * The demo page and the vanilla example in Chromium against the local user pool over HTTP: every flow a person
 * can click through, with a screenshot of each screen in test-output/screenshots/.
 */

const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const STEP_TIMEOUT = 15_000;

let backend: DemoBackend;
let site: DemoSite;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  await mkdir(SCREENSHOTS, { recursive: true });
  const [dist, started] = await Promise.all([buildDemo(), startDemoBackend({ port: 0 })]);
  backend = started;
  site = await serveDemo(dist, backend.config);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await backend?.server.close();
});

async function openDemo(): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${site.url}/demo/`);
  await expect.poll(() => page.getAttribute('[data-testid=auth-card]', 'data-state'), { timeout: STEP_TIMEOUT }).toBe('signedOut');
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  // Let the outbox poll and CSS transitions settle, so the picture shows what a person would see.
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

async function screen(page: Page, name: string): Promise<void> {
  await page.locator(`[data-screen="${name}"]`).waitFor({ timeout: STEP_TIMEOUT });
}

async function state(page: Page, expected: string): Promise<void> {
  await expect.poll(() => page.getAttribute('[data-testid=auth-card]', 'data-state'), { timeout: STEP_TIMEOUT }).toBe(expected);
}

/** The last code the pool delivered to `username`, once the outbox panel on the page shows it too. */
async function codeFromOutbox(page: Page, username: string, purpose: string): Promise<string> {
  const messages = backend.server.messages().filter((m) => m.username === username && m.purpose === purpose);
  const code = messages.at(-1)?.code;
  if (!code) throw new Error(`no ${purpose} message for ${username}`);
  const shown = page.locator(`[data-testid=outbox-message][data-username="${username}"][data-purpose="${purpose}"]`).first();
  await expect.poll(() => shown.locator('[data-testid=outbox-code]').textContent(), { timeout: STEP_TIMEOUT }).toBe(code);
  return code;
}

async function fill(page: Page, name: string, value: string): Promise<void> {
  await page.locator(`[data-testid=auth-card] [name="${name}"]`).fill(value);
}

async function submit(page: Page): Promise<void> {
  await page.locator('[data-testid=auth-card] button[type=submit]').click();
}

async function signOut(page: Page, global = false): Promise<void> {
  await page.getByRole('button', { name: global ? 'Sign out on every device' : 'Sign out', exact: true }).click();
  await state(page, 'signedOut');
}

function activeInChart(page: Page, id: string) {
  return page.locator(`[data-testid=statechart] g[id="${id}"]`);
}

describe('demo page', () => {
  const newUser = `alex${Date.now().toString(36)}`;

  it('sign-up with a custom attribute → confirm with the code from the outbox → auto sign-in → sign-out', async () => {
    const page = await openDemo();
    await shot(page, '01-sign-in');
    await page.getByRole('tab', { name: 'Create account' }).click();

    // Invalid input never leaves the page: the error sits under the field it names.
    await fill(page, 'username', newUser);
    await fill(page, 'email', 'not-an-email');
    await fill(page, 'password', DEMO_PASSWORD);
    await submit(page);
    const emailField = page.locator('.field--invalid', { has: page.locator('[name=email]') });
    await expect.poll(() => emailField.locator('.field__error').textContent(), { timeout: STEP_TIMEOUT }).toMatch(/^Email /);
    // The event log tells the refused SIGN_UP from one the chart took.
    const refused = page.locator('[data-testid=event-log] [data-type=SIGN_UP]').first();
    expect(await refused.getAttribute('data-refused')).toBe('ValidationError');
    expect(await refused.locator('.log__reason').textContent()).toMatch(/^refused: ValidationError: /);
    await shot(page, '02-sign-up-field-error');

    await fill(page, 'email', `${newUser}@example.com`);
    await page.locator('[name=favorite_flavor]').fill('Pistachio');
    await shot(page, '03-sign-up');
    await submit(page);
    await screen(page, 'confirmSignUp');
    await codeFromOutbox(page, newUser, 'SignUp');

    // A wrong code first: Cognito's CodeMismatchException shows under the code box.
    await fill(page, 'code', '000000');
    await submit(page);
    await expect.poll(() => page.locator('.field__error').textContent(), { timeout: STEP_TIMEOUT }).toMatch(/code/i);
    await page.getByRole('button', { name: 'Resend code' }).click();
    const code = await codeFromOutbox(page, newUser, 'ResendCode');
    await shot(page, '04-confirm-sign-up');

    // Slow auto sign-in down so that its screen can be seen (and photographed).
    await page.route(`${backend.server.endpoint}/`, async (route) => {
      if (route.request().headers()['x-amz-target']?.endsWith('.InitiateAuth')) await new Promise((r) => setTimeout(r, 1200));
      await route.continue();
    });
    await fill(page, 'code', code);
    await submit(page);
    await screen(page, 'autoSignIn');
    await shot(page, '05-auto-sign-in');
    await state(page, 'signedIn.idle');
    await page.unroute(`${backend.server.endpoint}/`);

    const attributes = page.locator('[data-testid=user-attributes]');
    await expect.poll(() => attributes.textContent()).toContain('custom:favorite_flavorPistachio');
    expect(await page.locator('[data-testid=token-expiry]').textContent()).toMatch(/Access token expires.*in \d+:\d\d/);
    expect(await activeInChart(page, 'auth.signedIn.idle').getAttribute('class')).toContain('is-active');
    const log = await page.locator('[data-testid=event-log]').textContent();
    expect(log).toContain(`autoSignIn ${newUser}`);
    expect(log).toContain(`confirmSignUp ${newUser}`);
    expect(await page.content()).not.toContain(DEMO_PASSWORD);
    await shot(page, '06-signed-in');

    await signOut(page);
    expect(await page.locator('.banner--success').textContent()).toBe('You are signed out.');
    await shot(page, '07-signed-out');

    // Forgot password for the same user: the code from the outbox, a new password, then sign in with it.
    await page.getByRole('tab', { name: 'Forgot password' }).click();
    await fill(page, 'username', newUser);
    await submit(page);
    await screen(page, 'resetPassword');
    await state(page, 'resettingPassword.awaitingCode');
    const resetCode = await codeFromOutbox(page, newUser, 'ForgotPassword');
    await shot(page, '08-reset-password');
    await fill(page, 'code', resetCode);
    await fill(page, 'newPassword', 'Another-Passw0rd!');
    await submit(page);
    await state(page, 'signedOut');
    expect(await page.locator('.banner--success').textContent()).toContain('password is changed');
    await fill(page, 'username', `${newUser}@example.com`);
    await fill(page, 'password', 'Another-Passw0rd!');
    await submit(page);
    await state(page, 'signedIn.idle');
    await signOut(page);
    await page.close();
  });

  it('sign-in with SMS MFA: a wrong code first, then the code from the outbox', async () => {
    const page = await openDemo();
    const { users } = backend.demo;
    await page.getByTestId(`demo-user-${users.sms}`).click();
    expect(await page.locator('[name=username]').inputValue()).toBe(users.sms);
    await submit(page);
    await state(page, 'challenge.smsMfa');
    await screen(page, 'smsMfa');
    await codeFromOutbox(page, users.sms, 'Authentication');
    expect(await activeInChart(page, 'auth.challenge.smsMfa').getAttribute('class')).toContain('is-active');
    // Follow lights the states one arrow away and lists what leads there, CANCEL on the enclosing challenge too.
    expect(await activeInChart(page, 'auth.signedOut').getAttribute('class')).toContain('is-neighbour');
    expect(await page.getByTestId('chart-moves').textContent()).toMatch(/challenge:\s*CANCEL.*signedOut/);
    await shot(page, '09-sms-mfa');

    await fill(page, 'code', '000000');
    await submit(page);
    const codeError = page.locator('.field--invalid .field__error');
    await expect.poll(() => codeError.textContent(), { timeout: STEP_TIMEOUT }).toMatch(/code/i);
    await state(page, 'challenge.smsMfa');
    await shot(page, '10-sms-mfa-wrong-code');

    // Hold the answer back: while it is on its way (challenge.responding) the SMS form stays, filled in and locked.
    const code = await codeFromOutbox(page, users.sms, 'Authentication');
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`${backend.server.endpoint}/`, async (route) => {
      if (route.request().headers()['x-amz-target']?.endsWith('.RespondToAuthChallenge')) await held;
      await route.continue();
    });
    await fill(page, 'code', code);
    await submit(page);
    await state(page, 'challenge.responding');
    await screen(page, 'smsMfa');
    const card = page.locator('[data-testid=auth-card]');
    expect(await card.locator('[data-screen=smsMfa]').getAttribute('data-busy')).toBe('true');
    expect(await card.locator('[name=code]').inputValue()).toBe(code);
    expect(await card.locator('[name=code]').isDisabled()).toBe(true);
    expect(await card.locator('button[type=submit]').isDisabled()).toBe(true);
    expect(await activeInChart(page, 'auth.challenge.responding').getAttribute('class')).toContain('is-active');
    await shot(page, '10b-sms-mfa-responding');
    release();
    await state(page, 'signedIn.idle');
    await page.unroute(`${backend.server.endpoint}/`);
    expect(await page.locator('#screen-title').textContent()).toBe(`Signed in as ${users.sms}`);
    await signOut(page);
    await page.close();
  });

  it('sign-in with TOTP MFA using the code the TOTP helper shows, then global sign-out', async () => {
    const page = await openDemo();
    const { users } = backend.demo;
    // With the email alias, as a person would type it.
    await fill(page, 'username', 'tara@example.com');
    await fill(page, 'password', DEMO_PASSWORD);
    await submit(page);
    await state(page, 'challenge.totpMfa');
    await shot(page, '11-totp-mfa');
    const code = ((await page.getByTestId('totp-code').textContent()) ?? '').replace(/\s/g, '');
    expect(code).toMatch(/^\d{6}$/);
    await fill(page, 'code', code);
    await submit(page);
    await state(page, 'signedIn.idle');
    expect(await page.locator('#screen-title').textContent()).toBe(`Signed in as ${users.totp}`);

    await signOut(page, true);
    expect(await page.locator('.banner--success').textContent()).toContain('every device');
    expect(await page.locator('[data-testid=event-log]').textContent()).toContain('signOut (global)');
    await shot(page, '12-global-sign-out');
    await page.close();
  });

  it('custom challenge: the quiz, a wrong answer first', async () => {
    const page = await openDemo();
    const { users } = backend.demo;
    await page.getByTestId(`demo-user-${users.quiz}`).click();
    // The passwordless flow hides the password box.
    expect(await page.locator('[data-testid=auth-card] [name=password]').count()).toBe(0);
    await submit(page);
    await state(page, 'challenge.customChallenge');
    expect(await page.getByTestId('challenge-question').textContent()).toBe(QUIZ.question);
    await shot(page, '13-custom-challenge');
    await fill(page, 'answer', '4');
    await submit(page);
    await state(page, 'challenge.customChallenge');
    await fill(page, 'answer', QUIZ.answer);
    await submit(page);
    await state(page, 'signedIn.idle');
    await signOut(page);
    await page.close();
  });

  it('new password required: a weak password is refused next to the field, then the new one signs in', async () => {
    const page = await openDemo();
    const { users } = backend.demo;
    await page.getByTestId(`demo-user-${users.newPassword}`).click();
    await submit(page);
    await state(page, 'challenge.newPasswordRequired');
    await fill(page, 'newPassword', 'weakpassword');
    await submit(page);
    const error = page.locator('.field--invalid', { has: page.locator('[name=newPassword]') }).locator('.field__error');
    await expect.poll(() => error.textContent(), { timeout: STEP_TIMEOUT }).toMatch(/password/i);
    await shot(page, '14-new-password-required');
    await fill(page, 'newPassword', 'New-Passw0rd!');
    await submit(page);
    await state(page, 'signedIn.idle');
    await signOut(page);
    await page.close();
  });

  it('select MFA type: the user picks SMS, then answers with the code from the outbox', async () => {
    const page = await openDemo();
    const { users } = backend.demo;
    await page.getByTestId(`demo-user-${users.choice}`).click();
    await submit(page);
    await state(page, 'challenge.selectMfaType');
    await page.getByLabel('Text message (SMS)').check();
    await shot(page, '15-select-mfa-type');
    await submit(page);
    await state(page, 'challenge.smsMfa');
    await fill(page, 'code', await codeFromOutbox(page, users.choice, 'Authentication'));
    await submit(page);
    await state(page, 'signedIn.idle');
    await signOut(page);
    await page.close();
  });

  it('the inspector switch opens the Stately inspector and sends it the actor, with secrets masked', async () => {
    // A stand-in for stately.ai/inspect (no network): it says "connected" and keeps what the page sends.
    await browser.context.route('https://stately.ai/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<title>inspector</title><script>
          window.received = [];
          addEventListener('message', (e) => window.received.push(JSON.stringify(e.data)));
          window.opener.postMessage({ type: '@statelyai.connected' }, '*');
        </script>`,
      }),
    );
    const page = await openDemo();
    const { users } = backend.demo;
    const opened = browser.context.waitForEvent('page');
    await page.getByText('Stately inspector').click();
    const inspector = await opened;
    expect(inspector.url()).toContain('stately.ai');
    await page.getByTestId(`demo-user-${users.sms}`).click();
    await submit(page);
    await state(page, 'challenge.smsMfa');
    await fill(page, 'code', await codeFromOutbox(page, users.sms, 'Authentication'));
    await submit(page);
    await state(page, 'signedIn.idle');
    const received = async () => (await inspector.evaluate('window.received')) as string[];
    await expect.poll(async () => (await received()).some((m) => m.includes('signedIn')), { timeout: STEP_TIMEOUT }).toBe(true);
    const messages = await received();
    expect(messages.some((m) => m.includes('@xstate.actor'))).toBe(true);
    expect(messages.some((m) => m.includes('SIGN_IN') && m.includes(users.sms))).toBe(true);
    const all = messages.join('\n');
    expect(all).not.toContain(DEMO_PASSWORD);
    // JWTs start with the base64 of '{"': none reaches the inspector.
    expect(all).not.toContain('eyJ');
    await page.getByText('Stately inspector').click();
    await signOut(page);
    await inspector.close();
    await page.close();
    await browser.context.unroute('https://stately.ai/**');
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('vanilla example', () => {
  it('signs in with SMS MFA through subscribe and the DOM, and signs out', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const { users } = backend.demo;
    await page.goto(`${site.url}/vanilla/`);
    await expect.poll(() => page.locator('#state').textContent(), { timeout: STEP_TIMEOUT }).toBe('signedOut');
    await page.locator('#sign-in [name=username]').fill(users.sms);
    await page.locator('#sign-in [name=password]').fill(DEMO_PASSWORD);
    await shot(page, '16-vanilla-sign-in');
    await page.locator('#sign-in button[type=submit]').click();
    await expect.poll(() => page.locator('#state').textContent(), { timeout: STEP_TIMEOUT }).toBe('challenge.smsMfa');
    const code = backend.server.messages().filter((m) => m.username === users.sms).at(-1)?.code ?? '';
    await page.locator('#code [name=code]').fill(code);
    await shot(page, '17-vanilla-code');
    await page.locator('#code button[type=submit]').click();
    await expect.poll(() => page.locator('#state').textContent(), { timeout: STEP_TIMEOUT }).toBe('signedIn.idle');
    expect(await page.locator('#username').textContent()).toBe(users.sms);
    expect(await page.locator('#email').textContent()).toBe('sam@example.com');
    await shot(page, '18-vanilla-signed-in');
    await page.locator('#sign-out').click();
    await expect.poll(() => page.locator('#state').textContent(), { timeout: STEP_TIMEOUT }).toBe('signedOut');
    expect(errors).toEqual([]);
    await page.close();
  });
});
