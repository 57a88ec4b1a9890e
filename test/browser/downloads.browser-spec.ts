import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { as, login } from '../support/factories.js';
import {
  demoUser,
  expectAccessible,
  expectNoHorizontalScroll,
  openSite,
  screenshot,
  signIn,
  Site,
} from './support/browser.js';
import { DEMO_SEED_TIMEOUT_MS } from '../support/test-app.js';

describe('downloads: the draft portfolio and an assessor’s frozen portfolios', () => {
  let site: Site;
  beforeAll(async () => {
    site = await openSite();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
  });

  it('gives the apprentice the draft PDF from the dashboard link', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    const href = await page
      .getByRole('button', { name: 'Download draft portfolio (PDF)' })
      .getAttribute('href');
    const res = await context.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });

  it("reads the demo's notebook and code in the page, on a phone too", async () => {
    for (const width of [1280, 320]) {
      const { context, page } = await signIn(site, 'apprentice', { width, height: 900 });
      await page
        .getByRole('link', { name: /Feature pipeline and model deployment/ })
        .first()
        .click();
      await page.getByRole('link', { name: /^Read it here\W+churn-features-v2\.ipynb$/ }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'churn-features-v2.ipynb',
      );
      await expect(page.locator('main').textContent()).resolves.toContain('In [2]:');
      await expect(page.locator('main img').count()).resolves.toBe(1);
      await expectAccessible(page);
      await expectNoHorizontalScroll(page);
      await screenshot(page, `read-notebook-${width}`);
      await page.getByRole('link', { name: 'Back to E2' }).click();
      await page.getByRole('link', { name: /^Read it here\W+churn_features\.py$/ }).click();
      await expect(page.locator('.ksb-listing__line').count()).resolves.toBeGreaterThan(30);
      await expectAccessible(page);
      await expectNoHorizontalScroll(page);
      await context.close();
    }
  });

  it('shows an assessor their assigned portfolios, and nothing live', async () => {
    const { context, page } = await signIn(site, 'assessor');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Assigned portfolios',
    );
    // The demo's Samir is frozen at gateway: his EPA pack is there from the first sign-in.
    await page.locator('table').getByRole('link', { name: 'Samir Haddad' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Frozen portfolio of Samir Haddad',
    );
    await expect(
      page.getByRole('link', { name: 'Download the gateway portfolio (PDF)' }).count(),
    ).resolves.toBe(1);
    await expect(page.locator('.govuk-warning-text').count()).resolves.toBe(0); // no override
    await expectAccessible(page);
    await page.goto('/');
    // Zoë is still in training: nothing to read yet, and no way into her live portfolio.
    await page.locator('table').getByRole('link', { name: 'Zoë Łukasiewicz' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain(
      'has not been frozen at gateway yet',
    );
    await expectAccessible(page);
    const portfolio = new URL(page.url()).pathname.replace('/assigned/', '/portfolio/');
    const live = await context.request.get(portfolio);
    expect(live.status()).toBe(404);
    await context.close();
  });

  it('shows an apprentice past gateway the frozen portfolio first, on a phone too', async () => {
    for (const width of [1280, 320]) {
      const { context, page } = await signIn(site, 'samir@ksb-demo.example', {
        width,
        height: 900,
      });
      const banner = page.getByRole('region', { name: 'Gateway' });
      await expect(banner.textContent()).resolves.toMatch(/Frozen at gateway on .+ by Priya Tutor/);
      await expect(
        page.getByRole('link', { name: /^Gateway check: the frozen portfolio/ }).count(),
      ).resolves.toBe(1);
      await expectAccessible(page);
      await expectNoHorizontalScroll(page);
      await screenshot(page, `frozen-dashboard-${width}`);
      const href = await banner
        .getByRole('link', { name: /^Download the gateway portfolio \(PDF/ })
        .getAttribute('href');
      const res = await context.request.get(href!);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toBe('application/pdf');
      await context.close();
    }
  });

  it('gives the assessor the frozen PDF and its files once the portfolio is frozen', async () => {
    const token = async (role: 'apprentice' | 'employer' | 'provider') =>
      login(site.t, demoUser(role).email, demoUser(role).password);
    const provider = await token('provider');
    const { id } = (
      (await as(site.t, provider).get('/api/apprenticeships').expect(200)).body.items as {
        id: string;
        apprentice: { name: string };
      }[]
    ).find((a) => a.apprentice.name === 'Zoë Łukasiewicz')!;
    for (const role of ['apprentice', 'employer', 'provider'] as const) {
      await as(site.t, await token(role))
        .post(`/api/apprenticeships/${id}/gateway/declarations`)
        .expect(200);
    }
    await as(site.t, provider)
      .post(`/api/apprenticeships/${id}/gateway`)
      .send({ overrideReason: 'Browser test: frozen with gaps on purpose' })
      .expect(201);
    const { context, page } = await signIn(site, 'assessor');
    await page.goto(`/assigned/${id}`);
    await expect(page.locator('.govuk-warning-text').textContent()).resolves.toContain(
      'The provider’s reason: Browser test: frozen with gaps on purpose',
    );
    await expectAccessible(page);
    const pdf = await page
      .getByRole('link', { name: 'Download the gateway portfolio (PDF)' })
      .getAttribute('href');
    const res = await context.request.get(pdf!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const files = await page
      .locator('table a.govuk-link')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    for (const href of files) expect((await context.request.get(href!)).status()).toBe(200);
    await context.close();
    // On a phone: the frozen portfolio's page and a frozen table read in the page.
    const phone = await signIn(site, 'assessor', { width: 320, height: 900 });
    await phone.page.goto(`/assigned/${id}`);
    await expectNoHorizontalScroll(phone.page);
    await screenshot(phone.page, 'assigned-frozen-320');
    await phone.page.getByRole('link', { name: /^Read it here\W+model-comparison\.csv$/ }).click();
    await expect(phone.page.locator('tbody tr').count()).resolves.toBe(15);
    await expectAccessible(phone.page);
    await expectNoHorizontalScroll(phone.page);
    await phone.context.close();
  });

  it('lists every link in the navigation to a page that answers', async () => {
    for (const role of ['provider', 'employer', 'admin'] as const) {
      const { context, page } = await signIn(site, role);
      for (const href of await page
        .locator('.govuk-service-navigation a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
        expect([role, href, (await context.request.get(href!)).status()]).toEqual([
          role,
          href,
          200,
        ]);
      }
      await context.close();
    }
  });
});

describe('adding evidence without JavaScript', () => {
  let site: Site;
  beforeAll(async () => {
    site = await openSite();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
  });

  it('posts the plain form with its justification boxes and lands on the new evidence', async () => {
    const context = await site.browser.newContext({ baseURL: site.base, javaScriptEnabled: false });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const user = demoUser('apprentice');
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await page.getByLabel('Title').fill('Notes from a phone without scripts');
    await page.getByLabel('Kind of evidence').selectOption('other');
    await page.getByLabel('Day').fill('2');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year').fill('2026');
    await page.getByRole('checkbox', { name: /^B2 / }).check();
    await page.getByLabel('How does this evidence show B2?').fill('I wrote up the review.');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForURL(/\/evidence\/[^/]+\/view(\?saved=\w+)?$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Notes from a phone without scripts',
    );
    await context.close();
  });
});
