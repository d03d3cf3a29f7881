import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { startDemoBackend, type DemoBackend } from '../../../examples/demo/demo-backend.js';
import { launchChromium, type Browser } from './chromium.js';
import { buildDemo, serveDemo, type DemoSite } from './demo-site.js';

/* What the demo page's browser tests share: the demo started for real, and how they wait and take pictures. */

export const SCREENSHOTS = fileURLToPath(new URL('../../../test-output/screenshots/', import.meta.url));
export const STEP_TIMEOUT = 15_000;
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface DemoRun {
  backend: DemoBackend;
  site: DemoSite;
  browser: Browser;
  stop(): Promise<void>;
}

/** The demo's local user pool on 127.0.0.1 (port 0), the page built and served, and Chromium. */
export async function startDemoRun(): Promise<DemoRun> {
  // The SDK's notice that its 2027 releases need Node 22 is no finding of these tests.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  await mkdir(SCREENSHOTS, { recursive: true });
  const [dist, backend] = await Promise.all([buildDemo(), startDemoBackend({ port: 0 })]);
  const site = await serveDemo(dist, backend.config);
  const browser = await launchChromium();
  return {
    backend,
    site,
    browser,
    async stop() {
      await browser.close();
      await site.close();
      await backend.server.close();
    },
  };
}

/** Waits until the auth card shows the chart in `expected` (its `data-state`, e.g. `signedIn.idle`). */
export async function state(page: Page, expected: string): Promise<void> {
  await expect.poll(() => page.getAttribute('[data-testid=auth-card]', 'data-state'), { timeout: STEP_TIMEOUT }).toBe(expected);
}

/** Waits until the screen named `name` (its `data-screen`) is shown. */
export async function screen(page: Page, name: string): Promise<void> {
  await page.locator(`[data-screen="${name}"]`).waitFor({ timeout: STEP_TIMEOUT });
}

/** test-output/screenshots/<name>-1440.png and <name>-390.png; at 390 px the page must not scroll sideways. */
export async function shot(page: Page, name: string): Promise<void> {
  // Let the outbox poll and CSS transitions settle, so the picture shows what a person would see; from the top,
  // so that the sticky bar is drawn where it sits.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${SCREENSHOTS}${name}-1440.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200);
  const overflow = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    // What sticks out, for the failure message.
    wider: Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}`),
  }));
  expect(overflow.scrollWidth, `${name} at 390 px: ${overflow.wider.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: `${SCREENSHOTS}${name}-390.png`, fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(100);
}
