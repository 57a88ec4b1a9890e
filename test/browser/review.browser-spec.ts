import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { samples } from '../support/sample-files.js';
import {
  expectAccessible,
  expectFitsItsBox,
  expectNoHorizontalScroll,
  openSite,
  screenshot,
  signIn,
  Site,
} from './support/browser.js';
import { DEMO_SEED_TIMEOUT_MS } from '../support/test-app.js';

/** The demo's one submitted piece of evidence: E3, tagged K20, K26, S11, S20 and B4. */
const E3 = /^E3 Bias and fairness review/;

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

async function openE3ForReview(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Review queue' }).click();
  await page.waitForURL(/\/review-queue$/);
  await page.getByRole('link', { name: E3 }).click();
  await page.waitForURL(/\/evidence\/.+\/decide$/);
}

// One review loop, in order: the tutor sends E3 back, the apprentice fixes it and resubmits, the
// tutor accepts it. Each step starts from where the one before left the demo data.
describe('the review loop: queue, decisions, fix and resubmit', () => {
  let site: Site;
  /** Submitted after E3, so it waits behind it. */
  let later: string;
  beforeAll(async () => {
    site = await openSite();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
  });

  it('lists what waits for review, oldest first, with apprentice, date and number of criteria', async () => {
    later = await addSubmittedEvidence(site);
    const { context, page } = await signIn(site, 'provider');
    await page.getByRole('link', { name: 'Review queue' }).click();
    await expect(heading(page)).resolves.toBe('Review queue');
    await expect(
      page.locator('.govuk-service-navigation__item--active').textContent(),
    ).resolves.toContain('Review queue');
    const links = await page.locator('tbody tr td:nth-child(2) a').allTextContents();
    expect(links.map((l) => l.split(' ')[0])).toEqual(['E3', 'E4']);
    const row = page.locator('tbody tr', { has: page.getByRole('link', { name: E3 }) });
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toContain('Zoë Łukasiewicz');
    expect(cells[2]).toMatch(/\d{1,2} \w+ \d{4}/);
    expect(cells[3].trim()).toBe('5');
    await expectAccessible(page);
    await context.close();
  });

  it('refuses to reject a criterion without a reason, at the field and in the summary', async () => {
    const { context, page } = await signIn(site, 'provider');
    await openE3ForReview(page);
    await expectAccessible(page);
    await page.getByRole('radio', { name: 'Reject K26' }).check();
    await page.getByRole('radio', { name: 'Request changes' }).check();
    await page.getByRole('button', { name: 'Send decision' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    const summary = page.locator('.govuk-error-summary');
    await summary.getByRole('link', { name: 'Enter why K26 is rejected' }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('reason-K26');
    await expect(page.locator('#reason-K26-error').textContent()).resolves.toContain(
      'Enter why K26 is rejected',
    );
    // What was chosen is still chosen.
    await expect(page.getByRole('radio', { name: 'Reject K26' }).isChecked()).resolves.toBe(true);
    await expectAccessible(page);
    await context.close();
  });

  it('accepts one criterion, rejects another with a reason, requests changes and returns to the queue', async () => {
    const { context, page } = await signIn(site, 'provider');
    await openE3ForReview(page);
    await page.getByRole('radio', { name: 'Accept K20' }).check();
    await page.getByRole('radio', { name: 'Reject K26' }).check();
    await page
      .getByLabel('Reason (needed if you reject K26)')
      .fill('Say which ethical aspects you weighed.');
    await page.getByRole('radio', { name: 'Request changes' }).check();
    await page.getByLabel('Comment', { exact: true }).fill('Nearly there: add the DPO’s notes.');
    await page.getByRole('button', { name: 'Send decision' }).click();
    await page.waitForURL(/\/review-queue\?reviewed=/);
    const banner = page.locator('.govuk-notification-banner--success');
    await expect(banner.textContent()).resolves.toMatch(/E3 .* reviewed: changes requested/);
    await expect(page.getByRole('link', { name: E3 }).count()).resolves.toBe(0);
    await expectAccessible(page);

    await banner.getByRole('link', { name: 'See the evidence' }).click();
    const decisions = page.locator('.ksb-tag-decision');
    await expect(decisions.filter({ hasText: 'K20' }).textContent()).resolves.toContain('Accepted');
    await expect(decisions.filter({ hasText: 'K26' }).textContent()).resolves.toContain(
      'Say which ethical aspects you weighed.',
    );
    await expect(page.locator('#comments ~ .ksb-comment').last().textContent()).resolves.toContain(
      'add the DPO’s notes',
    );
    await context.close();
  });

  it('lets the apprentice fix the evidence, add files and submit it again', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    await page.locator('table').getByRole('link', { name: E3 }).click();
    await page.getByRole('button', { name: 'Change this evidence' }).click();
    await page.waitForURL(/\/change$/);
    await expect(heading(page)).resolves.toBe('Change your evidence');
    await expect(
      page.locator('.ksb-tag-decision', { hasText: 'K26' }).textContent(),
    ).resolves.toContain('Say which ethical aspects you weighed.');
    await expectAccessible(page);

    // A justification emptied is shown at its box, and nothing was changed.
    await page.getByLabel('How does this evidence show K26?').fill('');
    await page.getByRole('button', { name: 'Save and submit for review' }).click();
    await page.locator('.govuk-error-summary').getByRole('link', { name: /K26/ }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(
      'justification-K26',
    );
    await expectAccessible(page);

    await page.getByLabel('Title').fill('Bias and fairness review, with the DPO’s notes');
    await page
      .getByLabel('How does this evidence show K26?')
      .fill('I weighed consent, proportionality and the right to explanation.');
    await page.locator('input[type=file]').setInputFiles([
      { name: 'dpo-notes.pdf', mimeType: 'application/pdf', buffer: samples.pdf() },
      { name: 'parity.png', mimeType: 'image/png', buffer: samples.png() },
    ]);
    await page.getByRole('button', { name: 'Save and submit for review' }).click();
    await page.waitForURL(/\/evidence\/[^/]+\/view(\?saved=\w+)?$/);
    await expect(heading(page)).resolves.toBe('Bias and fairness review, with the DPO’s notes');
    await expect(
      page.locator('.govuk-tag', { hasText: 'Waiting for review' }).count(),
    ).resolves.toBe(1);
    const changed = await page
      .locator('h2:has-text("Changed since the last review") + ul')
      .textContent();
    expect(changed).toContain('Title changed');
    expect(changed).toContain('K26');
    await context.close();
  });

  it('shows the resubmitted evidence with its files in the page, and accepts it', async () => {
    const { context, page } = await signIn(site, 'provider');
    await page.getByRole('link', { name: 'Review queue' }).click();
    await page.getByRole('link', { name: /^E3 Bias and fairness review, with/ }).click();
    await expect(page.locator('iframe.ksb-file__pdf').count()).resolves.toBe(1);
    const width = await page.evaluate(async () => {
      const img = document.querySelector('img.ksb-file__image') as HTMLImageElement;
      await img.decode();
      return img.naturalWidth;
    });
    expect(width).toBeGreaterThan(0);
    const pdf = await page.evaluate(async () => {
      const src = document.querySelector('iframe.ksb-file__pdf')!.getAttribute('src')!;
      const res = await fetch(src);
      return { status: res.status, disposition: res.headers.get('content-disposition') };
    });
    expect(pdf).toMatchObject({ status: 200, disposition: expect.stringMatching(/^inline/) });
    await expectAccessible(page);
    // Chosen from the keyboard, as a tutor may: Chromium's inline PDF viewer, starting up in its
    // own frame, swallowed the first pointer click on the page in headless runs here (the radio
    // stayed unchecked); worth checking by hand in a desktop browser.
    for (const code of ['K20', 'K26', 'S11', 'S20', 'B4']) {
      const radio = page.getByRole('radio', { name: `Accept ${code}` });
      await radio.focus();
      await page.keyboard.press('Space');
      await expect(radio.isChecked()).resolves.toBe(true);
    }
    await page.getByRole('radio', { name: 'Accept the evidence' }).check();
    await page.getByRole('button', { name: 'Send decision' }).click();
    await page.waitForURL(/\/review-queue\?reviewed=/);
    await expect(
      page.locator('.govuk-notification-banner--success').textContent(),
    ).resolves.toMatch(/reviewed: accepted/);
    await context.close();

    // Accepted evidence no longer changes: the apprentice is not offered to.
    const apprentice = await signIn(site, 'apprentice');
    await apprentice.page.locator('table').getByRole('link', { name: /^E3 / }).click();
    await expect(
      apprentice.page.getByRole('button', { name: 'Change this evidence' }).count(),
    ).resolves.toBe(0);
    await apprentice.context.close();
  });

  it('fits the review page on a 320 px phone and at 1280 px without sideways scrolling', async () => {
    const evidence = later;
    const tutor = await signIn(site, 'provider', { width: 320, height: 640 });
    await tutor.page.goto(`/evidence/${evidence}/decide`);
    await expectNoHorizontalScroll(tutor.page);
    await expectAccessible(tutor.page);
    await screenshot(tutor.page, 'review-320');
    await tutor.page.goto('/review-queue');
    await expectNoHorizontalScroll(tutor.page);
    // Its long unbroken title wraps inside the queue's row, not out of the table's box.
    await expectFitsItsBox(tutor.page.locator('table.ksb-stacked-table'));
    await screenshot(tutor.page, 'review-queue-320');
    await tutor.page.setViewportSize({ width: 1280, height: 900 });
    await tutor.page.goto(`/evidence/${evidence}/decide`);
    await expectNoHorizontalScroll(tutor.page);
    await screenshot(tutor.page, 'review-1280');
    await tutor.context.close();
  });
});

/** A new piece of evidence with a long unbroken title and a wide image, submitted for review. */
async function addSubmittedEvidence(site: Site): Promise<string> {
  const { context, page } = await signIn(site, 'apprentice');
  await page.getByRole('button', { name: 'Add evidence' }).click();
  await page.getByLabel('Title').fill('Evaluation_of_the_gradient_boosted_churn_model_per_region');
  await page.getByLabel('Kind of evidence').selectOption('report');
  await page.getByLabel('Day').fill('2');
  await page.getByLabel('Month').fill('7');
  await page.getByLabel('Year').fill('2026');
  await page.locator('input[type=file]').setInputFiles([
    {
      name: 'a-rather-long-file-name-without-spaces.png',
      mimeType: 'image/png',
      buffer: samples.png(),
    },
    { name: 'report.pdf', mimeType: 'application/pdf', buffer: samples.pdf() },
  ]);
  await page.getByRole('checkbox', { name: /^S2 / }).check();
  await page.getByLabel('How does this evidence show S2?').fill('The regional evaluation.');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.waitForURL(/\/evidence\/[^/]+\/view(\?saved=\w+)?$/);
  const id = /\/evidence\/([^/]+)\/view/.exec(page.url())![1];
  await context.close();
  return id;
}
