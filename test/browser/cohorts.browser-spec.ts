import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { as, login } from '../support/factories.js';
import {
  demoUser,
  expectAccessible,
  expectFitsItsBox,
  expectNoHorizontalScroll,
  openSite,
  screenshot,
  signIn,
  Site,
} from './support/browser.js';
import { DEMO_SEED_TIMEOUT_MS } from '../support/test-app.js';

/** The apprentices' names down the matrix, top to bottom. */
const rowNames = (page: Page) => page.locator('.ksb-matrix tbody th a').allTextContents();

describe('the provider’s cohort pages: overview, matrix, CSV, create forms, charts', () => {
  let site: Site;
  let provider: string;
  let cohortId: string;
  let employerId: string;

  beforeAll(async () => {
    site = await openSite();
    provider = await login(site.t, demoUser('provider').email, demoUser('provider').password);
    const api = as(site.t, provider);
    cohortId = (await api.get('/api/cohorts').expect(200)).body.items[0].id;
    employerId = (await api.get('/api/organisations?kind=employer').expect(200)).body.items[0].id;
    const [{ tutor }] = (await api.get('/api/apprenticeships').expect(200)).body.items;
    // A second apprentice in the demo cohort, with nothing evidenced yet.
    const bram = await api
      .post('/api/users')
      .send({
        role: 'apprentice',
        organisationId: employerId,
        name: 'Bram Visser',
        email: 'bram@ksb-demo.example',
        password: 'a-long-enough-password',
      })
      .expect(201);
    await api
      .post('/api/apprenticeships')
      .send({
        apprenticeId: bram.body.id,
        employerId,
        cohortId,
        tutorId: tutor.id,
        // Not Zoë's (1234567890), Samir's (2345678901) nor the one added below (3456789012):
        // a ULN is one learner's.
        uln: '4567890123',
        startDate: '2026-01-05',
        plannedGatewayDate: '2028-01-05',
      })
      .expect(201);
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
  });

  it('shows the provider’s apprentices at home with coverage, those at risk first', async () => {
    const { context, page } = await signIn(site, 'provider');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Apprenticeships',
    );
    // Zoë, Bram (added above) and Samir, whose portfolio is complete and frozen at gateway.
    const rows = page.locator('table.ksb-overview tbody tr');
    await expect(rows.count()).resolves.toBe(3);
    await expect(rows.first().textContent()).resolves.toContain('At risk');
    await expect(page.locator('table.ksb-overview').textContent()).resolves.toContain('16.5%');
    await expect(rows.last().textContent()).resolves.toMatch(/Samir Haddad[\s\S]*100%/);
    await expectAccessible(page);
    await screenshot(page, 'overview-1280');
    await context.close();
  });

  it('sorts the cohort matrix by links, scrolls it inside its own box at 320 px', async () => {
    const { context, page } = await signIn(site, 'provider', { width: 320, height: 800 });
    await page.goto('/cohort-list');
    await page.getByRole('link', { name: 'ML Engineers — January 2026' }).click();
    await expect(rowNames(page)).resolves.toEqual(['Bram Visser', 'Zoë Łukasiewicz']);
    await page.getByRole('link', { name: /^Evidenced/ }).click();
    expect(new URL(page.url()).search).toBe('?sort=coverage&order=asc');
    await expect(rowNames(page)).resolves.toEqual(['Bram Visser', 'Zoë Łukasiewicz']);
    await page.getByRole('link', { name: /^Evidenced/ }).click();
    expect(new URL(page.url()).search).toBe('?sort=coverage&order=desc');
    await expect(rowNames(page)).resolves.toEqual(['Zoë Łukasiewicz', 'Bram Visser']);
    await expect(page.locator('th[aria-sort="descending"]').textContent()).resolves.toContain(
      'Evidenced',
    );
    const region = page.getByRole('region', { name: /Coverage matrix/ });
    await expect(region.getAttribute('tabindex')).resolves.toBe('0');
    const { scrollWidth, clientWidth } = await region.evaluate((e) => ({
      scrollWidth: e.scrollWidth,
      clientWidth: e.clientWidth,
    }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    await expect(page.locator('.ksb-matrix thead th.ksb-matrix__code').count()).resolves.toBe(79);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'matrix-320');
    await context.close();
  });

  it('downloads the same CSV as the API', async () => {
    const { context, page } = await signIn(site, 'provider');
    await page.goto(`/cohorts/${cohortId}/matrix`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('cohort-ml-engineers-january-2026-coverage.csv');
    const csv = await readFile(await download.path());
    const api = await as(site.t, provider)
      .get(`/api/cohorts/${cohortId}/coverage?format=csv`)
      .expect(200);
    expect(csv.toString('utf8')).toBe(api.text);
    expect(csv.toString('utf8')).toContain('Bram Visser');
    await context.close();
  });

  it('draws the cohort’s and the apprentice’s coverage over time, with the figures', async () => {
    const { context, page } = await signIn(site, 'provider');
    await page.goto(`/cohorts/${cohortId}/matrix`);
    const chart = page.getByRole('img', { name: /The cohort’s criteria evidenced by month/ });
    await expect(chart.locator('polyline').count()).resolves.toBe(2);
    await page.getByText('The figures, month by month').click();
    await expect(page.locator('.ksb-chart + .govuk-details table').textContent()).resolves.toMatch(
      /January 2026/,
    );
    await expectAccessible(page);
    await screenshot(page, 'matrix-1280');
    await context.close();

    const own = await signIn(site, 'apprentice', { width: 320, height: 800 });
    const mine = own.page.getByRole('img', { name: /^Your criteria evidenced by month/ });
    await expect(mine.locator('title').textContent()).resolves.toContain('Your criteria');
    await expect(own.page.locator('.ksb-chart p').textContent()).resolves.toMatch(
      /13 of 79 criteria evidenced \(16\.5%\)/,
    );
    await expectNoHorizontalScroll(own.page);
    // The figures: each month beside its figure and the time elapsed, none of it out of sight.
    await own.page.getByText('The figures, month by month').click();
    await expectFitsItsBox(own.page.locator('.ksb-chart + .govuk-details table'));
    await expectAccessible(own.page);
    await screenshot(own.page, 'dashboard-chart-320');
    await own.context.close();
  });

  it('creates a cohort, with an error shown the GOV.UK way first', async () => {
    const { context, page } = await signIn(site, 'provider');
    await page.goto('/cohort-list');
    await page.getByRole('button', { name: 'Create a cohort' }).click();
    await expectAccessible(page);
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2027');
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.textContent()).resolves.toContain('Enter a name for the cohort');
    await expect(summary.textContent()).resolves.toContain('Enter a real start date');
    await expect(page.locator('#name-error').textContent()).resolves.toContain('Enter a name');
    await expectAccessible(page);
    await page.getByLabel('Name').fill('Data Engineers — March 2027');
    await page.getByLabel('Day').fill('1');
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await expect(
      page.locator('.govuk-notification-banner--success').textContent(),
    ).resolves.toContain('Cohort created');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Data Engineers — March 2027',
    );
    await expectAccessible(page);
    await context.close();
  });

  it('adds an apprenticeship to a cohort from its page, with an error shown first', async () => {
    await as(site.t, provider)
      .post('/api/users')
      .send({
        role: 'apprentice',
        organisationId: employerId,
        name: 'Chen Wei',
        email: 'chen@ksb-demo.example',
        password: 'a-long-enough-password',
      })
      .expect(201);
    const { context, page } = await signIn(site, 'provider', { width: 320, height: 800 });
    await page.goto(`/cohorts/${cohortId}/matrix`);
    await page.getByRole('button', { name: 'Add an apprenticeship to this cohort' }).click();
    await expect(page.getByLabel('Cohort (optional)').inputValue()).resolves.toBe(cohortId);
    await page
      .getByLabel('Apprentice', { exact: true })
      .selectOption({ label: 'Chen Wei (chen@ksb-demo.example)' });
    await page.getByLabel('Employer').selectOption({ label: 'Acme Analytics Ltd' });
    await page.getByLabel('Unique Learner Number (ULN)').fill('12345');
    const dates = page.locator('.govuk-date-input');
    for (const [i, [d, m, y]] of [
      ['1', '9', '2026'],
      ['1', '9', '2028'],
    ].entries()) {
      await dates.nth(i).getByLabel('Day').fill(d);
      await dates.nth(i).getByLabel('Month').fill(m);
      await dates.nth(i).getByLabel('Year').fill(y);
    }
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add apprenticeship' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter the 10-digit Unique Learner Number',
    );
    await expect(page.getByLabel('Apprentice', { exact: true }).inputValue()).resolves.not.toBe('');
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
    await page.getByLabel('Unique Learner Number (ULN)').fill('3456789012');
    await page.getByRole('button', { name: 'Add apprenticeship' }).click();
    await page.waitForURL(/\/portfolio\/[0-9a-f-]{36}\?created=1$/);
    await expect(
      page.locator('.govuk-notification-banner--success').textContent(),
    ).resolves.toContain('Apprenticeship added');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Chen Wei’s portfolio',
    );
    await expectAccessible(page);
    await context.close();
  });
});
