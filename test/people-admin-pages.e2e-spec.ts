/**
 * A tutor (provider user) manages people and employers of their own provider: the pages lead
 * there from the navigation and the add-an-apprenticeship form, and show only the actions and
 * choices the service accepts from them; an admin keeps every one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
import { createTestApp, TestApp } from './support/test-app.js';

interface Browser {
  agent: TestAgent;
  csrf: string;
}

const disableForm = (id: string) => `action="/admin/users/${id}/disable"`;
const option = (id: string) => `<option value="${id}"`;

describe('people and organisation pages for a tutor', () => {
  let t: TestApp;
  let admin: string;
  let mine: Tenant;
  let other: Tenant;
  let assessor: Person;
  let assessorOrgId: string;
  let tutor: Browser;
  let ada: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t, ADMIN.email, ADMIN.password);
    assessor = await createAssessor(t, admin);
    mine = await createTenant(t, admin, { assessorId: assessor.id });
    other = await createTenant(t, admin);
    assessorOrgId = (await as(t, admin).get(`/api/users/${assessor.id}`).expect(200)).body
      .organisationId;
    tutor = await signInPages(t, mine.provider);
    ada = await signInPages(t, ADMIN);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('leads a tutor to the people and organisation pages from the navigation', async () => {
    const home = await tutor.agent.get('/').expect(200);
    expect(home.text).toMatch(/href="\/admin\/users"[^>]*>\s*People\s*</);
    expect(home.text).toMatch(/href="\/admin\/organisations"[^>]*>\s*Organisations\s*</);
    const people = await tutor.agent.get('/admin/users').expect(200);
    expect(people.text).toContain('<h1 class="govuk-heading-l">People</h1>');
    expect(people.text).toContain('Add an apprentice or employer contact');
    const orgs = await tutor.agent.get('/admin/organisations').expect(200);
    expect(orgs.text).toContain('Add an employer');
    expect(orgs.text).not.toContain('Add an organisation');
    // An employer has none of these pages, and no way there.
    const employer = await signInPages(t, mine.employer);
    const employerHome = await employer.agent.get('/').expect(200);
    expect(employerHome.text).not.toContain('href="/admin/users"');
    await employer.agent.get('/admin/users').expect(403);
  });

  it('links from adding an apprenticeship to adding an apprentice or an employer', async () => {
    const form = await tutor.agent.get('/new-apprenticeship').expect(200);
    expect(form.text).toContain('href="/admin/users/new?role=apprentice"');
    expect(form.text).toContain('href="/admin/organisations/new?kind=employer"');
    const add = await tutor.agent.get('/admin/users/new?role=apprentice').expect(200);
    expect(add.text).toMatch(/value="apprentice" checked/);
    // A role the tutor may not add is not chosen, whatever the link says.
    const odd = await tutor.agent.get('/admin/users/new?role=admin').expect(200);
    expect(odd.text).not.toMatch(/value="admin"/);
    const org = await ada.agent.get('/admin/organisations/new?kind=employer').expect(200);
    expect(org.text).toMatch(/value="employer" checked/);
  });

  it('offers Disable only on the accounts the service lets each one change', async () => {
    const people = (await tutor.agent.get('/admin/users').expect(200)).text;
    // The assessor is listed (the tutor picks assessors) but is not theirs to disable.
    expect(people).toContain(`id="user-${assessor.id}"`);
    expect(people).not.toContain(disableForm(assessor.id));
    expect(people).not.toContain(disableForm(mine.provider.id));
    expect(people).toContain(disableForm(mine.apprentice.id));
    expect(people).toContain(disableForm(mine.employer.id));
    // What is not offered is what the service refuses.
    const refused = await tutor.agent
      .post(`/admin/users/${assessor.id}/disable`)
      .type('form')
      .send({ _csrf: tutor.csrf });
    expect(refused.status).toBe(403);

    const all = (await ada.agent.get('/admin/users').expect(200)).text;
    for (const id of [assessor.id, mine.provider.id, mine.apprentice.id, other.employer.id]) {
      expect(all).toContain(disableForm(id));
    }
    const me = await as(t, admin).get('/api/me').expect(200);
    expect(all).not.toContain(disableForm(me.body.id));
  });

  it('offers a tutor only their own employers and the roles they may add; an admin all', async () => {
    const form = (await tutor.agent.get('/admin/users/new').expect(200)).text;
    expect(form).not.toContain('None (admins only)');
    expect(form).toContain(option(mine.employerId));
    for (const id of [mine.providerId, assessorOrgId, other.employerId]) {
      expect(form).not.toContain(option(id));
    }
    expect(form).toMatch(/value="apprentice"/);
    expect(form).toMatch(/value="employer"/);
    expect(form).not.toMatch(/name="role"[^>]*value="(admin|provider|assessor)"/);
    expect(form).toContain('href="/admin/organisations/new"');
    // Each choice offered is one the service accepts.
    await tutor.agent
      .post('/admin/users/new')
      .type('form')
      .send({
        _csrf: tutor.csrf,
        name: 'Page Apprentice',
        email: 'page-apprentice@test.example',
        role: 'apprentice',
        organisationId: mine.employerId,
        password: 'learning-pages-2026',
      })
      .expect(303);

    const full = (await ada.agent.get('/admin/users/new').expect(200)).text;
    expect(full).toContain('None (admins only)');
    for (const id of [mine.providerId, assessorOrgId, mine.employerId, other.employerId]) {
      expect(full).toContain(option(id));
    }
    for (const role of ['admin', 'provider', 'employer', 'apprentice', 'assessor']) {
      expect(full).toMatch(new RegExp(`name="role"[^>]*value="${role}"`));
    }
  });
});
