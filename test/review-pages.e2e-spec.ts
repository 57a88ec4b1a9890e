/**
 * Issue 13, the review loop's pages: the same tenancy as the API (another provider's evidence is
 * a 404 page, an apprentice may not decide, a tutor may not change an apprentice's evidence), and
 * the forms go through the API's services and rules.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { addEvidence, submitAndReview } from './support/evidence-factories.js';
import { ADMIN, as, createTenant, login, Person, Tenant } from './support/factories.js';
import { REWRITE_IT } from '../src/web/evidence/evidence-form.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { errorSummaryTargets } from './support/page-html.js';

const CSRF = 'csrf-token-for-the-review-pages';

/** A request as `person`, signed in by the session cookie as the browser is. */
const page = (t: TestApp, person: Person) => {
  const cookie = `ksb_session=${person.token}; ksb_csrf=${CSRF}`;
  return {
    get: (url: string) => request(t.http).get(url).set('Cookie', cookie),
    post: (url: string) => request(t.http).post(url).set('Cookie', cookie).type('form'),
    multipart: (url: string) => request(t.http).post(`${url}?_csrf=${CSRF}`).set('Cookie', cookie),
  };
};

describe('Review loop pages: tenancy and the API’s rules', () => {
  let t: TestApp;
  let mine: Tenant;
  let theirs: Tenant;
  let evidenceId: string;
  let adminToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t, ADMIN.email, ADMIN.password);
    adminToken = admin;
    mine = await createTenant(t, admin);
    theirs = await createTenant(t, admin);
    const evidence = await addEvidence(t, mine.apprentice.token, mine.apprenticeshipId, [
      'K5',
      'S2',
    ]);
    evidenceId = evidence.id;
    await as(t, mine.apprentice.token).post(`/api/evidence/${evidenceId}/submit`).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers another provider's evidence with the 404 page, on every review-loop route", async () => {
    const other = page(t, theirs.provider);
    for (const path of ['decide', 'change', 'view']) {
      const res = await other.get(`/evidence/${evidenceId}/${path}`).expect(404);
      expect(res.text).toContain('Page not found');
    }
    await other
      .post(`/evidence/${evidenceId}/decide`)
      .send({ _csrf: CSRF, 'decision-K5': 'accepted', outcome: 'accepted' })
      .expect(404);
    const apprentice = page(t, theirs.apprentice);
    await apprentice.get(`/evidence/${evidenceId}/change`).expect(404);
    await apprentice
      .multipart(`/evidence/${evidenceId}/change`)
      .field('title', 'Not mine')
      .expect(404);
  });

  it('keeps the queue to the tutor’s own provider, and shows no banner for evidence not theirs', async () => {
    const own = await page(t, mine.provider).get('/review-queue').expect(200);
    expect(own.text).toContain(`/evidence/${evidenceId}/decide`);
    const other = await page(t, theirs.provider)
      .get(`/review-queue?reviewed=${evidenceId}`)
      .expect(200);
    expect(other.text).not.toContain(evidenceId);
    expect(other.text).not.toContain('govuk-notification-banner');
    expect(other.text).toContain('Nothing is waiting for review.');
  });

  it('narrows the queue to the apprentices the tutor tutors when asked', async () => {
    // A second tutor at the same provider, who tutors nobody.
    const email = `colleague-${Date.now()}@test.example`;
    const password = 'colleague-password-2026';
    await as(t, adminToken)
      .post('/api/users')
      .send({
        email,
        password,
        name: 'A colleague',
        role: 'provider',
        organisationId: mine.providerId,
      })
      .expect(201);
    const colleague = { id: '', email, password, token: await login(t, email, password) };
    const all = await page(t, colleague).get('/review-queue').expect(200);
    expect(all.text).toContain(`/evidence/${evidenceId}/decide`);
    const own = await page(t, colleague).get('/review-queue?whose=mine').expect(200);
    expect(own.text).not.toContain(`/evidence/${evidenceId}/decide`);
    const tutor = await page(t, mine.provider).get('/review-queue?whose=mine').expect(200);
    expect(tutor.text).toContain(`/evidence/${evidenceId}/decide`);
  });

  it('lets neither the apprentice decide nor the tutor change the evidence (403 pages)', async () => {
    const apprentice = page(t, mine.apprentice);
    const res = await apprentice.get(`/evidence/${evidenceId}/decide`).expect(403);
    expect(res.text).toContain('You cannot do that');
    // Nor is the reviewer's queue the apprentice's (or the employer's) page.
    await apprentice.get('/review-queue').expect(403);
    await page(t, mine.employer).get('/review-queue').expect(403);
    await apprentice
      .post(`/evidence/${evidenceId}/decide`)
      .send({ _csrf: CSRF, 'decision-K5': 'accepted', outcome: 'accepted' })
      .expect(403);
    await page(t, mine.provider).get(`/evidence/${evidenceId}/change`).expect(403);
    const view = await apprentice.get(`/evidence/${evidenceId}/view`).expect(200);
    expect(view.text).not.toContain('Review this evidence');
    expect(view.text).toContain('Change this evidence');
  });

  it('answers bad queue parameters with a 4xx page, never a 5xx', async () => {
    const tutor = page(t, mine.provider);
    for (const query of ['page=0', 'page=abc', 'whose=everyone', 'reviewed=not-a-uuid']) {
      const res = await tutor.get(`/review-queue?${query}`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('refuses a rejection without a reason through the review rule, changing nothing', async () => {
    const res = await page(t, mine.provider)
      .post(`/evidence/${evidenceId}/decide`)
      .send({ _csrf: CSRF, 'decision-S2': 'rejected', outcome: 'changes_requested' })
      .expect(422);
    expect(res.text).toContain('href="#reason-S2"');
    expect(res.text).toContain('Enter why S2 is rejected');
    const evidence = await as(t, mine.provider.token).get(`/api/evidence/${evidenceId}`);
    expect(evidence.body.status).toBe('submitted');
  });

  it('refuses accepting evidence with every criterion rejected by saying the rule, at the outcome', async () => {
    const tutor = page(t, mine.provider);
    const res = await tutor
      .post(`/evidence/${evidenceId}/decide`)
      .send({
        _csrf: CSRF,
        'decision-K5': 'rejected',
        'reason-K5': 'No model card.',
        'decision-S2': 'rejected',
        'reason-S2': 'No stakeholder notes.',
        outcome: 'accepted',
      })
      .expect(422);
    const rule =
      'Evidence can be accepted only when at least one of its criteria is accepted: accept a criterion, or choose to request changes';
    expect(res.text).toContain(rule);
    expect(errorSummaryTargets(res.text)).toEqual(['outcome']);
    expect(res.text).not.toContain('Choose whether to accept the evidence or request changes');
    // The choice stays as the tutor made it.
    expect(res.text).toMatch(/<input[^>]*name="outcome"[^>]*value="accepted"[^>]*checked/);

    // With a reason missing and a comment too long, every problem is named in the same round,
    // in the page's order.
    const all = await tutor
      .post(`/evidence/${evidenceId}/decide`)
      .send({
        _csrf: CSRF,
        'decision-K5': 'rejected',
        'reason-K5': 'No model card.',
        'decision-S2': 'rejected',
        outcome: 'accepted',
        comment: 'x'.repeat(10_001),
      })
      .expect(422);
    expect(errorSummaryTargets(all.text)).toEqual(['reason-S2', 'outcome', 'comment']);
    expect(all.text).toContain(rule);
    const evidence = await as(t, mine.provider.token).get(`/api/evidence/${evidenceId}`);
    expect(evidence.body.status).toBe('submitted');
  });

  it('asks what to change when changes are requested with no criterion rejected', async () => {
    const res = await page(t, mine.provider)
      .post(`/evidence/${evidenceId}/decide`)
      .send({ _csrf: CSRF, 'decision-K5': 'accepted', outcome: 'changes_requested', comment: ' ' })
      .expect(422);
    expect(errorSummaryTargets(res.text)).toEqual(['comment']);
    expect(res.text).toContain('Say in a comment what needs to change');
    // The API holds the same rule, naming it.
    const api = await as(t, mine.provider.token)
      .post(`/api/evidence/${evidenceId}/review`)
      .send({ decisions: [{ code: 'K5', decision: 'accepted' }], outcome: 'changes_requested' })
      .expect(422);
    expect(api.body.details).toEqual([
      expect.objectContaining({ field: 'comment', rule: 'say_what_to_change' }),
    ]);
    const evidence = await as(t, mine.provider.token).get(`/api/evidence/${evidenceId}`);
    expect(evidence.body.status).toBe('submitted');
  });

  it('records the decision like the API and sends the tutor back to the queue', async () => {
    const res = await page(t, mine.provider)
      .post(`/evidence/${evidenceId}/decide`)
      .send({
        _csrf: CSRF,
        'decision-K5': 'accepted',
        'decision-S2': 'rejected',
        'reason-S2': 'Show the stakeholder notes.',
        outcome: 'changes_requested',
        comment: 'Close: one more artefact.',
      })
      .expect(303);
    expect(res.headers.location).toBe(`/review-queue?reviewed=${evidenceId}`);
    const evidence = await as(t, mine.provider.token).get(`/api/evidence/${evidenceId}`);
    expect(evidence.body.status).toBe('changes_requested');
    expect(evidence.body.tags).toEqual([
      expect.objectContaining({ code: 'K5', status: 'accepted' }),
      expect.objectContaining({
        code: 'S2',
        status: 'rejected',
        reason: 'Show the stakeholder notes.',
      }),
    ]);
    const banner = await page(t, mine.provider).get(res.headers.location).expect(200);
    expect(banner.text).toContain('reviewed: changes requested');
    // Opened again, the decide page says why there is nothing to decide, in words.
    const again = await page(t, mine.provider).get(`/evidence/${evidenceId}/decide`).expect(200);
    expect(again.text).toContain(
      'is not waiting for review: changes were requested and it is back with the apprentice.',
    );
    // The apprentice's portfolio says what came back, and which criterion was not accepted.
    const dashboard = await page(t, mine.apprentice)
      .get(`/portfolio/${mine.apprenticeshipId}`)
      .expect(200);
    const returned = dashboard.text.slice(dashboard.text.indexOf('Came back from review'));
    expect(returned).toMatch(/Changes requested\s*<\/strong>\s*S2 rejected: <a [^>]*>see why/);
    expect(returned).toContain(`href="/evidence/${evidenceId}/view#decisions"`);
  });

  it('resubmits the changed evidence in one transaction: a refused submit changes nothing', async () => {
    const apprentice = page(t, mine.apprentice);
    const form = (r: request.Test) =>
      r
        .field('title', 'Changed title')
        .field('kind', 'work_product')
        .field('activityDate-day', '1')
        .field('activityDate-month', '6')
        .field('activityDate-year', '2025')
        .field('intent', 'submit');
    // No criteria ticked: the submit refuses, so the new title is not kept either.
    const refused = await form(apprentice.multipart(`/evidence/${evidenceId}/change`)).expect(422);
    expect(refused.text).toContain('Tick at least one criterion');
    let evidence = await as(t, mine.apprentice.token).get(`/api/evidence/${evidenceId}`);
    expect(evidence.body.title).not.toBe('Changed title');

    // A missing title, a date in the future and sending it with nothing ticked are named in the
    // same round, and the summary lists them in the page's order.
    const later = new Date(Date.now() + 400 * 86_400_000);
    const both = await apprentice
      .multipart(`/evidence/${evidenceId}/change`)
      .field('title', '')
      .field('kind', 'work_product')
      .field('activityDate-day', String(later.getUTCDate()))
      .field('activityDate-month', String(later.getUTCMonth() + 1))
      .field('activityDate-year', String(later.getUTCFullYear()))
      .field('intent', 'submit')
      .expect(422);
    expect(errorSummaryTargets(both.text)).toEqual(['title', 'activityDate', 'tags']);
    expect(both.text).toContain(
      'a real date, not in the future nor before your apprenticeship started',
    );
    expect(both.text).toContain('Tick at least one criterion this evidence shows');

    // A suggested justification sent as it came: the apprentice is asked to rewrite it.
    const unwritten = await form(apprentice.multipart(`/evidence/${evidenceId}/change`))
      .field('tags', 'K5')
      .field('justification-K5', 'This evidence shows K5 where it covers “data”. ' + REWRITE_IT)
      .expect(422);
    expect(unwritten.text).toContain(
      'Rewrite the suggested justification for K5 in your own words: say what you did',
    );
    expect(unwritten.text).toContain('href="#justification-K5"');
    evidence = await as(t, mine.apprentice.token).get(`/api/evidence/${evidenceId}`);
    expect(evidence.body.title).not.toBe('Changed title');

    await form(apprentice.multipart(`/evidence/${evidenceId}/change`))
      .field('tags', 'K5')
      .field('justification-K5', 'Shows K5')
      .field('tags', 'S2')
      .field('justification-S2', 'The stakeholder notes are attached now.')
      .expect(303);
    evidence = await as(t, mine.apprentice.token).get(`/api/evidence/${evidenceId}`);
    expect(evidence.body).toMatchObject({ title: 'Changed title', status: 'submitted' });
    expect(evidence.body.changesSinceReview.tags).toEqual([
      expect.objectContaining({ code: 'S2', change: 'justification' }),
    ]);
  });

  it('offers new evidence for a criterion rejected on accepted evidence, and words the list for each reader', async () => {
    const accepted = await addEvidence(t, mine.apprentice.token, mine.apprenticeshipId, [
      'K6',
      'D2',
    ]);
    await submitAndReview(
      t,
      mine.apprentice.token,
      mine.provider.token,
      accepted.id,
      { K6: 'accepted', D2: 'rejected' },
      'accepted',
    );
    const base = `/portfolio/${mine.apprenticeshipId}`;
    const apprentice = await page(t, mine.apprentice).get(base).expect(200);
    const returned = apprentice.text.slice(apprentice.text.indexOf('Came back from review'));
    const item = returned.slice(returned.indexOf(`/evidence/${accepted.id}/view"`));
    expect(item.slice(0, item.indexOf('</li>'))).toMatch(
      new RegExp(`href="${base}/add-evidence\\?criterion=D2">Add evidence for D2</a>`),
    );

    // The employer does not act on what came back: the section is not theirs.
    const employer = await page(t, mine.employer).get(base).expect(200);
    expect(employer.text).not.toContain('Came back from review');
    expect(employer.text).not.toContain('Sent back to');
    expect(employer.text).not.toContain('add-evidence?criterion=');
    // The tutor follows up what they sent back, and adds no evidence.
    const tutor = await page(t, mine.provider).get(base).expect(200);
    expect(tutor.text).not.toContain('Came back from review');
    const apprenticeship = await as(t, mine.provider.token)
      .get(`/api/apprenticeships/${mine.apprenticeshipId}`)
      .expect(200);
    expect(tutor.text).toContain(`Sent back to ${escapeHtml(apprenticeship.body.apprentice.name)}`);
    expect(tutor.text).not.toContain('add-evidence?criterion=');
  });
});

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&#39;');
