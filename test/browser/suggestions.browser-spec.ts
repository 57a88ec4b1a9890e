import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  openSite,
  screenshot,
  signIn,
  Site,
} from './support/browser.js';
import { DEMO_SEED_TIMEOUT_MS } from '../support/test-app.js';

const DESCRIPTION =
  'Built a weekly data drift report for the churn model with a population stability index ' +
  'per feature, and alerting in Grafana when performance metrics drop.';

describe('an apprentice asks for suggested criteria while adding and changing evidence', () => {
  let site: Site;
  beforeAll(async () => {
    site = await openSite();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
  });

  it('lists suggestions first with their reasons; one ticked starts its justification', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await page.getByLabel('Title').fill('Drift monitoring for the churn model');
    await page.getByLabel('Kind of evidence').selectOption('report');
    await page.getByLabel('Day').fill('3');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year').fill('2026');
    await page.getByLabel('Description').fill(DESCRIPTION);
    await page.getByRole('button', { name: 'Suggest criteria from what I have written' }).click();
    await page.waitForLoadState('load');

    // Nothing saved; the form keeps what was typed, and the suggestions come first.
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe(
      'Drift monitoring for the churn model',
    );
    await expect(page.getByText('We suggest').isVisible()).resolves.toBe(true);
    const suggested = page.getByRole('group', { name: 'Suggested for this evidence' });
    const s24 = suggested.getByRole('checkbox', { name: /^S24 / });
    await expect(s24.count()).resolves.toBe(1);
    await expect(
      suggested
        .getByText(/Why: .*drift/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    // Each criterion has one box: S24 is not repeated in its group below.
    await expect(page.getByRole('checkbox', { name: /^S24 / }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'suggestions-add');

    await s24.check();
    // The box says it was started for her while it holds the suggested text...
    await expect(page.locator('#justification-S24-hint').isVisible()).resolves.toBe(true);
    const justification = page.getByLabel('How does this evidence show S24?');
    await expect(justification.inputValue()).resolves.toContain('This evidence shows S24');
    await expect(justification.inputValue()).resolves.toContain('drift');
    await justification.fill('My weekly drift report watches each feature with PSI.');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForURL(/\/evidence\/[^/]+\/view(\?saved=\w+)?$/);
    await expect(
      page.getByText('My weekly drift report watches each feature with PSI.').count(),
    ).resolves.toBeGreaterThan(0);

    // The change page opens with suggestions from what is saved; S24 is claimed and ticked.
    await page.goto(page.url().replace(/\/view(\?.*)?$/, '/change'));
    const again = page.getByRole('group', { name: 'Suggested for this evidence' });
    await expect(again.getByRole('checkbox', { name: /^S24 / }).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('How does this evidence show S24?').inputValue()).resolves.toBe(
      'My weekly drift report watches each feature with PSI.',
    );
    // ...and not once it is her own.
    await expect(page.locator('#justification-S24-hint').count()).resolves.toBe(0);
    await context.close();
  });

  it('reads the files chosen, which stay chosen for saving', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await page.getByLabel('Title').fill('Clean-up');
    await page.getByLabel('Kind of evidence').selectOption('other');
    await page.getByLabel('Day').fill('4');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year').fill('2026');
    const notes = 'Retired the legacy model and decommissioned its assets.';
    const files = page.locator('input[type=file]');
    await files.setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(notes) },
    ]);
    await page.getByRole('button', { name: 'Suggest criteria from what I have written' }).click();
    await page.getByText('We suggest').waitFor();

    // S25 comes from the file's words alone; the file is still chosen; the news has the focus.
    const s25 = page
      .getByRole('group', { name: 'Suggested for this evidence' })
      .getByRole('checkbox', { name: /^S25 / });
    await expect(s25.count()).resolves.toBe(1);
    await expect(
      files.evaluate((i: HTMLInputElement) => [...(i.files ?? [])].map((f) => f.name)),
    ).resolves.toEqual(['notes.txt']);
    await expect(page.getByText('Choose your files again').count()).resolves.toBe(0);
    await expect(
      page.evaluate(() => document.activeElement?.matches('.govuk-notification-banner')),
    ).resolves.toBe(true);
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('Clean-up');
    await expectAccessible(page);
    await screenshot(page, 'suggestions-with-files');

    await s25.check();
    await page
      .getByLabel('How does this evidence show S25?')
      .fill('I retired the old churn model and removed what it used.');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForURL(/\/evidence\/[^/]+\/view(\?saved=\w+)?$/);
    await expect(page.getByText('notes.txt').count()).resolves.toBeGreaterThan(0);
    await context.close();
  });

  it('asks for a title first, and works at 320 px without scrolling sideways', async () => {
    const { context, page } = await signIn(site, 'apprentice', { width: 320, height: 800 });
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await page.getByLabel('Description').fill(DESCRIPTION);
    await page.getByRole('button', { name: 'Suggest criteria from what I have written' }).click();
    await page.waitForLoadState('load');
    await expect(
      page.getByRole('link', { name: 'Enter a title, then ask for suggestions' }).count(),
    ).resolves.toBe(1);
    await page.getByLabel('Title').fill('Drift report');
    await page.getByRole('button', { name: 'Suggest criteria from what I have written' }).click();
    await page.waitForLoadState('load');
    await expect(
      page.getByRole('group', { name: 'Suggested for this evidence' }).isVisible(),
    ).resolves.toBe(true);
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'suggestions-320');
    await context.close();
  });
});
