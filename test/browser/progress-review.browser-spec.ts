import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { reviewDueAfter } from '../../src/modules/reviews/review-schedule.js';
import { isoDay } from '../../src/common/clock/calendar.js';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  openSite,
  screenshot,
  signIn,
  Site,
} from './support/browser.js';
import { DEMO_SEED_TIMEOUT_MS } from '../support/test-app.js';

/** Today as the service counts it (UTC), for the dates these tests send and expect. */
const todayIso = () => isoDay(new Date());

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const main = (page: Page) => page.locator('main');

/** Home → Zoë's portfolio (the demo's in training) → progress reviews, as each party gets there. */
async function openReviews(page: Page): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/portfolio/')) {
    await page.locator('table').getByRole('link', { name: 'Zoë Łukasiewicz' }).click();
  }
  await page.waitForURL(/\/portfolio\/[0-9a-f-]{36}$/);
  await page.getByRole('link', { name: 'Progress reviews' }).click();
  await expect(h1(page)).resolves.toBe('Progress reviews');
}

describe('progress reviews: recorded by the tutor, signed by each party in turn', () => {
  let site: Site;
  let reviewUrl = '';
  /** The review the provider records: the one after the demo's (one each quarter since the start). */
  let recorded = '';
  beforeAll(async () => {
    site = await openSite();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
  });

  it('shows the provider when reviews are due and lets them fill in the pre-filled form', async () => {
    const { context, page } = await signIn(site, 'provider');
    await expect(page.locator('table').textContent()).resolves.toContain('Progress review due');
    await page
      .locator('table tr', { hasText: 'Zoë Łukasiewicz' })
      .getByRole('link', { name: /^\d+ \w+ \d{4}$/ })
      .click();
    await expect(h1(page)).resolves.toBe('Progress reviews');
    await expectAccessible(page);
    const held = main(page).getByRole('link', { name: /^Progress review \d+:/ });
    // Newest first: "Progress review 4: 30 November 2026", the demo's last week's.
    const [, last, lastMeeting] = /^Progress review (\d+): (.+)$/.exec(
      (await held.first().textContent())!.trim(),
    )!;
    await expect(held.count()).resolves.toBe(Number(last));
    recorded = `Progress review ${Number(last) + 1}`;
    await page.getByRole('button', { name: 'Record a progress review' }).click();
    await expect(h1(page)).resolves.toBe('Record a progress review');
    // Pre-filled: the meeting today, the next review by the rule, what changed since the demo's
    // last review (last week; its actions come back to be marked).
    await expect(page.getByLabel('Date of the meeting').inputValue()).resolves.toBe(todayIso());
    const rule = reviewDueAfter(todayIso());
    await expect(page.getByLabel('Date of the next review').inputValue()).resolves.toBe(rule);
    await expect(main(page).textContent()).resolves.toContain(
      `What changed since the previous review (${lastMeeting})`,
    );
    await expect(main(page).textContent()).resolves.toMatch(/Criteria newly evidenced: \d+/);
    await expect(main(page).textContent()).resolves.toMatch(
      /[\d.]+ hours approved by the meeting against [\d.]+ expected/,
    );
    await expectAccessible(page);

    await page
      .getByRole('group', { name: 'Submit the fairness review as evidence and tag it' })
      .getByLabel('Done', { exact: true })
      .check();
    await page
      .getByRole('group', { name: 'Arrange a sponsor for the EPA project' })
      .getByLabel('In progress')
      .check();
    await page.getByLabel('Progress against the training plan').fill('Modules 1–3 done; on plan.');
    await page.getByLabel('End-point assessment readiness').fill('Coverage at about a third.');
    const first = page.getByRole('group', { name: 'Action 1' });
    await first.getByLabel('What is to be done').fill('Write up the monitoring dashboard');
    await first.getByLabel('Who').selectOption('apprentice');
    await first.getByLabel('Due by').fill(rule);
    // Later than the rule without a reason: refused at the field, nothing lost.
    const later = `${Number(rule.slice(0, 4)) + 1}${rule.slice(4, 8)}01`;
    await page.getByLabel('Date of the next review').fill(later);
    await page.getByRole('button', { name: 'Save the review' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'why the next review is later',
    );
    await expect(page.getByLabel('Progress against the training plan').inputValue()).resolves.toBe(
      'Modules 1–3 done; on plan.',
    );
    await expectAccessible(page);
    await page.getByLabel('Date of the next review').fill(rule);
    await page.getByRole('button', { name: 'Save the review' }).click();
    await page.waitForURL(/\/progress-review\/[0-9a-f-]{36}$/);
    reviewUrl = new URL(page.url()).pathname;
    await expect(h1(page)).resolves.toBe(recorded);
    await expect(main(page).textContent()).resolves.toContain('Write up the monitoring dashboard');
    await screenshot(page, 'progress-review-provider-1280');

    // Signed from the keyboard; then the record can no longer be changed.
    await page.getByRole('button', { name: 'Sign as the provider' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#signatures$/);
    await expect(page.locator('#signature-provider').textContent()).resolves.toMatch(/Signed\s+by/);
    await expect(page.getByRole('button', { name: 'Change the review' }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await context.close();
  });

  it('has the employer, then the apprentice, sign their own signature and nobody else’s', async () => {
    for (const role of ['employer', 'apprentice'] as const) {
      const { context, page } = await signIn(site, role, { width: 320, height: 640 });
      await openReviews(page);
      await expectNoHorizontalScroll(page);
      await page.getByRole('link', { name: new RegExp(`^${recorded}:`) }).click();
      await expectNoHorizontalScroll(page);
      const buttons = (await main(page).getByRole('button').allTextContents()).map((s) => s.trim());
      expect(buttons).toEqual([`Sign as the ${role}`]);
      await page.getByRole('button', { name: `Sign as the ${role}` }).click();
      await expect(page.locator(`#signature-${role}`).textContent()).resolves.toMatch(
        /Signed\s+by/,
      );
      await expectAccessible(page);
      await screenshot(page, `progress-review-${role}-320`);
      await context.close();
    }
  });

  it('offers the signed review as a PDF once all three have signed', async () => {
    const { context, page } = await signIn(site, 'provider', { width: 320, height: 640 });
    await page.goto(reviewUrl);
    await expect(main(page).textContent()).resolves.toContain('Locked on');
    const link = page.getByRole('button', { name: 'Download the signed review (PDF)' });
    const href = await link.getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await expectNoHorizontalScroll(page);
    // The form too, at 320 px: the next review is already on the schedule.
    await page.getByRole('link', { name: 'Back to progress reviews' }).click();
    await page.getByRole('button', { name: 'Record a progress review' }).click();
    await expect(h1(page)).resolves.toBe('Record a progress review');
    await expect(main(page).textContent()).resolves.toContain('Write up the monitoring dashboard');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'progress-review-form-320');
    await context.close();
  });
});
