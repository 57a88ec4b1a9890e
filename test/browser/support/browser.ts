/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
import { expect } from '@jest/globals';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_USERS, seedDemo } from '../../../src/modules/demo/demo-seed.js';
import { createTestApp, TestApp } from '../../support/test-app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = () => existsSync(CHROMIUM);

export interface Site {
  t: TestApp;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The app on a real port with the demo data, and a headless Debian Chromium with its own profile. */
export async function openSite(): Promise<Site> {
  const t = await createTestApp();
  await seedDemo(t.app);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  // The stylesheet compiles on its first request (seconds on a busy machine): here, not inside
  // the first test's 10 s page timeout.
  await fetch(`http://127.0.0.1:${port}/assets/app.css`).then((r) => r.arrayBuffer());
  // playwright launches every browser with a fresh temporary --user-data-dir of its own.
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    .catch(async (error: unknown) => {
      await t.close();
      throw error;
    });
  // The stylesheet is compiled on its first request: here, not inside a test's 10 s timeout.
  await fetch(`http://127.0.0.1:${port}/assets/app.css`);
  return {
    t,
    base: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

type DemoRole = (typeof DEMO_USERS)[number]['role'];

/** A demo user by role (its first: Zoë for the apprentice), or by e-mail address. */
export const demoUser = (who: DemoRole | `${string}@${string}`) => {
  const user = DEMO_USERS.find((u) => (who.includes('@') ? u.email === who : u.role === who));
  if (!user) throw new Error(`no demo user ${who}`);
  return user;
};

/** A browser context (cookies of its own) that gives up on a missing element in 10 s, not 30. */
export async function newContext(site: Site, viewport = { width: 1280, height: 900 }) {
  const context = await site.browser.newContext({ baseURL: site.base, viewport });
  context.setDefaultTimeout(10_000);
  return context;
}

/** A fresh browser context signed in through the sign-in page, as a person would. */
export async function signIn(
  site: Site,
  role: Parameters<typeof demoUser>[0],
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(site, viewport);
  const page = await context.newPage();
  const user = demoUser(role);
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
  expect(page.url()).not.toContain('/sign-in');
  return { context, page };
}

/** axe-core on the page as it is: no violation may remain, whatever its impact. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(bad).toEqual([]);
}

/** Nothing wider than the viewport: the page never scrolls sideways. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

/** The element fits the box around it: none of it scrolls out of sight sideways. */
export async function expectFitsItsBox(element: Locator): Promise<void> {
  const [width, box] = await element.evaluate((e) => [e.scrollWidth, e.parentElement!.clientWidth]);
  expect(width).toBeLessThanOrEqual(box);
}

/** Screenshots for people to look at, only when asked for (SCREENSHOT_DIR); never committed. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * Keyboard only: presses Tab until the focused element matches `selector` (at most `limit` times),
 * and fails if it never does, so a journey proves every control is reachable without a mouse.
 */
export async function tabTo(page: Page, selector: string, limit = 400): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
    if (found) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}
