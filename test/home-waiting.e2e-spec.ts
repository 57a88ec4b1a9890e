/**
 * The first page says what waits for its reader across every apprenticeship they follow: the
 * progress reviews their signature is next on, and off-the-job entries they may approve. Nothing
 * of another provider's.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ADMIN, as, createTenant, login, Person, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const today = () => new Date().toISOString().slice(0, 10);
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe('What waits for you, on the first page', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  const home = async (person: Person) =>
    (await request(t.http).get('/').set('Cookie', `ksb_session=${person.token}`).expect(200)).text;
  const waiting = (html: string) => {
    const at = html.indexOf('Waiting for you</h2>');
    return at < 0 ? '' : html.slice(at, html.indexOf('</ul>', at));
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t, ADMIN.email, ADMIN.password);
    a = await createTenant(t, admin);
    b = await createTenant(t, admin);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists reviews to sign next and entries to approve, to whom they wait for', async () => {
    expect(waiting(await home(a.provider))).toBe('');
    // Another provider's review and entry: never on a's pages.
    for (const x of [a, b]) {
      const review = await as(t, x.provider.token)
        .post(`/api/apprenticeships/${x.apprenticeshipId}/progress-reviews`)
        .send({ meetingDate: today(), trainingPlanProgress: 'On plan', epaReadiness: 'Not yet' })
        .expect(201);
      await as(t, x.provider.token)
        .post(`/api/progress-reviews/${review.body.id}/signatures`)
        .expect(200);
      await as(t, x.apprentice.token)
        .post(`/api/apprenticeships/${x.apprenticeshipId}/otj/entries`)
        .send({
          activityDate: yesterday(),
          duration: '2:00',
          description: 'Feature store workshop',
          category: 'theory',
          deliveredBy: 'provider',
        })
        .expect(201);
    }
    // The provider has signed: the employer signs next, then the apprentice.
    const employer = waiting(await home(a.employer));
    expect(employer).toMatch(/Sign progress review 1 for Test apprentice<\/a>, the meeting on/);
    expect(employer.match(/Sign progress review/g)).toHaveLength(1);
    const provider = waiting(await home(a.provider));
    expect(provider).toContain('href="/otj-approvals">1 off-the-job entry to approve</a>');
    expect(provider).not.toContain('Sign progress review');
    // The employer approves only training its own staff delivered: this one is the provider's.
    expect(employer).not.toContain('to approve');
  });
});
