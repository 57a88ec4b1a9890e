/**
 * The off-the-job log as a page: a long log comes in pages of 50 entries, newest first, with
 * links between them; a bad page number is a 422 naming the field; another provider's log is a
 * 404 page.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ADMIN, as, createTenant, login, Person, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { errorSummaryTargets } from './support/page-html.js';
import { dateFields } from '../src/web/forms.js';

/** A day as the add page's date input posts it (day, month and year boxes). */
const dateQuery = (iso: string) =>
  new URLSearchParams(dateFields('activityDate', iso) as Record<string, string>).toString();

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A request as `person`, signed in by the session cookie as the browser is. */
const page = (t: TestApp, person: Person) => (url: string) =>
  request(t.http).get(url).set('Cookie', `ksb_session=${person.token}`);

const CSRF = 'csrf-token-for-the-otj-forms';

/** A form posted as the browser posts it, body as raw urlencoded text (so a name can repeat). */
const post = (t: TestApp, person: Person) => (url: string, body: string) =>
  request(t.http)
    .post(url)
    .set('Cookie', `ksb_session=${person.token}; ksb_csrf=${CSRF}`)
    .type('form')
    .send(`${body}&_csrf=${CSRF}`);

/** The entries' activity cells on a log page, in order. */
const activities = (html: string) =>
  [...html.matchAll(/data-label="Activity">([^<]*)/g)].map((m) => m[1].trim());

describe('The off-the-job log page, in pages', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t, ADMIN.email, ADMIN.password);
    a = await createTenant(t, admin);
    b = await createTenant(t, admin);
    // 55 entries, the newest (entry 55) yesterday, two a day.
    for (let i = 1; i <= 55; i++) {
      await as(t, a.apprentice.token)
        .post(`/api/apprenticeships/${a.apprenticeshipId}/otj/entries`)
        .send({
          activityDate: day(-Math.ceil((56 - i) / 2)),
          startTime: i % 2 ? '14:00' : '09:00',
          duration: '0:30',
          description: `Training entry ${i}`,
          category: 'theory',
          deliveredBy: 'provider',
          criteria: ['K5'],
        })
        .expect(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows the newest 50 first, says which they are, and links to the next page', async () => {
    const res = await page(t, a.apprentice)(`/portfolio/${a.apprenticeshipId}/otj`).expect(200);
    const shown = activities(res.text);
    expect(shown).toHaveLength(50);
    expect(shown[0]).toBe('Training entry 55');
    expect(res.text).toContain('Entries 1 to 50 of 55, newest first.');
    expect(res.text).toContain(`href="/portfolio/${a.apprenticeshipId}/otj?page=2"`);
  });

  it('shows the rest on the second page, with a link back', async () => {
    const res = await page(
      t,
      a.provider,
    )(`/portfolio/${a.apprenticeshipId}/otj?page=2`).expect(200);
    expect(activities(res.text)).toEqual([5, 4, 3, 2, 1].map((n) => `Training entry ${n}`));
    expect(res.text).toContain('Entries 51 to 55 of 55, newest first.');
    expect(res.text).toContain(`href="/portfolio/${a.apprenticeshipId}/otj?page=1"`);
  });

  it('says which entries came in a back-dated import, beside their late-entry warning', async () => {
    await as(t, a.apprentice.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/otj/entries/import`)
      .send({
        backdated: true,
        reason: 'Hours kept on paper before the provider moved to this service',
        entries: [
          {
            activityDate: day(-90),
            duration: '1:00',
            description: 'Paper-log workshop',
            category: 'theory',
            deliveredBy: 'provider',
          },
        ],
      })
      .expect(201);
    const res = await page(
      t,
      a.apprentice,
    )(`/portfolio/${a.apprenticeshipId}/otj?page=2`).expect(200);
    const row = res.text.slice(res.text.indexOf('Paper-log workshop'));
    expect(row.slice(0, row.indexOf('</td>'))).toMatch(
      /part of a back-dated import[\s\S]*Entered 90 days after the activity/,
    );
    expect(res.text.match(/part of a back-dated import/g)).toHaveLength(1);
  });

  it('says so, with a way back, for a page past the end', async () => {
    const res = await page(
      t,
      a.apprentice,
    )(`/portfolio/${a.apprenticeshipId}/otj?page=3`).expect(200);
    expect(activities(res.text)).toEqual([]);
    expect(res.text).toContain('There are no entries on this page: the log has 56.');
  });

  it('answers a bad page number with a 422 naming the field, never a 5xx', async () => {
    for (const bad of ['0', 'abc', '1.5', '-1', '9999999']) {
      const res = await page(t, a.apprentice)(`/portfolio/${a.apprenticeshipId}/otj?page=${bad}`);
      expect([bad, res.status]).toEqual([bad, 422]);
      expect(res.text).toContain('page');
    }
  });

  it('reads a field whose name came twice as its first value, never a 5xx', async () => {
    const added = await post(t, a.apprentice)(
      `/portfolio/${a.apprenticeshipId}/otj/add`,
      [
        `${dateQuery(day(-1))}&${dateQuery(day(-2))}`,
        'hours=1&hours=2&minutes=15&minutes=30',
        'description=Reading+group&description=Twice',
        'category=theory&category=practical',
        'deliveredBy=provider&deliveredBy=employer',
        'criteria=K5&criteria=S2',
      ].join('&'),
    );
    expect(added.status).toBe(303);
    const entries = await as(t, a.apprentice.token)
      .get(`/api/apprenticeships/${a.apprenticeshipId}/otj/entries?limit=100`)
      .expect(200);
    const entry = entries.body.items.find(
      (e: { description: string }) => e.description === 'Reading group',
    );
    expect(entry).toMatchObject({
      activityDate: day(-1),
      duration: '1:15',
      category: { code: 'theory' },
      deliveredBy: 'provider',
      criteria: ['K5'],
    });
    const rejected = await post(t, a.provider)(
      `/otj-approvals/${entry.id}`,
      'decision=rejected&decision=approved&reason=Not+training+time&reason=Other',
    );
    expect(rejected.status).toBe(303);
    const decided = await as(t, a.apprentice.token)
      .get(`/api/apprenticeships/${a.apprenticeshipId}/otj/entries?limit=100`)
      .expect(200);
    expect(decided.body.items.find((e: { id: string }) => e.id === entry.id)).toMatchObject({
      status: 'rejected',
      decisionReason: 'Not training time',
    });
    // The page after the decision names it; another provider's tutor is told nothing of it.
    expect(rejected.headers.location).toBe(`/otj-approvals?decided=${entry.id}`);
    const named = await page(t, a.provider)(rejected.headers.location);
    expect(named.text).toContain('Rejected: Test apprentice’s 1 hour 15 minutes on');
    const elsewhere = await page(t, b.provider)(rejected.headers.location);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.text).not.toContain('Rejected:');
    expect((await page(t, a.provider)('/otj-approvals?decided=nope')).status).toBe(422);
    const plan = await post(t, a.provider)(
      `/portfolio/${a.apprenticeshipId}/otj/plan`,
      'plannedHours=abc&plannedHours=400',
    );
    expect(plan.status).toBe(422);
    expect(plan.text).toContain('Enter the planned hours as a whole number');
  });

  it('asks for hours in the form’s own terms, at the Hours box', async () => {
    // Hours typed as the API writes a duration (h:mm), which the form does not ask for.
    const hours = await post(t, a.apprentice)(
      `/portfolio/${a.apprenticeshipId}/otj/add`,
      `${dateQuery(day(-1))}&hours=1:30&minutes=0&description=Reading&category=theory&deliveredBy=provider`,
    );
    expect(hours.status).toBe(422);
    expect(hours.text).toContain(
      'Enter how long the training took: the hours as a whole number up to 24, such as 2, and the minutes',
    );
    expect(hours.text).not.toContain('h:mm');
    // The Hours box is marked, and a screen reader reaching it from the summary hears the error.
    const box = /<input[^>]*name="hours"[^>]*>/.exec(hours.text)![0];
    expect(box).toContain('govuk-input--error');
    expect(box).toContain('aria-describedby="duration-error"');
    expect(hours.text).toContain('id="duration-error"');
  });

  it('names a date in the future and a day over 24 hours in the same round as the rest', async () => {
    const all = await post(t, a.apprentice)(
      `/portfolio/${a.apprenticeshipId}/otj/add`,
      `${dateQuery(day(30))}&hours=30&minutes=0&description=&category=theory&deliveredBy=provider`,
    );
    expect(all.status).toBe(422);
    expect(all.text).toContain(
      'The day of the training cannot be in the future: log training once it has happened',
    );
    const early = await post(t, a.apprentice)(
      `/portfolio/${a.apprenticeshipId}/otj/add`,
      `${dateQuery(day(-2000))}&hours=1&minutes=0&description=x&category=theory&deliveredBy=provider`,
    );
    expect(early.text).toMatch(
      /The day of the training cannot be before the apprenticeship started on \d{1,2} \w+ \d{4}/,
    );
    // In the page's order: the date, then how long, then what was learned.
    expect(errorSummaryTargets(all.text)).toEqual(['activityDate', 'duration', 'description']);

    // No hours, and a code the standard does not have: both named before the service is asked.
    const more = await post(t, a.apprentice)(
      `/portfolio/${a.apprenticeshipId}/otj/add`,
      `${dateQuery(day(-1))}&description=&category=theory&deliveredBy=provider&criteria=K5,+K99`,
    );
    expect(more.status).toBe(422);
    expect(errorSummaryTargets(more.text)).toEqual(['duration', 'description', 'criteria']);
    expect(more.text).toContain(
      '“K99” is not a code of this standard: enter codes such as K5 or S3',
    );

    // A day that would hold more than 24 hours: the service's reason, at the hours.
    const entry = (hours: number) =>
      post(t, a.apprentice)(
        `/portfolio/${a.apprenticeshipId}/otj/add`,
        `${dateQuery(day(-2))}&hours=${hours}&minutes=0&description=Long+day&category=theory&deliveredBy=provider`,
      );
    expect((await entry(20)).status).toBe(303);
    const full = await entry(5);
    expect(full.status).toBe(422);
    expect(errorSummaryTargets(full.text)).toEqual(['duration']);
    expect(full.text).toMatch(
      /This entry would make \d+ hours on .*more than the 24 hours in a day/,
    );
  });

  it('tells a tutor logging training whose log it goes to', async () => {
    const tutor = await page(t, a.provider)(`/portfolio/${a.apprenticeshipId}/otj/add`);
    expect(tutor.status).toBe(200);
    expect(tutor.text).toContain('<span class="govuk-caption-l">For Test apprentice</span>');
    expect(tutor.text).toContain('What they learned or practised');
    const own = await page(t, a.apprentice)(`/portfolio/${a.apprenticeshipId}/otj/add`);
    expect(own.text).not.toContain('govuk-caption-l');
    expect(own.text).toContain('What you learned or practised');
  });

  it("answers another provider's log with the 404 page, on any page", async () => {
    for (const query of ['', '?page=2']) {
      const res = await page(t, b.provider)(`/portfolio/${a.apprenticeshipId}/otj${query}`);
      expect(res.status).toBe(404);
      expect(res.text).toContain('Page not found');
    }
  });
});
