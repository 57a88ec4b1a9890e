import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { samples } from '../support/sample-files.js';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  openSite,
  screenshot,
  signIn,
  Site,
  tabTo,
} from './support/browser.js';
import { DEMO_SEED_TIMEOUT_MS } from '../support/test-app.js';

/** Holds the upload half a second, so its progress bars can be seen before the page moves on. */
const holdUploads = (page: Page) =>
  page.route('**/add-evidence*', async (route) => {
    await new Promise((r) => setTimeout(r, 500));
    await route.continue();
  });

describe('an apprentice adds evidence and tags it', () => {
  let site: Site;
  beforeAll(async () => {
    site = await openSite();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
  });

  it('uploads several files with a progress bar each, tags a criterion found by search, and submits', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await expectAccessible(page);
    await page.getByLabel('Title').fill('Drift monitoring runbook');
    await page.getByLabel('Kind of evidence').selectOption('report');
    await page.getByLabel('Day').fill('3');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year').fill('2026');
    await page.getByLabel('Description').fill('Wrote the runbook for drift alerts.');
    await page.getByLabel('Links (optional)').fill('https://example.com/runbook');
    await page.locator('input[type=file]').setInputFiles([
      { name: 'chart.png', mimeType: 'image/png', buffer: samples.png() },
      { name: 'runbook.pdf', mimeType: 'application/pdf', buffer: samples.pdf() },
    ]);
    await page.getByLabel('Search the criteria').fill('K5');
    const k5 = page.getByRole('checkbox', { name: /^K5 / });
    await expect(k5.isVisible()).resolves.toBe(true);
    await expect(page.getByRole('checkbox', { name: /^K6 / }).isVisible()).resolves.toBe(false);
    await k5.check();
    await page
      .getByLabel('How does this evidence show K5?')
      .fill('The runbook explains the metric.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/\/evidence\/[^/]+\/view(\?saved=\w+)?$/);
    // The per-file bars were there while it uploaded (script path, not the plain post).
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Drift monitoring runbook',
    );
    await expect(
      page.locator('.govuk-tag', { hasText: 'Waiting for review' }).count(),
    ).resolves.toBe(1);
    await expect(page.locator('img.ksb-file__image').count()).resolves.toBe(1);
    await expect(page.locator('iframe.ksb-file__pdf').count()).resolves.toBe(1);
    const image = await page.evaluate(async () => {
      const img = document.querySelector('img.ksb-file__image') as HTMLImageElement;
      await img.decode();
      return img.naturalWidth;
    });
    expect(image).toBeGreaterThan(0);
    await expectAccessible(page);
    await context.close();
  });

  it('shows the progress bars while files upload', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    await page.goto(page.url() + '/add-evidence');
    await page.getByLabel('Title').fill('Progress');
    await page.getByLabel('Kind of evidence').selectOption('code');
    await page.getByLabel('Day').fill('4');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year').fill('2026');
    await page.locator('input[type=file]').setInputFiles([
      { name: 'a.png', mimeType: 'image/png', buffer: samples.png() },
      { name: 'b.png', mimeType: 'image/png', buffer: samples.png() },
    ]);
    await holdUploads(page);
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await expect(page.locator('[data-ksb-progress] progress').count()).resolves.toBe(2);
    await page.waitForURL(/\/evidence\/[^/]+\/view(\?saved=\w+)?$/);
    await expect(page.locator('.govuk-tag', { hasText: 'Draft' }).count()).resolves.toBe(1);
    // The draft's two actions sit on one line, and the submit button sends its own form.
    const submit = page.getByRole('button', { name: 'Submit for review' });
    const change = page.getByRole('button', { name: 'Change this evidence' });
    const [a, b] = [await submit.boundingBox(), await change.boundingBox()];
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
    // Nothing is ticked yet: submitting says what to do first.
    await submit.click();
    // Waits for the page the post answers with (a count alone would read the page before it).
    await page
      .locator('.govuk-error-summary')
      .getByText('Tick at least one criterion this evidence shows before submitting it')
      .waitFor();
    expect(page.url()).toMatch(/\/send-for-review$/);
    await context.close();
  });

  it('shows every problem in the error summary and at its field', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    await page.goto(page.url() + '/add-evidence');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.getByRole('link', { name: 'Enter a title' }).count()).resolves.toBe(1);
    await expect(summary.getByRole('link', { name: /kind of evidence/ }).count()).resolves.toBe(1);
    await expect(summary.getByRole('link', { name: /date of the activity/ }).count()).resolves.toBe(
      1,
    );
    await expect(page.locator('#title-error').count()).resolves.toBe(1);
    await expectAccessible(page);
    await context.close();
  });

  it('puts the focus on the error summary after an upload the form refused', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    await page.goto(page.url() + '/add-evidence');
    await page.getByLabel('Kind of evidence').selectOption('code');
    await page
      .locator('input[type=file]')
      .setInputFiles([{ name: 'a.png', mimeType: 'image/png', buffer: samples.png() }]);
    // No title: the upload (sent in the background for its progress bar) comes back with errors.
    await page.getByRole('button', { name: 'Save as draft' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByRole('link', { name: 'Enter a title' }).waitFor();
    await expect(
      page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
    ).resolves.toBe(true);
    // The file is still chosen (the script kept it), so the page does not ask for it again.
    await expect(
      page.locator('input[type=file]').evaluate((i: HTMLInputElement) => i.files?.[0]?.name),
    ).resolves.toBe('a.png');
    await expect(page.getByText('Choose your files again').count()).resolves.toBe(0);
    // The page is enhanced again: a second try shows its progress bar, and sends the kept file.
    await page.getByLabel('Title').fill('Second try');
    await page.getByLabel('Day').fill('4');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year').fill('2026');
    await holdUploads(page);
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await expect(page.locator('[data-ksb-progress] progress').count()).resolves.toBe(1);
    await page.waitForURL(/\/evidence\/[^/]+\/view(\?saved=\w+)?$/);
    await expect(page.locator('img.ksb-file__image').count()).resolves.toBe(1);
    await context.close();
  });

  it('can be done with the keyboard alone', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    await tabTo(page, 'a[href$="/add-evidence"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/add-evidence$/);
    await tabTo(page, '#title');
    await page.keyboard.type('Keyboard-only evidence');
    await tabTo(page, '#kind');
    await page.keyboard.press('ArrowDown'); // the first kind
    await tabTo(page, '#activityDate-day');
    await page.keyboard.type('5');
    await page.keyboard.press('Tab');
    await page.keyboard.type('6');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2026');
    await tabTo(page, '#criteria-search');
    await page.keyboard.type('S2');
    await tabTo(page, 'input[value="S2"]');
    await page.keyboard.press('Space');
    await tabTo(page, '#justification-S2');
    await page.keyboard.type('I framed the problem with the retention team.');
    await tabTo(page, 'button[value="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/evidence\/[^/]+\/view(\?saved=\w+)?$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Keyboard-only evidence',
    );
    await expect(page.locator('.ksb-tag-decision h3').textContent()).resolves.toContain('S2');
    await context.close();
  });

  it('fits the add-evidence page on a 320 px phone', async () => {
    const { context, page } = await signIn(site, 'apprentice', { width: 320, height: 640 });
    await page.goto(page.url() + '/add-evidence');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'add-evidence-320');
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'add-evidence-1280');
    await context.close();
  });
});
