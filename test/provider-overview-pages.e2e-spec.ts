/**
 * The provider's home page, the overview of everyone they train: its wide table sits in a labelled
 * region that says it scrolls, and its "Gaps" and "Waiting for review" figures lead to that work
 * (the apprentice's coverage; the review queue narrowed to that apprentice).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { addEvidence, enrol } from './support/evidence-factories.js';
import type { Enrolment } from './support/evidence-factories.js';
import { ADMIN, as, createTenant, login, Person, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const page = (t: TestApp, person: Pick<Person, 'token'>) => (url: string) =>
  request(t.http).get(url).set('Cookie', `ksb_session=${person.token}`);

/** The overview's row for one apprenticeship, from its name's link to the end of the row. */
function rowOf(html: string, apprenticeshipId: string): string {
  const row = html.slice(
    html.indexOf(`<a class="govuk-link" href="/portfolio/${apprenticeshipId}"`),
  );
  return row.slice(0, row.indexOf('</tr>'));
}

describe('Provider overview', () => {
  let t: TestApp;
  let adminToken: string;
  let mine: Tenant;
  let theirs: Tenant;
  let second: Enrolment;
  let waiting: { id: string };
  let other: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await login(t, ADMIN.email, ADMIN.password);
    mine = await createTenant(t, adminToken, { apprenticeName: 'Zoë Overview' });
    theirs = await createTenant(t, adminToken);
    second = await enrol(t, mine, { name: 'Second Apprentice', cohortId: mine.cohortId });
    waiting = await addEvidence(t, mine.apprentice.token, mine.apprenticeshipId, ['K5']);
    await as(t, mine.apprentice.token).post(`/api/evidence/${waiting.id}/submit`).expect(200);
    other = await addEvidence(t, second.apprentice.token, second.apprenticeshipId, ['K6']);
    await as(t, second.apprentice.token).post(`/api/evidence/${other.id}/submit`).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('puts its wide table in a labelled region that says it scrolls', async () => {
    const res = await page(t, mine.provider)('/').expect(200);
    expect(res.text).toMatch(
      /<div class="ksb-scroll ksb-scroll--framed" tabindex="0" role="region" aria-label="Apprenticeships, those at risk first" aria-describedby="overview-scroll-hint">/,
    );
    expect(res.text).toContain(
      '<p class="govuk-body-s ksb-scroll-hint" id="overview-scroll-hint">The table has ten columns: scroll it sideways to see them all.</p>',
    );
    // The stylesheet frames that region, keeps the names in view and shows the line on a tablet.
    const css = await request(t.http).get('/assets/app.css').expect(200);
    expect(css.text).toContain('.ksb-scroll--framed{border:1px solid');
    expect(css.text).toMatch(
      /@media\(min-width: 40\.0625em\)and \(max-width: 63\.75em\)\{\.ksb-scroll-hint\{display:block\}/,
    );
  });

  it('links the gaps to the coverage and what waits to the queue narrowed to that apprentice', async () => {
    const res = await page(t, mine.provider)('/').expect(200);
    const row = rowOf(res.text, mine.apprenticeshipId);
    expect(row).toContain(`href="/portfolio/${mine.apprenticeshipId}#coverage"`);
    expect(row).toMatch(
      new RegExp(
        `href="/review-queue\\?apprenticeship=${mine.apprenticeshipId}">1<span class="govuk-visually-hidden"> piece of evidence from Zoë Overview waiting for review</span></a>`,
      ),
    );
    const portfolio = await page(t, mine.provider)(`/portfolio/${mine.apprenticeshipId}`);
    expect(portfolio.text).toContain('id="coverage"');
    expect(portfolio.text).toContain('id="evidence"');

    const queue = await page(
      t,
      mine.provider,
    )(`/review-queue?apprenticeship=${mine.apprenticeshipId}`).expect(200);
    expect(queue.text).toContain(`/evidence/${waiting.id}/decide`);
    expect(queue.text).not.toContain(`/evidence/${other.id}/decide`);
    expect(queue.text).toContain('Showing only Zoë Overview’s evidence.');
    expect(queue.text).toContain(
      `<input type="hidden" name="apprenticeship" value="${mine.apprenticeshipId}">`,
    );
    const everyone = await page(t, mine.provider)('/review-queue').expect(200);
    expect(everyone.text).toContain(`/evidence/${other.id}/decide`);
  });

  it('answers the queue narrowed to another provider’s apprentice with the 404 page', async () => {
    const res = await page(
      t,
      theirs.provider,
    )(`/review-queue?apprenticeship=${mine.apprenticeshipId}`).expect(404);
    expect(res.text).toContain('Page not found');
    expect(res.text).not.toContain('Zoë Overview');
    await page(t, mine.provider)('/review-queue?apprenticeship=not-a-uuid').expect(422);
  });

  it('sends those who do not review to the portfolio’s evidence instead', async () => {
    const res = await page(t, { token: adminToken })(`/?page=1`).expect(200);
    const row = rowOf(res.text, mine.apprenticeshipId);
    expect(row).toContain(`href="/portfolio/${mine.apprenticeshipId}#evidence"`);
    expect(row).not.toContain('/review-queue');
  });
});
