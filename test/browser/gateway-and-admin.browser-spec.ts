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

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** From the home page to the demo apprentice's portfolio, as each follower gets there. */
/** Zoë's portfolio: the demo's apprenticeship in training (Samir's is frozen already). */
async function openPortfolio(page: Page): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/portfolio/')) {
    await page.locator('table').getByRole('link', { name: 'Zoë Łukasiewicz', exact: true }).click();
  }
  await page.waitForURL(/\/portfolio\/[0-9a-f-]{36}$/);
}

describe('gateway: declarations signed by each person, the provider’s check and freeze', () => {
  let site: Site;
  beforeAll(async () => {
    site = await openSite();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
  });

  it('shows the employer their apprentices and a read-only portfolio with the declarations', async () => {
    const { context, page } = await signIn(site, 'employer');
    await expect(page.locator('table').textContent()).resolves.toContain('Zoë Łukasiewicz');
    await openPortfolio(page);
    await expect(page.getByRole('button', { name: 'Add evidence' }).count()).resolves.toBe(0);
    await page.locator('table').getByRole('link', { name: /^E3 / }).click();
    await expect(page.getByRole('button', { name: /Review/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Submit for review' }).count()).resolves.toBe(0);
    await context.close();
  });

  it('has the apprentice, then the employer, sign their own declaration and nobody else’s', async () => {
    for (const role of ['apprentice', 'employer'] as const) {
      const { context, page } = await signIn(site, role);
      await openPortfolio(page);
      await page.getByRole('link', { name: 'Gateway declarations' }).click();
      await expect(h1(page)).resolves.toBe('Gateway declarations');
      await expectAccessible(page);
      const buttons = page.locator('main').getByRole('button');
      const names = (await buttons.allTextContents()).map((text) => text.trim());
      expect(names).toEqual([`Sign the ${role} declaration`]);
      await buttons.click();
      const mine = page.locator(`#${role}`);
      await expect(mine.textContent()).resolves.toMatch(/Signed\s+by/);
      await expect(page.locator('main').getByRole('button').count()).resolves.toBe(0);
      await expectAccessible(page);
      await screenshot(page, `declarations-${role}-1280`);
      await context.close();
    }
    const { context, page } = await signIn(site, 'employer', { width: 320, height: 640 });
    await openPortfolio(page);
    await page.goto(page.url() + '/declarations');
    await expect(page.locator('#employer').textContent()).resolves.toContain(
      "evidence in this portfolio is the apprentice's own work",
    );
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'declarations-employer-320');
    await context.close();
  });

  it('lets the provider see what is missing and freeze only with a reason for the gaps', async () => {
    const { context, page } = await signIn(site, 'provider');
    await openPortfolio(page);
    await page.getByRole('link', { name: 'Gateway declarations' }).click();
    await page.getByRole('button', { name: 'Sign the training provider declaration' }).click();
    await page.getByRole('link', { name: 'Back to the portfolio' }).click();
    await page.getByRole('link', { name: /^Gateway check/ }).click();
    await expect(h1(page)).resolves.toBe('Gateway check');
    await expect(
      page.getByRole('list', { name: 'Required criteria not evidenced yet' }).locator('li').count(),
    ).resolves.toBeGreaterThan(0);
    // Each missing criterion carries its words from the catalogue.
    await expect(
      page
        .getByRole('list', { name: 'Required criteria not evidenced yet' })
        .locator('li')
        .first()
        .getAttribute('title'),
    ).resolves.toMatch(/^[KSB]\d+: \w+ .{20,}/);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Freeze the portfolio' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Give the reason for freezing',
    );
    await expect(page.locator('#overrideReason-error').textContent()).resolves.toContain(
      'Give the reason for freezing',
    );
    await expectAccessible(page);
    await screenshot(page, 'gateway-reason-missing-1280');

    await page
      .getByLabel('Reason for going to gateway with criteria missing')
      .fill('Agreed with the employer: the remaining criteria are assessed in the EPA project.');
    await page.getByRole('button', { name: 'Freeze the portfolio' }).click();
    await expect(page.locator('.govuk-panel').textContent()).resolves.toContain(
      'Portfolio frozen at gateway',
    );
    await expect(page.locator('main').textContent()).resolves.toContain(
      'the remaining criteria are assessed in the EPA project',
    );
    await expect(page.getByRole('button', { name: 'Freeze the portfolio' }).count()).resolves.toBe(
      0,
    );
    await expectAccessible(page);
    const pdf = await page
      .getByRole('link', { name: /Download the gateway portfolio/ })
      .getAttribute('href');
    const res = await context.request.get(pdf!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    await screenshot(page, 'gateway-frozen-1280');
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'gateway-frozen-320');
    await context.close();
  });
});

describe('admin: organisations, users and standards', () => {
  let site: Site;
  beforeAll(async () => {
    site = await openSite();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
  });

  it('adds an organisation, with the GOV.UK errors first', async () => {
    const { context, page } = await signIn(site, 'admin');
    await page.getByRole('link', { name: 'Organisations' }).click();
    await expect(h1(page)).resolves.toBe('Organisations');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add an organisation' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Select what kind of organisation this is',
    );
    await expectAccessible(page);
    await page.getByLabel('Name').fill('Midlands Skills College');
    await page.getByRole('radio', { name: 'Training provider' }).check();
    await page.getByLabel('UKPRN (training providers only)').fill('10055555');
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'Midlands Skills College was added',
    );
    await expect(page.locator('table').textContent()).resolves.toContain('10055555');
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await context.close();
  });

  it('adds a user who can then sign in, and disables them', async () => {
    const { context, page } = await signIn(site, 'admin');
    await page.getByRole('link', { name: 'Users' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add a user' }).click();
    await page.getByLabel('Full name').fill('Sam Coach');
    await page.getByLabel('Email address').fill('sam@ksb-demo.example');
    await page.getByRole('radio', { name: 'Provider' }).check();
    await page
      .getByLabel('Organisation')
      .selectOption({ label: 'Northern Data Academy (provider)' });
    await page.getByLabel('First password').fill('too short');
    await page.getByRole('button', { name: 'Add user' }).click();
    await expect(page.locator('#password-error').textContent()).resolves.toContain(
      'The password must be at least 12 characters',
    );
    await expectAccessible(page);
    await page.getByLabel('First password').fill('coaching-sam-2026');
    await page.getByRole('button', { name: 'Add user' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'Sam Coach was added as provider',
    );
    await expectAccessible(page);

    const sam = await site.browser.newContext({ baseURL: site.base });
    const samPage = await sam.newPage();
    const signInAs = async () => {
      await samPage.goto('/sign-in');
      await samPage.getByLabel('Email address').fill('sam@ksb-demo.example');
      await samPage.getByLabel('Password').fill('coaching-sam-2026');
      await samPage.getByRole('button', { name: 'Sign in' }).click();
      return new URL(samPage.url()).pathname;
    };
    await expect(signInAs()).resolves.toBe('/');

    await page.getByRole('button', { name: 'Disable Sam Coach' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'Sam Coach can no longer sign in',
    );
    await expect(signInAs()).resolves.toBe('/sign-in');
    await sam.close();
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await context.close();
  });

  it('imports a standard file and shows why a version in use cannot change', async () => {
    const { context, page } = await signIn(site, 'admin');
    await page.getByRole('link', { name: 'Standards' }).click();
    await expectAccessible(page);
    const doc = (await (await context.request.get('/api/standards/ST1398')).json()) as Record<
      string,
      unknown
    >;
    const { code, version, title, level, status, evidenceThreshold, summary, criteria } = doc;
    const document = { code, version, title, level, status, evidenceThreshold, summary, criteria };
    const file = (body: object) => ({
      name: 'standard.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(body)),
    });
    await page
      .getByLabel('Standard document')
      .setInputFiles(file({ ...document, title: 'Changed title' }));
    await page.getByRole('button', { name: 'Import standard' }).click();
    await expect(page.locator('#document-error').textContent()).resolves.toContain(
      'is used by apprenticeships and cannot change',
    );
    await expectAccessible(page);
    await screenshot(page, 'standards-409-1280');
    await page.getByLabel('Standard document').setInputFiles(file({ ...document, version: '1.1' }));
    await page.getByRole('button', { name: 'Import standard' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'ST1398 version 1.1 was added to the catalogue',
    );
    await expect(page.locator('table').textContent()).resolves.toMatch(/1\.1, 1\.0|1\.0, 1\.1/);
    await context.close();
  });
});
