import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, QUIZ, QUIZ_TRIES, totpCode } from '../../examples/demo-pool.js';
import { startDemoBackend, type DemoBackend } from '../../examples/demo/demo-backend.js';
import { launchChromium, type Browser } from './support/chromium.js';
import { buildDemo, serveDemo, type DemoSite } from './support/demo-site.js';
import { DESKTOP, SCREENSHOTS, STEP_TIMEOUT, shot } from './support/demo-page.js';

/**
 * The demo page and the vanilla example in Chromium against the local user pool over HTTP: every flow a person
 * can click through, with a screenshot of each screen in test-output/screenshots/, at 1440 px and at 390 px
 * (a phone) wide, where nothing may be wider than the screen.
 */


let backend: DemoBackend;
let site: DemoSite;
let browser: Browser;
const pageErrors: string[] = [];
/** Every error line the pages print in the console: a normal run prints none. */
const consoleErrors: string[] = [];

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
  await page.setViewportSize(DESKTOP);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium reports every 4xx answer it fetched; Cognito answers a wrong code or password with a 400. The
    // test below signs in without a mistake and checks that nothing at all is printed then.
    const refusedByPool = message.location().url.startsWith(backend.server.endpoint) && / status of 400 /.test(message.text());
    if (!refusedByPool) consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  await page.goto(`${site.url}/demo/`);
  await expect.poll(() => page.getAttribute('[data-testid=auth-card]', 'data-state'), { timeout: STEP_TIMEOUT }).toBe('signedOut');
  return page;
}

/** The vanilla example, as before: one picture at the browser's own size. */
async function vanillaShot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** The event log's entries of one type, newest first. */
function logEntries(page: Page, type: string) {
  return page.locator(`[data-testid=event-log] [data-type="${type}"]`);
}

/** The error banner's sentence, then the exception's name (shown after it, smaller). */
async function banner(page: Page): Promise<{ text: string; name: string }> {
  const alert = page.locator('[data-testid=auth-card] .banner--error').first();
  await alert.waitFor({ timeout: STEP_TIMEOUT });
  return {
    text: (await alert.locator('.banner__text').textContent()) ?? '',
    name: (await alert.locator('.banner__name').textContent()) ?? '',
  };
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
      if (route.request().headers()['x-amz-target']?.endsWith('.InitiateAuth')) await new Promise((r) => setTimeout(r, 3000));
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
    // Signed out after a sign-up: the page offers to sign in, not to sign up again.
    expect(await page.getByRole('tab', { name: 'Sign in' }).getAttribute('aria-selected')).toBe('true');
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
    expect(await page.getByRole('tab', { name: 'Sign in' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('[data-testid=auth-card] [name=username]').inputValue()).toBe(newUser);
    expect(await page.locator('[data-testid=auth-card] [name=password]').inputValue()).toBe('');
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

    // An empty code never leaves the page: the chart refuses the event, and the log says so.
    await submit(page);
    const refused = logEntries(page, 'CONFIRM_SIGN_IN').first();
    await expect.poll(() => refused.getAttribute('data-refused'), { timeout: STEP_TIMEOUT }).toBe('ValidationError');
    expect(await refused.locator('.log__arrow').getAttribute('aria-label')).toBe('refused');

    await fill(page, 'code', '000000');
    await submit(page);
    const codeError = page.locator('.field--invalid .field__error');
    await expect.poll(() => codeError.textContent(), { timeout: STEP_TIMEOUT }).toMatch(/code/i);
    await state(page, 'challenge.smsMfa');
    // The wrong code is announced (as Amplify's confirmSignIn rejects), and the answer that carried it was taken.
    const failure = logEntries(page, 'confirmSignIn_failure').first();
    await expect.poll(() => failure.textContent(), { timeout: STEP_TIMEOUT }).toContain('CodeMismatchException');
    expect(await logEntries(page, 'CONFIRM_SIGN_IN').first().getAttribute('data-refused')).toBeNull();
    expect(await logEntries(page, 'CONFIRM_SIGN_IN').first().locator('.log__arrow').getAttribute('aria-label')).toBe('sent');
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
    expect(await page.getByTestId('challenge-round').count()).toBe(0);
    await fill(page, 'answer', '4');
    await submit(page);
    // Cognito only asks again; the pool's next round says the answer was wrong, and the page says so.
    const round = page.getByTestId('challenge-round');
    await expect.poll(() => round.textContent(), { timeout: STEP_TIMEOUT }).toContain('not accepted');
    expect(await round.textContent()).toContain(`try 2 of ${QUIZ_TRIES}`);
    await state(page, 'challenge.customChallenge');
    expect(await page.locator('[data-testid=auth-card] [name=answer]').inputValue()).toBe('');
    const again = logEntries(page, 'challenge').first();
    expect(await again.textContent()).toContain(`CUSTOM_CHALLENGE asked again: the answer was not accepted (try 2 of ${QUIZ_TRIES})`);
    expect(await again.getAttribute('class')).toContain('log__entry--failure');
    await shot(page, '13b-custom-challenge-not-accepted');
    await fill(page, 'answer', QUIZ.answer);
    await submit(page);
    await state(page, 'signedIn.idle');
    await signOut(page);
    await page.close();
  });

  it('custom challenge: after the last wrong answer the sign-in ends, and the page says why in words', async () => {
    const page = await openDemo();
    const { users } = backend.demo;
    await page.getByTestId(`demo-user-${users.quiz}`).click();
    await submit(page);
    for (let attempt = 1; attempt <= QUIZ_TRIES; attempt++) {
      await state(page, 'challenge.customChallenge');
      await page.locator('[data-testid=auth-card] [data-screen=customChallenge] [name=answer]').waitFor({ timeout: STEP_TIMEOUT });
      if (attempt > 1) await expect.poll(() => page.getByTestId('challenge-round').textContent(), { timeout: STEP_TIMEOUT }).toContain(`try ${attempt} of`);
      await fill(page, 'answer', 'seven');
      await submit(page);
    }
    await state(page, 'signedOut');
    const { text, name } = await banner(page);
    expect(text).toBe('Your answers were not accepted, so this sign-in has ended. Sign in again for a new question.');
    expect(name).toBe('NotAuthorizedException');
    // The sentence leads; the exception's name comes after it.
    const order = await page.locator('[data-testid=auth-card] .banner--error > *').evaluateAll((nodes) => nodes.map((n) => n.className));
    expect(order[0]).toBe('banner__text');
    expect(order.at(-1)).toBe('banner__name');
    expect(await logEntries(page, 'confirmSignIn_failure').count()).toBe(1);
    expect(await logEntries(page, 'signIn_failure').count()).toBe(1);
    await shot(page, '13c-custom-challenge-ended');
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
    // The card's temporary password is spent: nothing from it is filled in again, not even from the card.
    expect(await page.locator('[data-testid=auth-card] [name=username]').inputValue()).toBe('');
    expect(await page.locator('[data-testid=auth-card] [name=password]').inputValue()).toBe('');
    await page.getByTestId(`demo-user-${users.newPassword}`).click();
    expect(await page.locator('[data-testid=auth-card] [name=username]').inputValue()).toBe(users.newPassword);
    expect(await page.locator('[data-testid=auth-card] [name=password]').inputValue()).toBe('');
    expect(await page.getByTestId(`demo-user-${users.newPassword}`).getByTestId('password-changed').count()).toBe(1);
    await shot(page, '14b-new-password-card-spent');
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

  it('select MFA type: the user picks the authenticator app, whose code the Authenticator panel shows for that user', async () => {
    const page = await openDemo();
    const { users } = backend.demo;
    await page.getByTestId(`demo-user-${users.choice}`).click();
    await submit(page);
    await state(page, 'challenge.selectMfaType');
    // Only the factors this user has are offered.
    const offered = await page.locator('[data-testid=auth-card] [name=mfaType]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(offered.sort()).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    await page.getByLabel('Authenticator app').check();
    await submit(page);
    await state(page, 'challenge.totpMfa');
    expect(await page.getByTestId('authenticator').getAttribute('data-username')).toBe(users.choice);
    await shot(page, '15b-select-mfa-authenticator');
    const code = ((await page.getByTestId('totp-code').textContent()) ?? '').replace(/\s/g, '');
    expect([totpCode(users.choiceTotpSecret), totpCode(users.choiceTotpSecret, Date.now() - 2000)]).toContain(code);
    await fill(page, 'code', code);
    await submit(page);
    await state(page, 'signedIn.idle');
    expect(await page.locator('#screen-title').textContent()).toBe(`Signed in as ${users.choice}`);
    await signOut(page);
    await page.close();
  });

  it('MFA required: a user of the second pool sets up an authenticator app (MFA_SETUP) with the code the panel makes', async () => {
    const page = await openDemo();
    const { users } = backend.demo;
    // The page talks to one pool: the card opens it again on the user's pool, filled in.
    await page.getByTestId(`demo-user-${users.setup}`).click();
    await expect.poll(() => page.url(), { timeout: STEP_TIMEOUT }).toContain('pool=mfaRequired');
    await state(page, 'signedOut');
    expect(await page.getByTestId('current-pool').textContent()).toBe('pool: MFA required');
    expect(await page.locator('[data-testid=auth-card] [name=username]').inputValue()).toBe(users.setup);
    await submit(page);
    await state(page, 'challenge.totpSetup.idle');
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const panel = page.getByTestId('authenticator');
    expect(await panel.getAttribute('data-username')).toBe(users.setup);
    expect(await panel.locator('.panel__meta').textContent()).toContain('being set up');
    await shot(page, '19-totp-setup');

    await fill(page, 'code', '000000');
    await submit(page);
    const { text, name } = await banner(page);
    expect(text).toContain('does not match the key being set up');
    expect(name).toBe('EnableSoftwareTokenMFAException');
    await state(page, 'challenge.totpSetup.idle');
    await expect.poll(() => logEntries(page, 'confirmSignIn_failure').first().textContent(), { timeout: STEP_TIMEOUT }).toContain('EnableSoftwareTokenMFAException');
    await shot(page, '20-totp-setup-wrong-code');

    const code = ((await page.getByTestId('totp-code').textContent()) ?? '').replace(/\s/g, '');
    expect([totpCode(secret), totpCode(secret, Date.now() - 2000)]).toContain(code);
    await fill(page, 'code', code);
    await submit(page);
    await state(page, 'signedIn.idle');
    expect(await page.locator('#screen-title').textContent()).toBe(`Signed in as ${users.setup}`);
    await signOut(page);

    // Set up once, asked from then on: the panel keeps the key it was given.
    await fill(page, 'username', users.setup);
    await fill(page, 'password', DEMO_PASSWORD);
    await submit(page);
    await state(page, 'challenge.totpMfa');
    expect(await page.getByTestId('authenticator').getAttribute('data-username')).toBe(users.setup);
    // Cognito takes each code once: the sign-in waits for the panel's next code after the one the setup spent.
    const panelCode = async () => ((await page.getByTestId('totp-code').textContent()) ?? '').replace(/\s/g, '');
    await expect.poll(panelCode, { timeout: 35_000, interval: 500 }).not.toBe(code);
    await fill(page, 'code', await panelCode());
    await submit(page);
    await state(page, 'signedIn.idle');
    await signOut(page);

    // And back to the main pool, the same way.
    await page.getByTestId(`demo-user-${users.sms}`).click();
    await expect.poll(() => page.getByTestId('current-pool').textContent(), { timeout: STEP_TIMEOUT }).toBe('pool: MFA optional');
    expect(await page.locator('[data-testid=auth-card] [name=username]').inputValue()).toBe(users.sms);
    await page.close();
  }, 120_000);

  it('forgot password for an unknown user: the error stays on the reset form, in words, with what was typed', async () => {
    const page = await openDemo();
    const { users } = backend.demo;
    // A card picked earlier must not show up under the reset error.
    await page.getByTestId(`demo-user-${users.sms}`).click();
    await page.getByRole('tab', { name: 'Forgot password' }).click();
    await fill(page, 'username', 'nobody.here');
    await submit(page);
    await state(page, 'signedOut');
    const { text, name } = await banner(page);
    expect(text).toBe('There is no account with that username or email.');
    expect(name).toBe('UserNotFoundException');
    expect(await page.getByRole('tab', { name: 'Forgot password' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('[data-testid=auth-card] [name=username]').inputValue()).toBe('nobody.here');
    expect(await logEntries(page, 'forgotPassword_failure').count()).toBe(1);
    await shot(page, '21-forgot-password-unknown-user');
    // The sign-in tab does not carry the reset's error.
    await page.getByRole('tab', { name: 'Sign in' }).click();
    expect(await page.locator('[data-testid=auth-card] .banner--error').count()).toBe(0);
    expect(await page.locator('[data-testid=auth-card] [name=username]').inputValue()).toBe(users.sms);
    await page.close();
  });

  it('the whole chart is the docs drawing at its own size, with the events on its arrows and the active state lit', async () => {
    const page = await openDemo();
    await page.getByRole('button', { name: 'Whole chart' }).click();
    const chart = page.getByTestId('statechart');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('whole');
    // The docs' joined arrows, labelled on the arrow (the follow view keeps them in tooltips).
    expect(await chart.locator('g.edge text').count()).toBeGreaterThan(20);
    expect(await chart.locator('g.edge text', { hasText: 'SIGN_IN' }).count()).toBeGreaterThan(0);
    expect(await activeInChart(page, 'auth.signedOut').getAttribute('class')).toContain('is-active');
    // One diagram unit a pixel: state names at the docs' 11 units are drawn about 11 px high, not shrunk to fit.
    const label = chart.locator('g[id="auth.signedOut"] text').first();
    const height = (await label.boundingBox())?.height ?? 0;
    expect(height).toBeGreaterThanOrEqual(10);
    await shot(page, '22-whole-chart');
    await page.getByRole('button', { name: 'Follow' }).click();
    await expect.poll(() => chart.getAttribute('data-view')).toBe('follow');
    expect(await chart.locator('g.edge text').count()).toBe(0);
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
    const received = async () => (await inspector.evaluate('window.received')) as string[];
    // Events sent before the inspector says it is connected are not replayed (only actors and their snapshots
    // are): sign in once it has the actor, as a person would after the window opened.
    await expect.poll(async () => (await received()).some((m) => m.includes('@xstate.actor')), { timeout: STEP_TIMEOUT }).toBe(true);
    await page.getByTestId(`demo-user-${users.sms}`).click();
    await submit(page);
    await state(page, 'challenge.smsMfa');
    await fill(page, 'code', await codeFromOutbox(page, users.sms, 'Authentication'));
    await submit(page);
    await state(page, 'signedIn.idle');
    await expect.poll(async () => (await received()).some((m) => m.includes('signedIn')), { timeout: STEP_TIMEOUT }).toBe(true);
    const messages = await received();
    expect(messages.some((m) => m.includes('@xstate.actor'))).toBe(true);
    expect(messages.filter((m) => m.includes('SIGN_IN')).map((m) => m.slice(0, 400)), messages.map((m) => m.slice(0, 120)).join('\n')).toContainEqual(expect.stringContaining(users.sms));
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

  it('a sign-in without mistakes prints nothing in red: no CORS error from the SRP engine probe, no refused request', async () => {
    // A fresh page: its first SRP sign-in is the one that used to look for node:crypto.
    const page = await browser.context.newPage();
    const printed: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') printed.push(`${message.type()}: ${message.text()}`);
    });
    page.on('requestfailed', (request) => printed.push(`request failed: ${request.url()}`));
    await page.goto(`${site.url}/demo/`);
    await state(page, 'signedOut');
    const { users } = backend.demo;
    await page.getByTestId(`demo-user-${users.sms}`).click();
    await submit(page);
    await state(page, 'challenge.smsMfa');
    await fill(page, 'code', await codeFromOutbox(page, users.sms, 'Authentication'));
    await submit(page);
    await state(page, 'signedIn.idle');
    await signOut(page);
    expect(printed).toEqual([]);
    await page.close();
  });

  it('raised no page errors and printed no error in the console', () => {
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
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
    await vanillaShot(page, '16-vanilla-sign-in');
    await page.locator('#sign-in button[type=submit]').click();
    await expect.poll(() => page.locator('#state').textContent(), { timeout: STEP_TIMEOUT }).toBe('challenge.smsMfa');
    const code = backend.server.messages().filter((m) => m.username === users.sms).at(-1)?.code ?? '';
    await page.locator('#code [name=code]').fill(code);
    await vanillaShot(page, '17-vanilla-code');
    await page.locator('#code button[type=submit]').click();
    await expect.poll(() => page.locator('#state').textContent(), { timeout: STEP_TIMEOUT }).toBe('signedIn.idle');
    expect(await page.locator('#username').textContent()).toBe(users.sms);
    expect(await page.locator('#email').textContent()).toBe('sam@example.com');
    await vanillaShot(page, '18-vanilla-signed-in');
    await page.locator('#sign-out').click();
    await expect.poll(() => page.locator('#state').textContent(), { timeout: STEP_TIMEOUT }).toBe('signedOut');
    expect(errors).toEqual([]);
    await page.close();
  });
});
