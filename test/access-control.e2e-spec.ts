import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import {
  ADMIN,
  as,
  createAssessor,
  createTenant,
  login,
  Person,
  Tenant,
} from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

type Who = 'admin' | 'providerA' | 'employerA' | 'apprenticeA' | 'assessorA';

describe('Authorisation matrix: every role against own and other tenant', () => {
  let t: TestApp;
  let adminToken: string;
  let a: Tenant;
  let b: Tenant;
  let assessorA: Person;
  let tokens: Record<Who, string>;

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await login(t, ADMIN.email, ADMIN.password);
    assessorA = await createAssessor(t, adminToken);
    const assessorB = await createAssessor(t, adminToken);
    a = await createTenant(t, adminToken, { assessorId: assessorA.id });
    b = await createTenant(t, adminToken, { assessorId: assessorB.id });
    tokens = {
      admin: adminToken,
      providerA: a.provider.token,
      employerA: a.employer.token,
      apprenticeA: a.apprentice.token,
      assessorA: assessorA.token,
    };
  });
  afterAll(async () => {
    await t.close();
  });

  // [method, path for tenant X, body, expected for own tenant (A), expected for other tenant (B)]
  type Row = [string, (x: Tenant) => string, object | undefined, Record<Who, [number, number]>];
  const rows: Row[] = [
    [
      'GET',
      (x) => `/api/apprenticeships/${x.apprenticeshipId}`,
      undefined,
      {
        admin: [200, 200],
        providerA: [200, 404],
        employerA: [200, 404],
        apprenticeA: [200, 404],
        assessorA: [200, 404],
      },
    ],
    [
      'PATCH',
      (x) => `/api/apprenticeships/${x.apprenticeshipId}`,
      { uln: '9999999999' },
      {
        admin: [200, 200],
        providerA: [200, 404],
        employerA: [403, 404],
        apprenticeA: [403, 404],
        assessorA: [403, 404],
      },
    ],
    [
      'GET',
      (x) => `/api/cohorts/${x.cohortId}`,
      undefined,
      {
        admin: [200, 200],
        providerA: [200, 404],
        employerA: [404, 404],
        apprenticeA: [404, 404],
        assessorA: [404, 404],
      },
    ],
    [
      'PATCH',
      (x) => `/api/cohorts/${x.cohortId}`,
      { name: 'Renamed cohort' },
      {
        admin: [200, 200],
        providerA: [200, 404],
        employerA: [404, 404],
        apprenticeA: [404, 404],
        assessorA: [404, 404],
      },
    ],
    [
      'GET',
      (x) => `/api/users/${x.apprentice.id}`,
      undefined,
      {
        admin: [200, 200],
        providerA: [200, 404],
        employerA: [404, 404],
        apprenticeA: [200, 404],
        assessorA: [404, 404],
      },
    ],
    [
      'PATCH',
      (x) => `/api/users/${x.apprentice.id}`,
      { name: 'Changed Name' },
      {
        admin: [200, 200],
        providerA: [200, 404],
        employerA: [404, 404],
        apprenticeA: [200, 404],
        assessorA: [404, 404],
      },
    ],
    [
      'GET',
      (x) => `/api/users/${x.employer.id}`,
      undefined,
      {
        admin: [200, 200],
        providerA: [200, 404],
        employerA: [200, 404],
        apprenticeA: [404, 404],
        assessorA: [404, 404],
      },
    ],
    [
      'GET',
      (x) => `/api/organisations/${x.providerId}`,
      undefined,
      {
        admin: [200, 200],
        providerA: [200, 404],
        employerA: [200, 404],
        apprenticeA: [200, 404],
        assessorA: [404, 404],
      },
    ],
    [
      'GET',
      (x) => `/api/organisations/${x.employerId}`,
      undefined,
      {
        admin: [200, 200],
        providerA: [200, 404],
        employerA: [200, 404],
        apprenticeA: [200, 404],
        assessorA: [404, 404],
      },
    ],
    [
      'PATCH',
      (x) => `/api/organisations/${x.employerId}`,
      { name: 'Renamed employer' },
      {
        admin: [200, 200],
        providerA: [200, 404],
        employerA: [403, 404],
        apprenticeA: [403, 404],
        assessorA: [404, 404],
      },
    ],
    [
      'DELETE',
      (x) => `/api/users/${x.employer.id}`,
      undefined,
      {
        admin: [204, 204],
        providerA: [204, 404],
        employerA: [404, 404],
        apprenticeA: [404, 404],
        assessorA: [404, 404],
      },
    ],
  ];

  const call = (who: Who, method: string, path: string, body?: object) => {
    const client = as(t, tokens[who]);
    const req =
      method === 'GET'
        ? client.get(path)
        : method === 'PATCH'
          ? client.patch(path)
          : client.delete(path);
    return body ? req.send(body) : req;
  };

  it('answers each role as expected, never leaking another tenant', async () => {
    const failures: string[] = [];
    const whos: Who[] = ['employerA', 'apprenticeA', 'assessorA', 'providerA', 'admin'];
    for (const [method, path, body, expected] of rows) {
      for (const who of whos) {
        for (const [side, tenant, want] of [
          ['other', b, expected[who][1]],
          ['own', a, expected[who][0]],
        ] as const) {
          // Deleting is destructive: run it last, against fresh users for each role.
          if (method === 'DELETE') continue;
          const res = await call(who, method, path(tenant), body);
          if (res.status !== want)
            failures.push(
              `${who} ${method} ${path(tenant)} (${side}): ${res.status}, want ${want}`,
            );
          if (want === 404) expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
          expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets only the right people delete users', async () => {
    const del = rows.find((r) => r[0] === 'DELETE')!;
    const failures: string[] = [];
    for (const who of ['employerA', 'apprenticeA', 'assessorA', 'providerA', 'admin'] as Who[]) {
      for (const [side, tenant, want] of [
        ['other', b, del[3][who][1]],
        ['own', a, del[3][who][0]],
      ] as const) {
        // A fresh employer user per attempt, so each deletion has something to delete.
        const owner = await as(t, tenant.provider.token)
          .post('/api/users')
          .send({
            email: `victim-${who}-${side}@test.example`,
            name: 'Victim',
            role: 'employer',
            password: 'victim-password-2026',
            organisationId: tenant.employerId,
          })
          .expect(201);
        const res = await call(who, 'DELETE', `/api/users/${owner.body.id}`);
        if (res.status !== want)
          failures.push(`${who} DELETE (${side}): ${res.status}, want ${want}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lists only what each role may see', async () => {
    const list = async (who: Who, path: string) => (await call(who, 'GET', path)).body;
    const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);
    expect(ids(await list('providerA', '/api/apprenticeships'))).toEqual([a.apprenticeshipId]);
    expect(ids(await list('employerA', '/api/apprenticeships'))).toEqual([a.apprenticeshipId]);
    expect(ids(await list('apprenticeA', '/api/apprenticeships'))).toEqual([a.apprenticeshipId]);
    expect(ids(await list('assessorA', '/api/apprenticeships'))).toEqual([a.apprenticeshipId]);
    expect(ids(await list('admin', '/api/apprenticeships'))).toEqual(
      expect.arrayContaining([a.apprenticeshipId, b.apprenticeshipId]),
    );
    expect(ids(await list('providerA', '/api/cohorts'))).toEqual([a.cohortId]);
    const users = ids(await list('providerA', '/api/users'));
    expect(users).toContain(a.apprentice.id);
    expect(users).not.toContain(b.apprentice.id);
    const orgs = ids(await list('providerA', '/api/organisations'));
    expect(orgs).toEqual(expect.arrayContaining([a.providerId, a.employerId]));
    expect(orgs).not.toContain(b.providerId);
    expect(orgs).not.toContain(b.employerId);
    for (const who of ['employerA', 'apprenticeA', 'assessorA'] as Who[]) {
      await call(who, 'GET', '/api/cohorts').expect(403);
    }
  });

  it('stops non-providers from creating cohorts, apprenticeships and users', async () => {
    for (const who of ['employerA', 'apprenticeA', 'assessorA'] as Who[]) {
      const client = as(t, tokens[who]);
      await client.post('/api/cohorts').send({ name: 'X', standardCode: 'ST1398' }).expect(403);
      await client.post('/api/apprenticeships').send({}).expect(403);
      await client.post('/api/users').send({}).expect(403);
      await client.post('/api/standards').send({}).expect(403);
    }
  });

  it("keeps a provider from using another tenant's people or cohorts", async () => {
    const res = await as(t, a.provider.token)
      .post('/api/apprenticeships')
      .send({
        apprenticeId: b.apprentice.id,
        employerId: b.employerId,
        cohortId: b.cohortId,
        tutorId: a.provider.id,
        uln: '1234567891',
        startDate: '2026-01-01',
        plannedGatewayDate: '2027-06-01',
      })
      .expect(422);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['cohortId']);
    await as(t, a.provider.token)
      .post('/api/users')
      .send({
        email: 'x@test.example',
        name: 'X',
        role: 'apprentice',
        password: 'long-password-123',
        organisationId: b.employerId,
      })
      .expect(422);
    await as(t, a.provider.token)
      .post('/api/users')
      .send({
        email: 'y@test.example',
        name: 'Y',
        role: 'provider',
        password: 'long-password-123',
        organisationId: a.providerId,
      })
      .expect(403);
  });

  describe('tokens', () => {
    it('rejects a missing, malformed, forged or expired token', async () => {
      await request(t.http).get('/api/me').expect(401);
      await request(t.http).get('/api/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
      const forged = await new JwtService({
        secret: 'another-secret-that-is-long-enough!!',
      }).signAsync({
        sub: a.apprentice.id,
      });
      await request(t.http).get('/api/me').set('Authorization', `Bearer ${forged}`).expect(401);
      const expired = await new JwtService({ secret: t.config.auth.jwtSecret }).signAsync({
        sub: a.apprentice.id,
        exp: Math.floor(Date.now() / 1000) - 10,
      });
      const res = await request(t.http)
        .get('/api/me')
        .set('Authorization', `Bearer ${expired}`)
        .expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const claims = Buffer.from(JSON.stringify({ sub: a.apprentice.id })).toString('base64url');
      await request(t.http)
        .get('/api/me')
        .set('Authorization', `Bearer ${none}.${claims}.`)
        .expect(401);
    });

    it('stops honouring the token of a disabled or deleted user', async () => {
      const tenant = await createTenant(t, adminToken);
      await as(t, tenant.apprentice.token).get('/api/me').expect(200);
      // Coverage checks access inside its own statement (RequiresInStatement).
      const coverage = `/api/apprenticeships/${tenant.apprenticeshipId}/coverage`;
      await as(t, tenant.apprentice.token).get(coverage).expect(200);
      await as(t, tenant.provider.token)
        .patch(`/api/users/${tenant.apprentice.id}`)
        .send({ disabled: true })
        .expect(200);
      await as(t, tenant.apprentice.token).get('/api/me').expect(401);
      await as(t, tenant.apprentice.token)
        .get(`/api/apprenticeships/${tenant.apprenticeshipId}`)
        .expect(401);
      const refused = await as(t, tenant.apprentice.token).get(coverage).expect(401);
      expect(refused.body.code).toBe('UNAUTHENTICATED');
      await request(t.http)
        .post('/api/auth/login')
        .send({ email: tenant.apprentice.email, password: tenant.apprentice.password })
        .expect(401);

      await as(t, tenant.employer.token).get('/api/me').expect(200);
      await as(t, tenant.provider.token).delete(`/api/users/${tenant.employer.id}`).expect(204);
      await as(t, tenant.employer.token).get('/api/me').expect(401);
    });
  });
});
