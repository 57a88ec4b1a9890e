/**
 * Issue 13, the provider's pages: the overview at home, cohorts and their matrix, the CSV by
 * cookie, creating cohorts and apprenticeships, and coverage over time — each through the API's
 * own services, with another tenant's cohort answering 404.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { CoverageTimeline } from '../src/modules/coverage/coverage-timeline.js';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { addEvidence, enrol, isoDay, submitAndReview } from './support/evidence-factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const CSRF = 'test-csrf-token-for-the-forms';

/** Page requests with the session cookie (the bearer token is the session's value). */
const page = (t: TestApp, token: string) => ({
  get: (url: string) =>
    request(t.http).get(url).set('Cookie', `ksb_session=${token}; ksb_csrf=${CSRF}`),
  post: (url: string, form: Record<string, string>) =>
    request(t.http)
      .post(url)
      .set('Cookie', `ksb_session=${token}; ksb_csrf=${CSRF}`)
      .type('form')
      .send({ ...form, _csrf: CSRF }),
});

/** The apprentices' names in the matrix, in the order of its rows. */
const matrixNames = (html: string) =>
  [
    ...html.matchAll(
      /<th scope="row" class="govuk-table__header ksb-matrix__name"><a [^>]*>([^<]*)</g,
    ),
  ].map((m) => m[1]);

describe('Provider pages: overview, cohorts, matrix, CSV, create forms, charts', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t, ADMIN.email, ADMIN.password);
    a = await createTenant(t, admin, { apprenticeName: 'Yusuf Okafor' });
    b = await createTenant(t, admin, { apprenticeName: 'Other Tenant Person' });
    const second = await enrol(t, a, {
      name: 'Amara Bello',
      cohortId: a.cohortId,
      startDate: isoDay(-400),
      plannedGatewayDate: isoDay(330),
    });
    const evidence = await addEvidence(t, second.apprentice.token, second.apprenticeshipId, [
      'K1',
      'K2',
      'S1',
    ]);
    await submitAndReview(
      t,
      second.apprentice.token,
      a.provider.token,
      evidence.id,
      { K1: 'accepted', K2: 'accepted', S1: 'rejected' },
      'accepted',
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows the provider every apprentice at home with coverage, none of another provider’s', async () => {
    const res = await page(t, a.provider.token).get('/').expect(200);
    expect(res.text).toContain('Yusuf Okafor');
    expect(res.text).toContain('Amara Bello');
    expect(res.text).not.toContain('Other Tenant Person');
    expect(res.text).toContain('2.5%'); // Amara: 2 of 79 evidenced
    await page(t, a.provider.token).get('/?page=0').expect(422);
  });

  it('lists only the provider’s own cohorts, and refuses the list to an employer', async () => {
    const res = await page(t, a.provider.token).get('/cohort-list').expect(200);
    expect(res.text).toContain(`/cohorts/${a.cohortId}/matrix`);
    expect(res.text).not.toContain(b.cohortId);
    await page(t, a.employer.token).get('/cohort-list').expect(403);
  });

  it('answers 404 for another provider’s cohort, its matrix and its CSV', async () => {
    await page(t, a.provider.token).get(`/cohorts/${b.cohortId}/matrix`).expect(404);
    await page(t, a.provider.token).get(`/cohorts/${b.cohortId}/matrix.csv`).expect(404);
    // An address whose id is malformed names nothing: the same page, not a 422 about the path.
    const malformed = await page(t, a.provider.token).get(`/cohorts/not-a-uuid/matrix`).expect(404);
    expect(malformed.text).toContain('Page not found');
    expect(malformed.text).not.toContain('UUID');
  });

  it('sorts the matrix by name and by coverage with plain links', async () => {
    const get = (q: string) => page(t, a.provider.token).get(`/cohorts/${a.cohortId}/matrix${q}`);
    expect(matrixNames((await get('').expect(200)).text)).toEqual(['Amara Bello', 'Yusuf Okafor']);
    expect(matrixNames((await get('?sort=name&order=desc').expect(200)).text)).toEqual([
      'Yusuf Okafor',
      'Amara Bello',
    ]);
    const byCoverage = await get('?sort=coverage').expect(200);
    expect(matrixNames(byCoverage.text)).toEqual(['Yusuf Okafor', 'Amara Bello']);
    expect(byCoverage.text).toContain(
      'href="/cohorts/' + a.cohortId + '/matrix?sort=coverage&amp;order=desc#matrix"',
    );
    // The page names the headings that sort.
    expect(byCoverage.text).toContain('select the “Apprentice” heading (by name)');
    expect(byCoverage.text).toContain('the “Evidenced” heading');
    // A sort or order the page does not offer is ignored: the default order, no developer words.
    for (const odd of ['?sort=shoe-size', '?sort=bogus&order=sideways', '?order=up']) {
      const res = await get(odd).expect(200);
      expect(matrixNames(res.text)).toEqual(['Amara Bello', 'Yusuf Okafor']);
      expect(res.text).not.toContain('sort must be');
    }
  });

  it('serves the same CSV as the API, by cookie', async () => {
    const api = await as(t, a.provider.token)
      .get(`/api/cohorts/${a.cohortId}/coverage?format=csv`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const web = await page(t, a.provider.token)
      .get(`/cohorts/${a.cohortId}/matrix.csv`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((web.body as Buffer).equals(api.body as Buffer)).toBe(true);
    expect((web.body as Buffer).toString('utf8')).toContain('Amara Bello');
    for (const header of ['content-type', 'content-disposition', 'cache-control']) {
      expect([header, web.headers[header]]).toEqual([header, api.headers[header]]);
    }
    // A cookie never reaches the API, nor a bearer token the page.
    await request(t.http)
      .get(`/api/cohorts/${a.cohortId}/coverage?format=csv`)
      .set('Cookie', `ksb_session=${a.provider.token}`)
      .expect(401);
  });

  it('creates a cohort, showing errors the GOV.UK way, then the new cohort with a banner', async () => {
    const empty = await page(t, a.provider.token)
      .post('/cohort-list/new', { name: '', standardCode: 'ST1398', 'startDate-day': '31' })
      .expect(422);
    expect(empty.text).toContain('govuk-error-summary');
    expect(empty.text).toContain('Enter a name for the cohort');
    expect(empty.text).toContain('Enter a real start date');
    const unknown = await page(t, a.provider.token)
      .post('/cohort-list/new', {
        name: 'Data people',
        standardCode: 'ST1398',
        standardVersion: '9.9',
      })
      .expect(422);
    expect(unknown.text).toContain('not in the catalogue');
    const created = await page(t, a.provider.token)
      .post('/cohort-list/new', {
        name: 'Data people — March 2027',
        standardCode: 'ST1398',
        'startDate-day': '1',
        'startDate-month': '3',
        'startDate-year': '2027',
      })
      .expect(303);
    const location = created.headers.location;
    expect(location).toMatch(/^\/cohorts\/[0-9a-f-]{36}\/matrix\?created=1$/);
    const shown = await page(t, a.provider.token).get(location).expect(200);
    expect(shown.text).toContain('Cohort created');
    expect(shown.text).toContain('There is nobody in this cohort yet');
    const id = location.split('/')[2];
    const api = await as(t, a.provider.token).get(`/api/cohorts/${id}`).expect(200);
    expect(api.body).toMatchObject({ name: 'Data people — March 2027', startDate: '2027-03-01' });
  });

  it('refuses a second cohort of the same name at the field, on the page and the API', async () => {
    const name = 'Data people — May 2027';
    await page(t, a.provider.token)
      .post('/cohort-list/new', { name, standardCode: 'ST1398' })
      .expect(303);
    const again = await page(t, a.provider.token)
      .post('/cohort-list/new', { name, standardCode: 'ST1398' })
      .expect(422);
    expect(again.text).toContain('govuk-error-summary');
    expect(again.text).toContain('Choose another name: you already have a cohort with this one');
    const api = await as(t, a.provider.token)
      .post('/api/cohorts')
      .send({ name, standardCode: 'ST1398' })
      .expect(409);
    expect(api.body).toMatchObject({ code: 'CONFLICT', details: [{ field: 'name' }] });
    // Another provider may use the name.
    await as(t, b.provider.token)
      .post('/api/cohorts')
      .send({ name, standardCode: 'ST1398' })
      .expect(201);
  });

  it('creates an apprenticeship through the API’s rules, then lands on its portfolio', async () => {
    const person = await as(t, a.provider.token)
      .post('/api/users')
      .send({
        role: 'apprentice',
        organisationId: a.employerId,
        name: 'Chen Wei',
        email: `chen-${Date.now()}@test.example`,
        password: 'a-long-enough-password',
      })
      .expect(201);
    const form = {
      apprenticeId: person.body.id as string,
      employerId: a.employerId,
      cohortId: a.cohortId,
      tutorId: a.provider.id,
      uln: '9876543210',
      'startDate-day': '1',
      'startDate-month': '9',
      'startDate-year': '2026',
      'plannedGatewayDate-day': '1',
      'plannedGatewayDate-month': '3',
      'plannedGatewayDate-year': '2026',
    };
    const early = await page(t, a.provider.token).post('/new-apprenticeship', form).expect(422);
    expect(early.text).toContain('Enter a planned gateway date after the start date');
    expect(early.text).toContain('href="#plannedGatewayDate"');
    const created = await page(t, a.provider.token)
      .post('/new-apprenticeship', { ...form, 'plannedGatewayDate-year': '2028' })
      .expect(303);
    expect(created.headers.location).toMatch(/^\/portfolio\/[0-9a-f-]{36}\?created=1$/);
    const shown = await page(t, a.provider.token).get(created.headers.location).expect(200);
    expect(shown.text).toContain('Apprenticeship added');
    const prefilled = await page(t, a.provider.token)
      .get(`/new-apprenticeship?cohortId=${a.cohortId}`)
      .expect(200);
    expect(prefilled.text).toMatch(new RegExp(`value="${a.cohortId}" selected`));
    await page(t, a.employer.token).get('/new-apprenticeship').expect(403);
  });

  it('charts coverage over time from the coverage rule: the month we are in agrees with live coverage', async () => {
    const api = as(t, a.provider.token);
    const cohort = (await api.get(`/api/cohorts/${a.cohortId}/coverage/timeline`).expect(200))
      .body as CoverageTimeline;
    const live = await as(t, a.provider.token)
      .get(`/api/cohorts/${a.cohortId}/coverage`)
      .expect(200);
    const evidencedNow = (live.body.apprentices as { statuses: string[] }[])
      .flatMap((r) => r.statuses)
      .filter((s) => s === 'evidenced').length;
    const reached = cohort.points.filter((p) => p.evidenced !== null);
    expect(reached[reached.length - 1]).toMatchObject({
      month: isoDay(0).slice(0, 7),
      evidenced: evidencedNow,
    });
    expect(evidencedNow).toBe(2);
    // Every decision was taken today: nothing was evidenced in the months before.
    expect(reached.slice(0, -1).every((p) => p.evidenced === 0)).toBe(true);

    // One apprenticeship: today's share of time elapsed is the overview's (the risk rule's own).
    const overview = await as(t, a.provider.token).get('/api/coverage/overview').expect(200);
    for (const item of overview.body.items as {
      apprenticeshipId: string;
      elapsedShare: number;
    }[]) {
      const own = (
        await api.get(`/api/apprenticeships/${item.apprenticeshipId}/coverage/timeline`).expect(200)
      ).body as CoverageTimeline;
      const now = own.points.find((p) => p.month === isoDay(0).slice(0, 7));
      expect([item.apprenticeshipId, now?.elapsedShare]).toEqual([
        item.apprenticeshipId,
        item.elapsedShare,
      ]);
    }
    const matrix = await page(t, a.provider.token).get(`/cohorts/${a.cohortId}/matrix`).expect(200);
    expect(matrix.text).toContain('<svg class="ksb-chart__svg"');
    expect(matrix.text).toContain('The cohort’s criteria evidenced by month');
    // Ten of the criteria most often missing, and how many more there are.
    const missing = (await as(t, a.provider.token).get(`/api/cohorts/${a.cohortId}/coverage`)).body
      .mostMissing.length as number;
    expect(missing).toBeGreaterThan(10);
    expect(matrix.text).toContain(
      `And ${missing - 10} more criteria are missing for someone in this cohort`,
    );
  });

  it('answers the timelines on the API to those who may see them, and 404 to other tenants', async () => {
    await as(t, a.provider.token).get(`/api/cohorts/${b.cohortId}/coverage/timeline`).expect(404);
    // An employer sees no cohort at all: the same answer as the cohort's matrix gives.
    await as(t, a.employer.token).get(`/api/cohorts/${a.cohortId}/coverage`).expect(404);
    await as(t, a.employer.token).get(`/api/cohorts/${a.cohortId}/coverage/timeline`).expect(404);
    const own = await as(t, a.apprentice.token)
      .get(`/api/apprenticeships/${a.apprenticeshipId}/coverage/timeline`)
      .expect(200);
    expect(own.body).toMatchObject({ apprenticeships: 1 });
    expect(own.body.points[0]).toEqual({
      month: '2025-01',
      asOf: '2025-01-31',
      evidenced: 0,
      total: 79,
      elapsedShare: 0.034,
    });
    await as(t, b.apprentice.token)
      .get(`/api/apprenticeships/${a.apprenticeshipId}/coverage/timeline`)
      .expect(404);
  });
});
