/**
 * Issue 13: the gateway, declaration and admin pages answer like the API they stand beside —
 * another tenant's apprenticeship is 404, a role without the permission 403 — and their forms
 * carry the API's rules (a freeze with criteria missing needs a reason; a version in use cannot
 * change).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent.js';
import {
  ADMIN,
  as,
  createAssessor,
  createTenant,
  login,
  Person,
  signInPages,
  Tenant,
} from './support/factories.js';
import { CATALOGUE_DIR } from '../src/modules/standards/catalogue-files.js';
import { createTestApp, TestApp } from './support/test-app.js';

interface Browser {
  agent: TestAgent;
  csrf: string;
}

/** Signs in through the sign-in page, keeping the cookies like a browser. */
const signIn = (t: TestApp, email: string, password: string): Promise<Browser> =>
  signInPages(t, { email, password });

const post = (b: Browser, url: string, form: Record<string, string | string[]> = {}) =>
  b.agent
    .post(url)
    .type('form')
    .send({ ...form, _csrf: b.csrf });

describe('gateway, declaration and admin pages', () => {
  let t: TestApp;
  let admin: string;
  let mine: Tenant;
  let other: Tenant;
  let assessor: Person;
  const pages = (id: string) => [`/portfolio/${id}/gateway-check`, `/portfolio/${id}/declarations`];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t, ADMIN.email, ADMIN.password);
    assessor = await createAssessor(t, admin);
    mine = await createTenant(t, admin, { assessorId: assessor.id });
    other = await createTenant(t, admin);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers each page with the status the API gives the same person for the same data', async () => {
    const people = {
      apprentice: mine.apprentice,
      employer: mine.employer,
      provider: mine.provider,
      assessor,
      otherEmployer: other.employer,
      otherProvider: other.provider,
    };
    const seen: string[] = [];
    for (const [who, person] of Object.entries(people)) {
      const browser = await signIn(t, person.email, person.password);
      const api = (
        await as(t, person.token).get(`/api/apprenticeships/${mine.apprenticeshipId}/gateway`)
      ).status;
      for (const path of pages(mine.apprenticeshipId)) {
        const page = (await browser.agent.get(path)).status;
        seen.push(`${who} ${path.split('/').pop()} ${page}`);
        expect([who, path, page]).toEqual([who, path, api]);
      }
    }
    // The table is not vacuous: followers read it, the other tenant and the assessor do not.
    expect(seen).toEqual(
      expect.arrayContaining([
        'apprentice gateway-check 200',
        'employer declarations 200',
        'otherEmployer gateway-check 404',
        'otherProvider declarations 404',
      ]),
    );
  });

  it('lets nobody sign or freeze another tenant’s apprenticeship, nor an apprentice freeze', async () => {
    const stranger = await signIn(t, other.employer.email, other.employer.password);
    await post(stranger, `/portfolio/${mine.apprenticeshipId}/declarations`).expect(404);
    const otherTutor = await signIn(t, other.provider.email, other.provider.password);
    await post(otherTutor, `/portfolio/${mine.apprenticeshipId}/gateway-check`, {
      overrideReason: 'Trying to freeze someone else’s portfolio',
    }).expect(404);
    const apprentice = await signIn(t, mine.apprentice.email, mine.apprentice.password);
    const refused = await post(apprentice, `/portfolio/${mine.apprenticeshipId}/gateway-check`, {
      overrideReason: 'An apprentice trying to freeze their own portfolio',
    }).expect(403);
    expect(refused.text).toContain('You cannot do that');
    const state = await as(t, mine.provider.token)
      .get(`/api/apprenticeships/${mine.apprenticeshipId}/gateway`)
      .expect(200);
    expect(state.body.status).toBe('in_training');
    expect(state.body.declarations.every((d: { signed: boolean }) => !d.signed)).toBe(true);
  });

  it('refuses a form without its CSRF token', async () => {
    const tutor = await signIn(t, mine.provider.email, mine.provider.password);
    await tutor.agent
      .post(`/portfolio/${mine.apprenticeshipId}/declarations`)
      .type('form')
      .send({})
      .expect(403);
  });

  it('names the apprentice and a way back on the frozen-portfolio page, before any freezing', async () => {
    const id = mine.apprenticeshipId;
    const page = async (person: Person) =>
      (
        await (
          await signIn(t, person.email, person.password)
        ).agent
          .get(`/assigned/${id}`)
          .expect(200)
      ).text;
    const seen = await page(assessor);
    expect(seen).toContain('Frozen portfolio of Test apprentice');
    expect(seen).toContain('This portfolio has not been frozen at gateway yet.');
    expect(seen).toContain('Back to your assigned apprenticeships');
    expect(await page(mine.apprentice)).toMatch(
      new RegExp(`<a href="/portfolio/${id}" class="govuk-back-link">Back to the portfolio<`),
    );
  });

  it('has each person sign their own declaration once, then freezes only with a reason', async () => {
    const id = mine.apprenticeshipId;
    const tutor = await signIn(t, mine.provider.email, mine.provider.password);
    const unsigned = await post(tutor, `/portfolio/${id}/gateway-check`).expect(422);
    expect(unsigned.text).toContain('govuk-error-summary');
    expect(unsigned.text).toContain('Not signed yet: apprentice, employer, provider');

    for (const person of [mine.apprentice, mine.employer, mine.provider]) {
      const browser = await signIn(t, person.email, person.password);
      await post(browser, `/portfolio/${id}/declarations`).expect(303);
      const again = await post(browser, `/portfolio/${id}/declarations`).expect(409);
      expect(again.text).toContain('declaration is already signed');
    }
    const state = await as(t, mine.provider.token).get(`/api/apprenticeships/${id}/gateway`);
    expect(
      state.body.declarations.map((d: { role: string; signedBy: string }) => [d.role, d.signedBy]),
    ).toEqual([
      ['apprentice', 'Test apprentice'],
      ['employer', 'Test employer'],
      ['provider', 'Test provider'],
    ]);

    const noReason = await post(tutor, `/portfolio/${id}/gateway-check`).expect(422);
    expect(noReason.text).toMatch(/<p id="overrideReason-error" class="govuk-error-message">/);
    expect(noReason.text).toContain('Give the reason for freezing');
    const tooShort = await post(tutor, `/portfolio/${id}/gateway-check`, {
      overrideReason: 'short',
    }).expect(422);
    expect(tooShort.text).toContain('in at least 10 characters');
    expect((await as(t, mine.provider.token).get(`/api/apprenticeships/${id}`)).body.status).toBe(
      'in_training',
    );

    await post(tutor, `/portfolio/${id}/gateway-check`, {
      overrideReason: 'Agreed with the employer: the rest is assessed in the EPA project.',
    })
      .expect(303)
      .expect('location', `/portfolio/${id}/gateway-check#snapshots`);
    const frozen = await tutor.agent.get(`/portfolio/${id}/gateway-check`).expect(200);
    expect(frozen.text).toContain('Portfolio frozen at gateway');
    expect(frozen.text).toContain('Agreed with the employer');
    const pdf = /href="(\/assigned\/snapshots\/[^"]+\/portfolio\.pdf)"/.exec(frozen.text)![1];
    const file = await tutor.agent.get(pdf).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    const snapshots = await as(t, mine.provider.token).get(`/api/apprenticeships/${id}/snapshots`);
    expect(snapshots.body.items[0].overrideReason).toBe(
      'Agreed with the employer: the rest is assessed in the EPA project.',
    );
  });

  it('lets an admin add organisations and users, and a provider only employers of their own', async () => {
    const ada = await signIn(t, ADMIN.email, ADMIN.password);
    const empty = await post(ada, '/admin/organisations/new').expect(422);
    expect(empty.text).toContain('Select what kind of organisation this is');
    const created = await post(ada, '/admin/organisations/new', {
      kind: 'assessment_organisation',
      name: 'Page-made EPAO',
    }).expect(303);
    const orgId = /added=([0-9a-f-]{36})/.exec(created.headers.location)![1];
    const list = await ada.agent.get(created.headers.location).expect(200);
    expect(list.text).toContain('Page-made EPAO was added');

    const tutor = await signIn(t, mine.provider.email, mine.provider.password);
    const refused = await post(tutor, '/admin/organisations/new', {
      kind: 'provider',
      name: 'Posted as a provider',
      ukprn: '10077777',
    }).expect(403);
    expect(refused.text).toContain('Provider users can add employers only');
    await post(tutor, '/admin/organisations/new', { name: 'Employer added on a page' }).expect(303);
    const orgs = await as(t, mine.provider.token).get('/api/organisations?limit=200').expect(200);
    const made = orgs.body.items.find(
      (o: { name: string }) => o.name === 'Employer added on a page',
    );
    expect(made).toMatchObject({ kind: 'employer', providerId: mine.providerId });

    const weak = await post(ada, '/admin/users/new', {
      name: 'Page Assessor',
      email: 'page-assessor@test.example',
      role: 'assessor',
      organisationId: orgId,
      password: 'short',
    }).expect(422);
    expect(weak.text).toContain('The password must be at least 12 characters');
    await post(ada, '/admin/users/new', {
      name: 'Page Assessor',
      email: 'page-assessor@test.example',
      role: 'assessor',
      organisationId: orgId,
      password: 'assessing-pages-2026',
    }).expect(303);
    const token = await login(t, 'page-assessor@test.example', 'assessing-pages-2026');
    const me = await as(t, token).get('/api/me').expect(200);
    expect(me.body).toMatchObject({ role: 'assessor', organisationId: orgId });

    await post(ada, `/admin/users/${me.body.id}/disable`).expect(303);
    await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'page-assessor@test.example', password: 'assessing-pages-2026' })
      .expect(401);
    await as(t, token).get('/api/me').expect(401);
  });

  it('keeps the admin pages to those the API lets do the same', async () => {
    const apprentice = await signIn(t, mine.apprentice.email, mine.apprentice.password);
    await apprentice.agent.get('/admin/users/new').expect(403);
    await apprentice.agent.get('/admin/organisations/new').expect(403);
    // The lists are for managing people and organisations: not the apprentice's pages either.
    await apprentice.agent.get('/admin/users').expect(403);
    await apprentice.agent.get('/admin/organisations').expect(403);
    const api = await as(t, mine.apprentice.token)
      .patch(`/api/users/${mine.employer.id}`)
      .send({ disabled: true });
    const page = await post(apprentice, `/admin/users/${mine.employer.id}/disable`);
    expect(page.status).toBe(api.status);
    expect([403, 404]).toContain(api.status);
    await login(t, mine.employer.email, mine.employer.password);
    const tutor = await signIn(t, mine.provider.email, mine.provider.password);
    await tutor.agent.get('/admin/standards').expect(403);
    // Another tenant's user is not there at all.
    await post(tutor, `/admin/users/${other.apprentice.id}/disable`).expect(404);
  });

  it('imports a standard from an uploaded file, and shows the 409 of a version in use', async () => {
    const ada = await signIn(t, ADMIN.email, ADMIN.password);
    const doc = JSON.parse(readFileSync(join(CATALOGUE_DIR, 'ST1398-1.0.json'), 'utf8'));
    const upload = (body: object) =>
      ada.agent
        .post(`/admin/standards?_csrf=${ada.csrf}`)
        .attach('document', Buffer.from(JSON.stringify(body)), {
          filename: 'standard.json',
          contentType: 'application/json',
        });
    const inUse = await upload({ ...doc, title: `${doc.title} (changed)` }).expect(409);
    expect(inUse.text).toContain('govuk-error-summary');
    expect(inUse.text).toMatch(/id="document-error"[\s\S]*is used by apprenticeships/);
    const bad = await upload({ ...doc, code: 'XX1', criteria: [] }).expect(422);
    expect(bad.text).toContain('code must look like ST1398');
    // What the API refuses in any body, the page refuses in the file, naming where.
    const nul = await upload({ ...doc, version: '1.2', title: 'Machine\u0000learning' }).expect(
      422,
    );
    expect(nul.text).toContain('title: must not contain NUL characters');
    const added = await upload({ ...doc, version: '1.1' }).expect(201);
    expect(added.text).toContain('ST1398 version 1.1 was added to the catalogue');
    const catalogue = await request(t.http).get('/api/standards').expect(200);
    expect(catalogue.body[0].versions).toEqual(expect.arrayContaining(['1.0', '1.1']));
    const none = await ada.agent.post(`/admin/standards?_csrf=${ada.csrf}`).field('x', '1');
    expect(none.status).toBe(422);
  });
});
