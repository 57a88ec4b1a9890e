import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  demoUser,
  expectAccessible,
  expectFitsItsBox,
  expectNoHorizontalScroll,
  newContext,
  openSite,
  screenshot,
  signIn,
  Site,
} from './support/browser.js';
import { DEMO_SEED_TIMEOUT_MS } from '../support/test-app.js';

describe('signing in and the apprentice dashboard', () => {
  let site: Site;
  beforeAll(async () => {
    site = await openSite();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
  });

  it('sends a visitor to the sign-in page and back where they were going', async () => {
    const context = await newContext(site);
    const page = await context.newPage();
    await page.goto('/?from=test');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectAccessible(page);
    const tutor = demoUser('provider');
    await page.getByLabel('Email address').fill(tutor.email);
    await page.getByLabel('Password').fill(tutor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(new URL(page.url()).search).toBe('?from=test');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Apprenticeships',
    );
    await context.close();
  });

  it('shows sign-in errors the GOV.UK way and keeps the session cookie httpOnly', async () => {
    const context = await newContext(site);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.textContent()).resolves.toContain('Enter an email address');
    await expect(page.locator('#email-error').textContent()).resolves.toContain('Enter an email');
    await expectAccessible(page);

    await page.getByLabel('Email address').fill(demoUser('apprentice').email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(summary.textContent()).resolves.toContain('Email or password is incorrect');

    await page.getByLabel('Password').fill(demoUser('apprentice').password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const cookie = (await context.cookies()).find((c) => c.name === 'ksb_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await context.close();
  });

  it('refuses a form posted without the CSRF token', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    const status = await page.evaluate(async () => {
      const res = await fetch('/sign-out', { method: 'POST', body: new URLSearchParams({}) });
      return res.status;
    });
    expect(status).toBe(403);
    await context.close();
  });

  it('never lets the session cookie authenticate the API', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    const status = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(status).toBe(401);
    await context.close();
  });

  it('shows the apprentice their coverage grid, gaps first, and their evidence', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'My portfolio',
    );
    const cells = page.locator('.ksb-cell:not(.ksb-legend .ksb-cell)');
    await expect(cells.count()).resolves.toBe(79);
    const knowledge = page.getByRole('list', { name: 'Knowledge' }).locator('.ksb-cell');
    const statuses = await knowledge.evaluateAll((links) =>
      links.map((a) => a.className.replace(/.*ksb-cell--/, '')),
    );
    // Gaps first: every missing before any claimed, every claimed before any evidenced.
    const rank = { missing: 0, claimed: 1, evidenced: 2 } as Record<string, number>;
    expect(statuses.map((s) => rank[s])).toEqual([...statuses.map((s) => rank[s])].sort());
    expect(statuses).toContain('evidenced');
    await expect(page.locator('table').getByRole('link', { name: /^E1 / }).count()).resolves.toBe(
      1,
    );
    await expectAccessible(page);
    await screenshot(page, 'apprentice-dashboard-1280');
    await context.close();
  });

  it('opens a gap from the grid, reads it in full, and adds evidence for it', async () => {
    const { context, page } = await signIn(site, 'apprentice', { width: 320, height: 640 });
    const gap = page.getByRole('list', { name: 'Knowledge' }).locator('.ksb-cell--missing').first();
    const code = (await gap.textContent())!.replace(/:.*/s, '').trim();
    await gap.click();
    await page.waitForURL(new RegExp(`/criteria/${code}$`));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(code);
    await expect(page.getByText(`No evidence is tagged with ${code} yet.`).count()).resolves.toBe(
      1,
    );
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'criterion-320');
    await page.getByRole('button', { name: `Add evidence for ${code}` }).click();
    await page.waitForURL(/add-evidence\?criterion=/);
    await expect(
      page.getByRole('checkbox', { name: new RegExp(`^${code} `) }).isChecked(),
    ).resolves.toBe(true);
    await page.getByRole('link', { name: 'Criteria this evidence shows' }).click();
    await expect(page.evaluate(() => document.activeElement?.id ?? location.hash)).resolves.toMatch(
      new RegExp(`justification-${code}`),
    );
    await context.close();
  });

  it('fits the dashboard on a 320 px phone without sideways scrolling', async () => {
    const { context, page } = await signIn(site, 'apprentice', { width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'apprentice-dashboard-320');
    await context.close();
  });

  it('turns each list into labelled blocks on a 320 px phone, and keeps columns at 1280 px', async () => {
    const lists: [Parameters<typeof signIn>[1], string[]][] = [
      ['apprentice', ['']],
      ['provider', ['/', '/review-queue', '/cohort-list']],
      ['employer', ['/']],
      ['assessor', ['/']],
      ['admin', ['/', '/admin/users', '/admin/organisations', '/admin/standards']],
    ];
    // Each stacked table: its width against its box, the header row's height, the first labelled
    // cell's label as the page draws it, and whether that row's cells share a line.
    const measure = (page: Page) =>
      page.$$eval('table.ksb-stacked-table', (tables) =>
        tables.map((t) => {
          const cell = t.querySelector('tbody [data-label]')!;
          const tops = [...cell.parentElement!.children].map((c) => c.getBoundingClientRect().top);
          return {
            overflow: t.scrollWidth - t.parentElement!.clientWidth,
            header: t.querySelector('thead')!.getBoundingClientRect().height,
            label: getComputedStyle(cell, '::before').content,
            expected: `"${cell.getAttribute('data-label')}: "`,
            oneLine: new Set(tops).size === 1,
          };
        }),
      );
    for (const [role, paths] of lists) {
      const { context, page } = await signIn(site, role, { width: 320, height: 640 });
      for (const path of paths) {
        if (path) await page.goto(path);
        const tables = await measure(page);
        expect({ path, count: tables.length }).toEqual({ path, count: 1 });
        const [phone] = tables;
        expect(phone.overflow).toBeLessThanOrEqual(0);
        expect(phone.header).toBeLessThanOrEqual(1);
        expect(phone.label).toBe(phone.expected);
        expect(phone.oneLine).toBe(false);
        await expectNoHorizontalScroll(page);
        await expectAccessible(page);
        await screenshot(page, `list-${role}${path.replace(/\W+/g, '-')}-320`);
        await page.setViewportSize({ width: 1280, height: 900 });
        const [laptop] = await measure(page);
        expect(laptop.header).toBeGreaterThan(20);
        expect(laptop.label).toBe('none');
        expect(laptop.oneLine).toBe(true);
        await page.setViewportSize({ width: 320, height: 640 });
      }
      await context.close();
    }
  });

  it('fits the overview table on a 1280 px laptop without its own scroll bar', async () => {
    // The admin's names each apprentice's provider too: under the name, not in an 11th column.
    for (const role of ['provider', 'admin'] as const) {
      const { context, page } = await signIn(site, role);
      await expectFitsItsBox(page.locator('table.ksb-overview'));
      await screenshot(page, `${role}-overview-1280`);
      await context.close();
    }
  });

  it('offers a way to change one’s password, and names what is missing at each field', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    await page.getByRole('link', { name: 'Change password' }).click();
    expect(new URL(page.url()).pathname).toBe('/account/password');
    await expectAccessible(page);
    // Nothing typed: the service is not asked (no attempt counts against signing in).
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    const summary = page.locator('.govuk-error-summary');
    await summary.getByRole('link', { name: 'Enter your current password' }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('currentPassword');
    await expectAccessible(page);
    await context.close();
  });

  it('signs out, and Back does not bring the last pages back from the cache', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    const seen = page.url();
    expect(await page.getByText('Signed in as').count()).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    // Back asks the service again, which sends a signed-out browser to sign in.
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByText('Signed in as').count()).toBe(0);
    await page.goto(seen);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });

  it('answers another tenant’s or a made-up portfolio with a friendly 404 page', async () => {
    const { context, page } = await signIn(site, 'apprentice');
    const res = await page.goto('/portfolio/00000000-0000-4000-8000-000000000000');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Page not found',
    );
    await expectAccessible(page);
    await context.close();
  });
});
