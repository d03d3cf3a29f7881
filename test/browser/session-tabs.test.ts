import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalUserPool,
  startLocalCognito,
  type LocalCognitoServer,
  type LocalUserPool,
} from '@cognito-auth-machine/local-pool';
import { startPageServer, type PageServer } from './support/page-server.js';

/*
 * Two tabs of one origin in Debian's Chromium: tokens in localStorage shared by both, a Web Lock around refreshes,
 * the resume point in each tab's sessionStorage. The local user pool serves Cognito over HTTP and counts refreshes.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const PASSWORD = 'Passw0rd!';

let pool: LocalUserPool;
let cognito: LocalCognitoServer;
let pages: PageServer;
let profile: string;
let context: BrowserContext;
let tabA: Page;
let tabB: Page;
let refreshes = 0;
let refreshDelayMs = 0;

async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(url);
  await page.waitForFunction(() => document.body?.dataset.ready === 'true');
  return page;
}

const state = (page: Page) => page.evaluate(() => window.harness.state());
const waitForState = (page: Page, fragment: string) =>
  page.waitForFunction((f) => window.harness.state().includes(f), fragment, { timeout: 10_000 });

beforeAll(async () => {
  pool = await createLocalUserPool({
    pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns', ExternalId: 'local' } },
  });
  await pool.admin.createUser('ana', { attributes: [{ Name: 'email', Value: 'ana@example.com' }], suppress: true });
  await pool.admin.setPassword('ana', PASSWORD, true);
  await pool.admin.createUser('mia', { attributes: [{ Name: 'phone_number', Value: '+14325550100' }], suppress: true });
  await pool.admin.setPassword('mia', PASSWORD, true);
  await pool.admin.setMfaPreference('mia', { sms: { Enabled: true, PreferredMfa: true } });
  // Count refreshes where the server receives them, beneath every client.
  const send = pool.cognito.send.bind(pool.cognito);
  pool.cognito.send = async (operation, input) => {
    if (operation === 'InitiateAuth' && (input as { AuthFlow?: string }).AuthFlow === 'REFRESH_TOKEN_AUTH') {
      refreshes += 1;
      // A slow answer, so that "at the same moment" holds however late the second tab starts on a busy machine:
      // its forced refresh begins while the first is still in flight, which is the race the lock is for.
      await new Promise((resolve) => setTimeout(resolve, refreshDelayMs));
    }
    return send(operation, input);
  };
  cognito = await startLocalCognito({ cognito: pool.cognito });
  pages = await startPageServer();
  profile = await mkdtemp(join(tmpdir(), 'session-tabs-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  const query = new URLSearchParams({ endpoint: cognito.endpoint, pool: pool.userPoolId, client: pool.clientId });
  const url = `${pages.origin}/?${query}`;
  tabA = await open(url);
  tabB = await open(url);
});

afterAll(async () => {
  await context?.close();
  await pages?.close();
  await cognito?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe('two tabs of one origin', () => {
  it('a sign-in in one tab appears in the other', async () => {
    expect(await state(tabA)).toBe('"signedOut"');
    expect(await state(tabB)).toBe('"signedOut"');
    await tabA.evaluate((p) => window.harness.signIn('ana', p), PASSWORD);
    await waitForState(tabA, 'signedIn');
    await waitForState(tabB, 'signedIn');
    expect(await tabB.evaluate(() => window.harness.username())).toBe('ana');
    expect(await tabB.evaluate(() => window.harness.events)).toEqual(['signIn']);
  });

  it('a forced refresh at the same moment in both tabs makes one refresh request', async () => {
    refreshes = 0;
    const before = await tabA.evaluate(() => window.harness.getTokens(false));
    refreshDelayMs = 1500;
    const [a, b] = await Promise.all([
      tabA.evaluate(() => window.harness.getTokens(true)),
      tabB.evaluate(() => window.harness.getTokens(true)),
    ]).finally(() => {
      refreshDelayMs = 0;
    });
    expect(a).not.toMatch(/^error:/);
    expect(a).not.toBe(before);
    expect(b).toBe(a);
    expect(refreshes).toBe(1);
  });

  it('a sign-out in one tab signs the other out', async () => {
    await tabB.evaluate(() => window.harness.signOut());
    await waitForState(tabB, 'signedOut');
    await waitForState(tabA, 'signedOut');
    expect(await tabA.evaluate(() => window.harness.events.at(-1))).toBe('signOut');
    expect(await tabA.evaluate(() => window.harness.getTokens(false))).toBe('error:UserUnAuthenticatedException');
  });

  it('a reload in the middle of SMS MFA comes back at the code prompt and finishes', async () => {
    await tabA.evaluate((p) => window.harness.signIn('mia', p), PASSWORD);
    await waitForState(tabA, 'smsMfa');
    await tabA.reload();
    await tabA.waitForFunction(() => document.body?.dataset.ready === 'true');
    expect(await state(tabA)).toBe('{"challenge":"smsMfa"}');
    // Nothing secret in the tab's resume point: Cognito's session, no password.
    const saved = await tabA.evaluate(() => JSON.stringify(sessionStorage));
    expect(saved).toContain('smsMfa');
    expect(saved).not.toContain(PASSWORD);
    const code = pool.lastCode('mia');
    expect(code).toMatch(/^\d{6}$/);
    await tabA.evaluate((c) => window.harness.confirmSignIn(c), code!);
    await waitForState(tabA, 'signedIn');
    expect(await tabA.evaluate(() => window.harness.username())).toBe('mia');
    // The other tab follows the sign-in.
    await waitForState(tabB, 'signedIn');
    expect(await tabA.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
