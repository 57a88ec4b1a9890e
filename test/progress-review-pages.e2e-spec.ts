/**
 * The progress review pages: the form's errors in people's words, each linked to its field and
 * naming the action as the form shows it; a review that can no longer change offers no form; a
 * signature on the meeting's own day says so, on the pages and in the review's PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { isoDay } from '../src/common/clock/calendar.js';
import { ADMIN, as, binary, createTenant, login, Person, Tenant } from './support/factories.js';
import { readPdf } from './support/pdf-tools.js';
import { errorSummaryTargets } from './support/page-html.js';
import { createTestApp, TestApp } from './support/test-app.js';

const CSRF = 'csrf-token-for-the-review-forms';
const today = () => isoDay(new Date());
const tomorrow = () => isoDay(new Date(Date.now() + 86_400_000));

/** The form's fields as the browser posts them: three action rows, blank unless given. */
const reviewForm = (fields: Record<string, string>) =>
  new URLSearchParams({
    meetingDate: today(),
    trainingPlanProgress: 'On plan',
    epaReadiness: 'Not yet',
    nextReviewDate: '',
    nextReviewLaterReason: '',
    ...Object.fromEntries(
      [0, 1, 2].flatMap((n) => [
        [`actions-${n}-description`, ''],
        [`actions-${n}-owner`, ''],
        [`actions-${n}-dueDate`, ''],
      ]),
    ),
    ...fields,
  }).toString();

describe('The progress review pages', () => {
  let t: TestApp;
  let a: Tenant;
  const page = (person: Person, url: string) =>
    request(t.http).get(url).set('Cookie', `ksb_session=${person.token}`);
  const post = (person: Person, url: string, body: string) =>
    request(t.http)
      .post(url)
      .set('Cookie', `ksb_session=${person.token}; ksb_csrf=${CSRF}`)
      .type('form')
      .send(`${body}&_csrf=${CSRF}`);
  const newReview = () => `/portfolio/${a.apprenticeshipId}/progress-reviews/new`;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names the action without an owner or a real due date, at its own fields', async () => {
    const res = await post(
      a.provider,
      newReview(),
      reviewForm({
        'actions-0-description': 'Write up the pipeline',
        'actions-2-description': 'Book a shadowing day',
        'actions-2-owner': 'employer',
        'actions-2-dueDate': 'next month',
      }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose who will do action 1');
    expect(res.text).toContain(
      'Enter the due date of action 1 as a real date, for example 28 2 2027',
    );
    expect(res.text).toContain(
      'Enter the due date of action 3 as a real date, for example 28 2 2027',
    );
    expect(errorSummaryTargets(res.text)).toEqual([
      'actions-0-owner',
      'actions-0-dueDate',
      'actions-2-dueDate',
    ]);
    expect(res.text).not.toMatch(/Owner must be|DueDate must be|YYYY-MM-DD/);
  });

  it('says a meeting date in the future cannot be, with a day-month-year example', async () => {
    const res = await post(a.provider, newReview(), reviewForm({ meetingDate: tomorrow() }));
    expect(res.status).toBe(422);
    expect(errorSummaryTargets(res.text)).toEqual(['meetingDate']);
    expect(res.text).toContain(
      'The date of the meeting cannot be in the future: enter the day it was held, for example 2 3 2026',
    );
    expect(res.text).not.toContain('2026-03-02');
  });

  it("names the rules' problems in the same round as the form's own, in page order", async () => {
    const later = isoDay(new Date(Date.now() + 200 * 86_400_000));
    const res = await post(
      a.provider,
      newReview(),
      reviewForm({
        meetingDate: tomorrow(),
        'actions-0-description': 'Write up the pipeline',
        'actions-0-dueDate': today(),
        nextReviewDate: later,
      }),
    );
    expect(res.status).toBe(422);
    // The meeting in the future, an action due before it, the next review too late, with the
    // owner missing: one round.
    expect(errorSummaryTargets(res.text)).toEqual([
      'meetingDate',
      'actions-0-owner',
      'actions-0-dueDate',
      'nextReviewLaterReason',
    ]);
    expect(res.text).toContain(
      'The due date of action 1 must be on or after the day of the meeting',
    );
    expect(res.text).toContain('The date of the meeting cannot be in the future');
    expect(res.text).toContain('Choose who will do action 1');
    expect(res.text).toContain('Explain why the next review is later than');
  });

  it('offers no form for a signed review, and says when each party signed', async () => {
    const created = await post(
      a.provider,
      newReview(),
      reviewForm({
        'actions-0-description': 'Write up the pipeline',
        'actions-0-owner': 'apprentice',
        'actions-0-dueDate': tomorrow(),
      }),
    );
    expect(created.status).toBe(303);
    const view = created.headers.location;
    const id = view.split('/').pop()!;
    const edit = await page(a.provider, `${view}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('Save the review');

    await as(t, a.provider.token).post(`/api/progress-reviews/${id}/signatures`).expect(200);
    const locked = await page(a.provider, `${view}/edit`);
    expect([locked.status, locked.headers.location]).toEqual([303, `${view}?cannotChange=1`]);
    const told = await page(a.provider, locked.headers.location).expect(200);
    expect(told.text).toContain('Progress review 1 can no longer be changed');
    expect(told.text).toContain('The training provider signed it on');
    expect(told.text).not.toContain('Save the review');
    expect(told.text).not.toContain('Change the review');

    // A form already open when it was signed: nothing saved, the same page and notice.
    const late = await post(a.provider, `${view}/edit`, reviewForm({ concerns: 'Late change' }));
    expect([late.status, late.headers.location]).toEqual([303, `${view}?cannotChange=1`]);
    const review = await as(t, a.provider.token).get(`/api/progress-reviews/${id}`).expect(200);
    expect(review.body.concerns).toBe('');

    // Signed on the meeting's own day: said so, never "0 days after the meeting".
    expect(told.text).toContain('on the day of the meeting');
    expect(told.text).not.toContain('0 days after');
    const list = await page(a.provider, `/portfolio/${a.apprenticeshipId}/progress-reviews`);
    expect(list.text).toContain('on the day of the meeting');
    // And the review's PDF, made once all three have signed: "same day", never "0 days".
    for (const party of [a.employer, a.apprentice]) {
      await as(t, party.token).post(`/api/progress-reviews/${id}/signatures`).expect(200);
    }
    const pdf = await binary(
      as(t, a.provider.token).get(`/api/progress-reviews/${id}/review.pdf`),
    ).expect(200);
    const printed = (await readPdf(pdf.body as Buffer)).pageTexts().join('\n');
    expect(printed).toMatch(/Training provider .* same day/);
    expect(printed).not.toMatch(/\b0 days\b/);
    // The page's link gives the same file, with the same headers as the API's.
    const fromPage = await binary(
      request(t.http)
        .get(`/progress-review/${id}/review.pdf`)
        .set('Cookie', `ksb_session=${a.provider.token}`),
    ).expect(200);
    expect(Buffer.compare(fromPage.body as Buffer, pdf.body as Buffer)).toBe(0);
    for (const header of ['content-type', 'content-disposition', 'cache-control']) {
      expect(fromPage.headers[header]).toBe(pdf.headers[header]);
    }
    expect(pdf.headers['content-disposition']).toMatch(/^inline; filename="/);
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.headers['cache-control']).toBe('private, no-store');
    // Without the flag, or while it can still change, the page carries no notice.
    expect((await page(a.provider, view)).text).not.toContain('can no longer be changed');
  });

  it("links a refused signature's errors to the fields on the review's form", async () => {
    const b = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
    const created = await post(
      b.provider,
      `/portfolio/${b.apprenticeshipId}/progress-reviews/new`,
      reviewForm({ trainingPlanProgress: '', epaReadiness: '' }),
    );
    expect(created.status).toBe(303);
    const view = created.headers.location;
    const refused = await post(b.provider, `${view}/sign`, '');
    expect(refused.status).toBe(422);
    const links = [...refused.text.matchAll(/govuk-error-summary__list[\s\S]*?<\/ul>/g)]
      .flatMap((m) => [...m[0].matchAll(/href="([^"]+)"/g)])
      .map((m) => m[1]);
    expect(links).toEqual([`${view}/edit#trainingPlanProgress`, `${view}/edit#epaReadiness`]);
    const form = (await page(b.provider, `${view}/edit`).expect(200)).text;
    expect(form).toContain('id="trainingPlanProgress"');
    expect(form).toContain('id="epaReadiness"');
  });

  it('says the signature was made and who signs next, once', async () => {
    const c = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
    const created = await post(
      c.provider,
      `/portfolio/${c.apprenticeshipId}/progress-reviews/new`,
      reviewForm({}),
    );
    const view = created.headers.location;
    const signed = await post(c.provider, `${view}/sign`, '');
    expect([signed.status, signed.headers.location]).toEqual([303, `${view}?signed=1#signatures`]);
    const told = (await page(c.provider, `${view}?signed=1`).expect(200)).text;
    expect(told).toContain('You signed progress review 1');
    expect(told).toContain('The employer signs next.');
    // Not for someone who has not signed, nor without the flag.
    expect((await page(c.employer, `${view}?signed=1`)).text).not.toContain('You signed');
    expect((await page(c.provider, view)).text).not.toContain('You signed');
  });
});
