/**
 * A criterion's page, opened from the portfolio's coverage grid: its whole text, where it stands,
 * the evidence tagged with it (a rejection with the way to its reason), and "Add evidence for it",
 * which opens the add page with it ticked. Another provider's portfolio is a 404 page.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { addEvidence, submitAndReview } from './support/evidence-factories.js';
import { ADMIN, as, createTenant, login, Person, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

/**
 * The "Where it stands" row as it reads, tags taken out: the status, then a sentence of its own
 * (it once ran on, "Missing the evidence tagged with it was not accepted").
 */
function standing(html: string): string {
  const row = html.slice(html.indexOf('Where it stands'));
  const value = row.slice(row.indexOf('govuk-summary-list__value'), row.indexOf('</dd>'));
  return value
    .replace(/^[^>]*>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,])/g, '$1')
    .trim();
}

const page = (t: TestApp, person: Person) => (url: string) =>
  request(t.http).get(url).set('Cookie', `ksb_session=${person.token}`);

describe('Criterion pages', () => {
  let t: TestApp;
  let mine: Tenant;
  let theirs: Tenant;
  let evidence: { id: string; reference: string };
  let criterionText: Record<string, string>;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t, ADMIN.email, ADMIN.password);
    mine = await createTenant(t, admin);
    theirs = await createTenant(t, admin);
    base = `/portfolio/${mine.apprenticeshipId}`;
    evidence = await addEvidence(t, mine.apprentice.token, mine.apprenticeshipId, ['K5', 'S2']);
    await submitAndReview(
      t,
      mine.apprentice.token,
      mine.provider.token,
      evidence.id,
      { K5: 'accepted', S2: 'rejected' },
      'accepted',
    );
    const coverage = await as(t, mine.apprentice.token)
      .get(`/api/apprenticeships/${mine.apprenticeshipId}/coverage`)
      .expect(200);
    criterionText = Object.fromEntries(
      (coverage.body.criteria as { code: string; text: string }[]).map((c) => [c.code, c.text]),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('opens from every cell of the grid', async () => {
    const res = await page(t, mine.apprentice)(base).expect(200);
    for (const code of Object.keys(criterionText)) {
      expect(res.text).toContain(`href="${base}/criteria/${code}"`);
    }
  });

  it('shows the whole text, where it stands, and its evidence', async () => {
    const k5 = await page(t, mine.apprentice)(`${base}/criteria/K5`).expect(200);
    expect(k5.text).toContain(escape(criterionText.K5));
    expect(standing(k5.text)).toMatch(
      /^Evidenced\. Accepted on 1 piece of evidence\. Evidenced since \d{1,2} \w+ \d{4}\.$/,
    );
    expect(k5.text).toContain(`href="/evidence/${evidence.id}/view"`);
    expect(k5.text).toContain(`href="${base}/add-evidence?criterion=K5"`);

    const s2 = await page(t, mine.apprentice)(`${base}/criteria/S2`).expect(200);
    expect(standing(s2.text)).toBe('Missing. The evidence tagged with S2 was not accepted.');
    expect(s2.text).toContain(`href="/evidence/${evidence.id}/view#decisions"`);

    // A draft's claim is claimed, not yet accepted: nobody has been asked to decide it yet.
    await addEvidence(t, mine.apprentice.token, mine.apprenticeshipId, ['S3']);
    const s3 = await page(t, mine.apprentice)(`${base}/criteria/S3`).expect(200);
    expect(standing(s3.text)).toBe(
      'Claimed. Tagged on 1 piece of evidence not yet accepted (a draft, or waiting for review).',
    );

    const k22 = await page(t, mine.apprentice)(`${base}/criteria/K22`).expect(200);
    expect(standing(k22.text)).toBe('Missing. No evidence has been tagged with K22 yet.');
    expect(k22.text).toContain('No evidence is tagged with K22 yet.');
  });

  it('offers adding evidence only to whoever may', async () => {
    for (const person of [mine.provider, mine.employer]) {
      const res = await page(t, person)(`${base}/criteria/K22`).expect(200);
      expect(res.text).not.toContain('add-evidence?criterion=');
    }
  });

  it('answers 404 for another provider, an unknown code and a malformed one', async () => {
    for (const person of [theirs.apprentice, theirs.provider]) {
      const res = await page(t, person)(`${base}/criteria/K5`).expect(404);
      expect(res.text).toContain('Page not found');
      expect(res.text).not.toContain(escape(criterionText.K5));
    }
    for (const code of ['K99', 'k5', 'x', 'K5%20']) {
      await page(t, mine.apprentice)(`${base}/criteria/${code}`).expect(404);
    }
  });

  it('opens the add page with the criterion ticked', async () => {
    const res = await page(t, mine.apprentice)(`${base}/add-evidence?criterion=K22`).expect(200);
    expect(res.text).toContain('Adding evidence for <strong>K22</strong>');
    expect(res.text).toMatch(/<input[^>]*value="K22"[^>]*checked/);
    // A code this standard does not have is ticked nowhere and named nowhere.
    const unknown = await page(
      t,
      mine.apprentice,
    )(`${base}/add-evidence?criterion=K99`).expect(200);
    expect(unknown.text).not.toContain('Adding evidence for');
    expect(unknown.text).not.toMatch(/<input[^>]*checked/);
    const bad = await page(t, mine.apprentice)(`${base}/add-evidence?criterion=zz`).expect(422);
    expect(bad.text).toContain('criterion must be a code such as K5');
  });

  it('keeps saying which criterion the page is for when the form comes back', async () => {
    const csrf = 'csrf-for-the-criterion-notice';
    const post = (fields: Record<string, string | string[]>) => {
      const req = request(t.http)
        .post(`${base}/add-evidence?_csrf=${csrf}`)
        .set('Cookie', `ksb_session=${mine.apprentice.token}; ksb_csrf=${csrf}`);
      for (const [name, value] of Object.entries(fields))
        for (const v of [value].flat()) void req.field(name, v);
      return req;
    };
    const opened = await page(t, mine.apprentice)(`${base}/add-evidence?criterion=K22`);
    expect(opened.text).toContain('<input type="hidden" name="forCriterion" value="K22">');
    // No title: refused, still for K22, which is still ticked.
    const refused = await post({
      forCriterion: 'K22',
      tags: 'K22',
      'justification-K22': 'Built the feature store.',
      intent: 'draft',
    }).expect(422);
    expect(refused.text).toContain('Enter a title');
    expect(refused.text).toContain('Adding evidence for <strong>K22</strong>');
    expect(refused.text).toContain('name="forCriterion" value="K22"');
    // Unticked by the apprentice: no longer what the page is for.
    const unticked = await post({ forCriterion: 'K22', tags: 'K5', intent: 'draft' }).expect(422);
    expect(unticked.text).not.toContain('Adding evidence for');
    expect(unticked.text).not.toContain('name="forCriterion"');
    // The notice comes from the ticked boxes alone: a made-up value names nothing.
    const forged = await post({ forCriterion: '<b>K22', tags: 'K22', intent: 'draft' }).expect(422);
    expect(forged.text).not.toContain('Adding evidence for');
  });
});

/** As the pages write text (Nunjucks autoescaping). */
function escape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&#34;')
    .replaceAll("'", '&#39;');
}
