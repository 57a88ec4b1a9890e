/**
 * A Unique Learner Number is one learner's for life: at a provider it names one apprentice and an
 * apprentice has one, and an apprentice follows a standard once at a time. A tutor who types
 * another apprentice's ULN, or enrols the same apprentice twice, is told so (422, the field
 * named), on the API and on the page. Another provider's learners are never compared: that would
 * tell one tenant about another's.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { as, ADMIN, createTenant, login, Tenant } from './support/factories.js';
import { enrol } from './support/evidence-factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const fields = (res: request.Response) =>
  (res.body.details as { field: string }[]).map((d) => d.field);

describe('Apprenticeships: one ULN per learner, one open apprenticeship per standard', () => {
  let t: TestApp;
  let a: Tenant;
  let other: Tenant;
  let zoeUln: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t, ADMIN.email, ADMIN.password);
    a = await createTenant(t, admin, { apprenticeName: 'Zoë Łukasiewicz' });
    other = await createTenant(t, admin);
    zoeUln = (
      await as(t, a.provider.token).get(`/api/apprenticeships/${a.apprenticeshipId}`).expect(200)
    ).body.uln as string;
  });
  afterAll(async () => {
    await t.close();
  });

  /** A new apprentice of tenant `x`'s employer (no apprenticeship yet). */
  const newApprentice = async (x: Tenant, name: string) =>
    (
      await as(t, x.provider.token)
        .post('/api/users')
        .send({
          role: 'apprentice',
          organisationId: x.employerId,
          name,
          email: `${name.split(' ')[0].toLowerCase()}-${Date.now()}@test.example`,
          password: 'a-long-enough-password',
        })
        .expect(201)
    ).body.id as string;
  const body = (x: Tenant, apprenticeId: string, uln: string) => ({
    apprenticeId,
    employerId: x.employerId,
    tutorId: x.provider.id,
    standardCode: 'ST1398',
    uln,
    startDate: '2026-01-05',
    plannedGatewayDate: '2027-07-05',
  });

  it("refuses another apprentice's ULN, naming whose it is", async () => {
    const samir = await newApprentice(a, 'Samir Haddad');
    const res = await as(t, a.provider.token)
      .post('/api/apprenticeships')
      .send(body(a, samir, zoeUln))
      .expect(422);
    expect(fields(res)).toEqual(['uln']);
    expect(res.body.details[0]).toEqual({
      field: 'uln',
      message: 'is already Zoë Łukasiewicz’s: a ULN belongs to one learner',
      rule: 'uln_of_another_learner',
    });
    // The same number at another provider is that provider's business: no comparison, no leak.
    const elsewhere = await newApprentice(other, 'Ola Nowak');
    await as(t, other.provider.token)
      .post('/api/apprenticeships')
      .send(body(other, elsewhere, zoeUln))
      .expect(201);
  });

  it('refuses a second ULN for the same apprentice, and a second open apprenticeship', async () => {
    const provider = as(t, a.provider.token);
    const second = await provider
      .post('/api/apprenticeships')
      .send(body(a, a.apprentice.id, '9000000001'))
      .expect(422);
    expect(fields(second)).toEqual(['uln']);
    expect(second.body.details[0].message).toContain(`differs from ${zoeUln}`);
    expect(second.body.details[0].rule).toBe('uln_of_other_apprenticeship');
    const twice = await provider
      .post('/api/apprenticeships')
      .send(body(a, a.apprentice.id, zoeUln))
      .expect(422);
    expect(fields(twice)).toEqual(['apprenticeId']);
    expect(twice.body.details[0]).toMatchObject({
      message: 'already has an apprenticeship on ST1398 (in training): one at a time',
      rule: 'one_open_per_standard',
    });
    // Once that one is withdrawn, she may start again, with her ULN.
    await provider
      .patch(`/api/apprenticeships/${a.apprenticeshipId}`)
      .send({ status: 'withdrawn' })
      .expect(200);
    await provider
      .post('/api/apprenticeships')
      .send(body(a, a.apprentice.id, zoeUln))
      .expect(201);
  });

  it("refuses changing a ULN to another apprentice's", async () => {
    const fang = await enrol(t, a, {
      name: 'Wang Fang',
      uln: '9000000002',
      standardCode: 'ST1398',
    });
    const res = await as(t, a.provider.token)
      .patch(`/api/apprenticeships/${fang.apprenticeshipId}`)
      .send({ uln: zoeUln })
      .expect(422);
    expect(fields(res)).toEqual(['uln']);
    // Correcting a mistyped ULN to a free one is fine.
    await as(t, a.provider.token)
      .patch(`/api/apprenticeships/${fang.apprenticeshipId}`)
      .send({ uln: '9000000003' })
      .expect(200);
  });

  it('says so on the add-an-apprenticeship page, in words', async () => {
    const bram = await newApprentice(a, 'Bram Visser');
    const csrf = 'csrf-for-learners';
    const res = await request(t.http)
      .post('/new-apprenticeship')
      .set('Cookie', `ksb_session=${a.provider.token}; ksb_csrf=${csrf}`)
      .type('form')
      .send({
        _csrf: csrf,
        apprenticeId: bram,
        employerId: a.employerId,
        tutorId: a.provider.id,
        standardCode: 'ST1398',
        uln: zoeUln,
        'startDate-day': '5',
        'startDate-month': '1',
        'startDate-year': '2026',
        'plannedGatewayDate-day': '5',
        'plannedGatewayDate-month': '7',
        'plannedGatewayDate-year': '2027',
      })
      .expect(422);
    expect(res.text).toContain(
      'That ULN is already Zoë Łukasiewicz’s: a ULN belongs to one learner',
    );
  });
});
