import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  openSite,
  screenshot,
  signIn,
  Site,
} from './support/browser.js';
import { DEMO_SEED_TIMEOUT_MS } from '../support/test-app.js';

const PHONE = { width: 320, height: 640 };

describe('off-the-job training: logged on a phone, approved by the tutor', () => {
  let site: Site;
  beforeAll(async () => {
    site = await openSite();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
  });

  it('lets the apprentice add an entry at 320 px in a few taps', async () => {
    const { context, page } = await signIn(site, 'apprentice', PHONE);
    const started = Date.now();
    await page.getByRole('link', { name: /off-the-job training/ }).click();
    await page.getByRole('button', { name: 'Add an entry' }).click();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    // The date is today already: hours, a category, who delivered it, what was learned.
    await page.getByLabel('Hours').fill('1');
    await page.getByLabel('Minutes').selectOption('30');
    await page.getByLabel('What kind of training').selectOption('theory');
    await page.getByLabel('Training provider').check();
    await page.getByLabel('What you learned or practised').fill('Model serving workshop');
    await screenshot(page, 'otj-add-320');
    await page.getByRole('button', { name: 'Add the entry' }).click();
    await page.waitForURL(/\/otj\?added=/);
    expect(Date.now() - started).toBeLessThan(60_000);
    await expect(page.getByText(/Entry added: 1 hour 30 minutes on/).count()).resolves.toBe(1);
    // The demo log already holds months of approved training and last week's two entries.
    const row = page.locator('tr', { hasText: 'Model serving workshop' });
    await expect(row.locator('.govuk-tag').textContent()).resolves.toMatch(/Waiting for approval/);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'otj-log-320');
    // On a phone each entry is a block: the activity gets the screen's width, not a word's.
    const activity = row.locator('td[data-label="Activity"]');
    const width = await activity.evaluate((cell) => cell.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(240);
    await context.close();
  });

  it('shows a mistake at its field and keeps what was typed', async () => {
    const { context, page } = await signIn(site, 'apprentice', PHONE);
    await page.goto(page.url() + '/otj/add');
    await page.getByLabel('What you learned or practised').fill('Reading group');
    await page.getByRole('button', { name: 'Add the entry' }).click();
    await expect(page.locator('.govuk-error-summary').count()).resolves.toBe(1);
    await expect(page.locator('#category-error').count()).resolves.toBe(1);
    await expect(page.locator('#deliveredBy-error').count()).resolves.toBe(1);
    await expect(page.getByLabel('What you learned or practised').inputValue()).resolves.toBe(
      'Reading group',
    );
    await expectAccessible(page);
    await context.close();
  });

  it('lets the tutor approve it, and insists on a reason to reject', async () => {
    const approvedHours = async (page: Page) =>
      Number(
        /Approved\s*([\d.]+) hours/.exec(
          (await page.locator('.ksb-otj-summary').textContent())!,
        )![1],
      );
    const before = await signIn(site, 'apprentice', PHONE);
    await before.page.goto(before.page.url() + '/otj');
    const hoursBefore = await approvedHours(before.page);
    await before.context.close();

    const { context, page } = await signIn(site, 'provider');
    await page.getByRole('link', { name: 'Off-the-job approvals' }).click();
    await page.setViewportSize(PHONE);
    await expect(page.getByText('Model serving workshop').count()).resolves.toBe(1);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    // The demo's own two entries wait here too: work on the one just added.
    const item = page.locator('.ksb-otj-item', { hasText: 'Model serving workshop' });
    await item.getByText('Reject it').click();
    await item.getByRole('button', { name: 'Reject' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Say why you are rejecting this entry',
    );
    await page
      .locator('.ksb-otj-item', { hasText: 'Model serving workshop' })
      .getByRole('button', { name: /^Approve / })
      .click();
    await page.waitForURL(/decided=/);
    // The banner names what was decided: whose training, how long, which day.
    await expect(
      page.getByText(/Approved: Zoë Łukasiewicz’s 1 hour 30 minutes on \d+ \w+ \d{4}/).count(),
    ).resolves.toBe(1);
    await expect(page.getByText('Model serving workshop').count()).resolves.toBe(0);
    await context.close();

    const apprentice = await signIn(site, 'apprentice', PHONE);
    await apprentice.page.goto(apprentice.page.url() + '/otj');
    const row = apprentice.page.locator('tr', { hasText: 'Model serving workshop' });
    await expect(row.locator('.govuk-tag').textContent()).resolves.toMatch(/Approved/);
    await expect(approvedHours(apprentice.page)).resolves.toBe(hoursBefore + 1.5);
    await apprentice.context.close();
  });
});
