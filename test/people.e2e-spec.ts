import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const fields = (res: request.Response) =>
  (res.body.details ?? []).map((d: { field: string }) => d.field);

describe('People, organisations, apprenticeships: bad input and sign-in', () => {
  let t: TestApp;
  let admin: ReturnType<typeof as>;
  let tenant: Tenant;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_MINUTE: '3' });
    admin = as(t, await login(t, ADMIN.email, ADMIN.password));
    tenant = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs in and describes the user without any password hash', async () => {
    const res = await request(t.http)
      .post('/api/auth/login')
      .send({ email: tenant.apprentice.email.toUpperCase(), password: tenant.apprentice.password })
      .expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 3600,
      user: { role: 'apprentice' },
    });
    const me = await as(t, res.body.accessToken).get('/api/me').expect(200);
    expect(me.body.email).toBe(tenant.apprentice.email);
    expect(JSON.stringify(me.body)).not.toMatch(/hash|password/i);
  });

  it('rate-limits failed sign-ins per account', async () => {
    const email = tenant.employer.email;
    for (let i = 0; i < 3; i++) {
      const res = await request(t.http)
        .post('/api/auth/login')
        .send({ email, password: 'wrong-password-1' });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await request(t.http)
      .post('/api/auth/login')
      .send({ email, password: tenant.employer.password })
      .expect(429);
    expect(blocked.body.code).toBe('RATE_LIMITED');
  });

  it('refuses a duplicate email in any letter case with 409', async () => {
    const body = {
      name: 'Dup',
      role: 'apprentice',
      password: 'duplicate-pass-2026',
      organisationId: tenant.employerId,
    };
    await as(t, tenant.provider.token)
      .post('/api/users')
      .send({ ...body, email: 'dup@test.example' })
      .expect(201);
    const res = await as(t, tenant.provider.token)
      .post('/api/users')
      .send({ ...body, email: 'DUP@Test.Example' })
      .expect(409);
    expect(res.body.code).toBe('CONFLICT');
  });

  it.each([
    ['short', 'password'],
    ['onlyletterspassword', 'password'],
  ])('rejects the weak password %s naming the field', async (password, field) => {
    const res = await as(t, tenant.provider.token)
      .post('/api/users')
      .send({
        email: `weak-${password}@test.example`,
        name: 'W',
        role: 'apprentice',
        password,
        organisationId: tenant.employerId,
      })
      .expect(422);
    expect(fields(res)).toEqual([field]);
  });

  it.each(['1234567', '123456789', 'ABCDEFGH', '02345678'])('rejects UKPRN %s', async (ukprn) => {
    const res = await admin
      .post('/api/organisations')
      .send({ kind: 'provider', name: 'P', ukprn })
      .expect(422);
    expect(fields(res)).toEqual(['ukprn']);
  });

  it('requires a UKPRN for providers and refuses a duplicate', async () => {
    expect(
      fields(
        await admin.post('/api/organisations').send({ kind: 'provider', name: 'P' }).expect(422),
      ),
    ).toEqual(['ukprn']);
    await admin
      .post('/api/organisations')
      .send({ kind: 'provider', name: 'P1', ukprn: '10000001' })
      .expect(201);
    await admin
      .post('/api/organisations')
      .send({ kind: 'provider', name: 'P2', ukprn: '10000001' })
      .expect(409);
  });

  const apprenticeship = () => ({
    apprenticeId: tenant.apprentice.id,
    employerId: tenant.employerId,
    cohortId: tenant.cohortId,
    tutorId: tenant.provider.id,
    uln: '1234567890',
    startDate: '2026-01-05',
    plannedGatewayDate: '2027-07-05',
  });

  it.each([
    [{ uln: '123456789' }, 'uln'],
    [{ uln: '12345678901' }, 'uln'],
    [{ uln: '12345abcde' }, 'uln'],
    [{ startDate: '2026-02-30' }, 'startDate'],
    [{ plannedGatewayDate: '2025-12-31' }, 'plannedGatewayDate'],
    [{ plannedGatewayDate: '2026-01-05' }, 'plannedGatewayDate'],
    [{ tutorId: 'not-a-uuid' }, 'tutorId'],
    [{ colour: 'red' }, 'colour'],
  ])('rejects apprenticeship input %j naming %s', async (change, field) => {
    const res = await as(t, tenant.provider.token)
      .post('/api/apprenticeships')
      .send({ ...apprenticeship(), ...change })
      .expect(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(fields(res)).toEqual([field]);
  });

  it('answers 404 for unknown ids and 422 for malformed ones', async () => {
    const provider = as(t, tenant.provider.token);
    await provider.get('/api/apprenticeships/00000000-0000-4000-8000-000000000000').expect(404);
    await provider.get('/api/cohorts/00000000-0000-4000-8000-000000000000').expect(404);
    await provider.get('/api/users/00000000-0000-4000-8000-000000000000').expect(404);
    const bad = await provider.get('/api/cohorts/nope').expect(422);
    expect(fields(bad)).toEqual(['id']);
  });

  it('answers 422, never 500, to NUL characters, nulls, huge offsets and impossible dates', async () => {
    const provider = as(t, tenant.provider.token);
    const nul = await provider
      .patch(`/api/cohorts/${tenant.cohortId}`)
      .send({ name: 'a\u0000b' })
      .expect(422);
    expect(fields(nul)).toEqual(['name']);
    expect(fields(await request(t.http).get('/api/standards/%00').expect(422))).toEqual(['code']);
    expect(fields(await provider.get('/api/apprenticeships?colour=%00').expect(422))).toEqual([
      'colour',
    ]);
    const nulled = await provider
      .patch(`/api/apprenticeships/${tenant.apprenticeshipId}`)
      .send({ uln: null })
      .expect(422);
    expect(fields(nulled)).toEqual(['uln']);
    expect(
      fields(
        await provider.patch(`/api/cohorts/${tenant.cohortId}`).send({ name: null }).expect(422),
      ),
    ).toEqual(['name']);
    expect(
      fields(
        await provider
          .patch(`/api/organisations/${tenant.employerId}`)
          .send({ name: null })
          .expect(422),
      ),
    ).toEqual(['name']);
    expect(
      fields(await provider.get('/api/apprenticeships?offset=100000000000000000000').expect(422)),
    ).toEqual(['offset']);
    expect(
      fields(
        await provider
          .patch(`/api/cohorts/${tenant.cohortId}`)
          .send({ startDate: '0000-01-01' })
          .expect(422),
      ),
    ).toEqual(['startDate']);
  });

  it('lets only the user or an admin set a password, and audits user changes', async () => {
    await as(t, tenant.provider.token)
      .patch(`/api/users/${tenant.apprentice.id}`)
      .send({ password: 'tutor-chosen-pass-1' })
      .expect(403);
    await as(t, tenant.apprentice.token)
      .patch(`/api/users/${tenant.apprentice.id}`)
      .send({ password: 'my-own-new-pass-2026', currentPassword: tenant.apprentice.password })
      .expect(200);
    await login(t, tenant.apprentice.email, 'my-own-new-pass-2026');
    const [event] = await t.dataSource.query(
      `SELECT actor_id, after FROM audit_events WHERE entity_id = $1 AND action = 'user.updated'`,
      [tenant.apprentice.id],
    );
    expect(event.actor_id).toBe(tenant.apprentice.id);
    expect(event.after).toMatchObject({ passwordChanged: true });
    expect(JSON.stringify(event.after)).not.toMatch(/argon2/);
  });

  it('moves apprenticeship status only forward, auditing each change', async () => {
    const provider = as(t, tenant.provider.token);
    const url = `/api/apprenticeships/${tenant.apprenticeshipId}`;
    await provider.patch(url).send({ status: 'epa' }).expect(409);
    await provider.patch(url).send({ status: 'completed' }).expect(409);
    await provider.patch(url).send({ status: 'gateway' }).expect(422);
    await provider.patch(url).send({ status: 'withdrawn' }).expect(200);
    await provider.patch(url).send({ status: 'in_training' }).expect(200);
    const audit = await provider.get(`${url}/audit`).expect(200);
    expect(
      audit.body.items
        .slice(0, 2)
        .map((e: { action: string; after: { status: string } }) => [e.action, e.after.status]),
    ).toEqual([
      ['apprenticeship.status_changed', 'in_training'],
      ['apprenticeship.status_changed', 'withdrawn'],
    ]);
    expect(audit.body.items.at(-1).action).toBe('apprenticeship.created');
  });

  describe('standard import (admin)', () => {
    const doc = (change: object = {}) => ({
      code: 'ST9001',
      version: '1.0',
      title: 'Test Standard',
      level: 4,
      status: 'approved_for_delivery',
      criteria: [
        { kind: 'knowledge', code: 'K1', text: 'Know things' },
        { kind: 'skill', code: 'S1', text: 'Do things' },
        { kind: 'behaviour', code: 'B1', text: 'Behave' },
        { kind: 'duty', code: 'D1', text: 'Duty one' },
      ],
      dutyLinks: [{ duty: 'D1', ksbs: ['K1', 'S1'] }],
      assessmentMethods: [
        { code: 'discussion', name: 'Professional discussion', ksbs: ['K1', 'B1'] },
      ],
      ...change,
    });

    it('creates, ignores a repeat, and updates an unused version', async () => {
      expect((await admin.post('/api/standards').send(doc()).expect(201)).body.outcome).toBe(
        'created',
      );
      expect((await admin.post('/api/standards').send(doc()).expect(200)).body.outcome).toBe(
        'unchanged',
      );
      expect(
        (
          await admin
            .post('/api/standards')
            .send(doc({ title: 'Renamed' }))
            .expect(200)
        ).body.outcome,
      ).toBe('updated');
      const res = await request(t.http).get('/api/standards/ST9001').expect(200);
      expect(res.body.title).toBe('Renamed');
      expect(res.body.dutyLinks).toEqual([{ duty: 'D1', ksbs: ['K1', 'S1'] }]);
      expect(res.body.assessmentMethods).toEqual([
        { code: 'discussion', name: 'Professional discussion', ksbs: ['K1', 'B1'] },
      ]);
    });

    it('refuses to change a version an apprenticeship uses', async () => {
      const current = (await request(t.http).get('/api/standards/ST1398').expect(200)).body;
      const changed = {
        code: 'ST1398',
        version: '1.0',
        title: 'Changed',
        level: 6,
        status: 'approved_for_delivery',
        criteria: current.criteria,
      };
      expect((await admin.post('/api/standards').send(changed).expect(409)).body.code).toBe(
        'CONFLICT',
      );
    });

    it('names every problem in an invalid document', async () => {
      const res = await admin
        .post('/api/standards')
        .send(
          doc({
            criteria: [
              { kind: 'knowledge', code: 'S1', text: 'wrong prefix' },
              { kind: 'skill', code: 'S1', text: 'duplicate' },
              { kind: 'duty', code: 'D1', text: 'duty' },
            ],
            dutyLinks: [{ duty: 'D1', ksbs: ['K9'] }],
            assessmentMethods: [],
          }),
        )
        .expect(422);
      expect(fields(res)).toEqual(['criteria.0.code', 'criteria.1.code', 'dutyLinks.0.ksbs.0']);
    });
  });
});
