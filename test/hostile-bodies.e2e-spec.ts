/**
 * Issue 11, item 1: no body can stall the event loop or break a walk over it. Wide and deep JSON
 * is refused by size or by shape before anything transforms it, with a 4xx naming where; and
 * the same limits hold for multipart forms. (How fast, with /api/health timed beside 20 such
 * requests, is measured by bench/hostile-input.bench.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const wide = (keys: number) => `{${Array.from({ length: keys }, (_, i) => `"k${i}":1`).join(',')}}`;
const deepObject = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const fields = (res: request.Response) =>
  (res.body.details ?? []).map((d: { field: string }) => d.field);

describe('Hostile bodies: refused by size or shape, with a 4xx naming where', () => {
  let t: TestApp;
  let tenant: Tenant;
  let adminToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await login(t, ADMIN.email, ADMIN.password);
    tenant = await createTenant(t, adminToken);
  });
  afterAll(async () => {
    await t.close();
  });

  const json = (r: request.Test, body: string) =>
    r.set('Content-Type', 'application/json').send(body);
  const evidenceUrl = () => `/api/apprenticeships/${tenant.apprenticeshipId}/evidence`;

  it('refuses the 1.7 MB, 150,000-key sign-in body by its size', async () => {
    const body = wide(150_000);
    expect(body.length).toBeGreaterThan(1_600_000);
    const res = await json(request(t.http).post('/api/auth/login'), body);
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('refuses an object with too many keys where the size would allow it', async () => {
    const admin = as(t, adminToken);
    const res = await json(admin.post('/api/standards'), wide(150_000));
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([{ field: 'body', message: 'has more than 1000 keys' }]);
    const nested = await json(
      as(t, tenant.apprentice.token).post(evidenceUrl()),
      `{"title":"x","kind":"report","activityDate":"2026-03-01","links":${wide(5000)}}`,
    );
    expect(nested.status).toBe(422);
    expect(fields(nested)).toEqual(['links']);
  });

  it('answers 422 naming the place, not 500, to a body nested 2,000 levels deep', async () => {
    const signIn = await json(request(t.http).post('/api/auth/login'), deepArray(2000));
    expect({ status: signIn.status, code: signIn.body.code }).toEqual({
      status: 422,
      code: 'VALIDATION_FAILED',
    });
    const res = await json(
      as(t, tenant.apprentice.token).post(evidenceUrl()),
      `{"kind":"report","activityDate":"2026-03-01","title":${deepObject(2000)}}`,
    );
    expect(res.status).toBe(422);
    expect(fields(res)).toEqual([`title${'.a'.repeat(15)}`]);
    const tags = await json(
      as(t, tenant.apprentice.token).put('/api/evidence/00000000-0000-4000-8000-000000000000/tags'),
      deepArray(2000),
    );
    expect([404, 422]).toContain(tags.status);
  });

  it('refuses deep and wide values in multipart forms as well', async () => {
    const apprentice = as(t, tenant.apprentice.token);
    const deep = await apprentice
      .post(evidenceUrl())
      .field('title', 'Deep')
      .field('kind', 'report')
      .field('activityDate', '2026-03-01')
      .field(`links${'[a]'.repeat(40)}`, 'https://example.org/');
    expect(deep.status).toBeGreaterThanOrEqual(400);
    expect(deep.status).toBeLessThan(500);
    const links = await apprentice
      .post(evidenceUrl())
      .field('title', 'Links as JSON')
      .field('kind', 'report')
      .field('activityDate', '2026-03-01')
      .field('links', deepArray(2000));
    expect(links.status).toBe(422);
    expect(fields(links)).toEqual(['links']);
  });

  it('names the field that carries a lone surrogate', async () => {
    const res = await json(
      as(t, tenant.apprentice.token).post(evidenceUrl()),
      '{"title":"Broken \\ud800 text","kind":"report","activityDate":"2026-03-01"}',
    );
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      { field: 'title', message: 'must be valid Unicode text (it has a lone surrogate)' },
    ]);
  });

  it('refuses JSON in another character set rather than mis-scanning it', async () => {
    const res = await request(t.http)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json; charset=utf-16le')
      .send(Buffer.from('{"email":"a@b.c","password":"x"}', 'utf16le'));
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });

  it('takes a page form of a few hundred fields, and names the body above a thousand', async () => {
    const form = (n: number) =>
      request(t.http)
        .post('/sign-in')
        .type('form')
        .send(Array.from({ length: n }, (_, i) => `f${i}=x`).join('&'));
    // A gateway freeze ticking 200 pieces of evidence, a review deciding 158 criteria.
    const ordinary = await form(400);
    expect(ordinary.status).not.toBe(413);
    expect(ordinary.status).toBeLessThan(500);
    const crafted = await form(1001);
    expect(crafted.status).toBe(422);
    expect(crafted.body.details).toEqual([{ field: 'body', message: 'has more than 1000 fields' }]);
  });

  it('still accepts the largest ordinary bodies', async () => {
    const description = 'ü'.repeat(20_000);
    const links = Array.from(
      { length: 20 },
      (_, i) => `https://example.org/${'p'.repeat(1900)}${i}`,
    );
    const res = await as(t, tenant.apprentice.token)
      .post(evidenceUrl())
      .send({ title: 'Long', kind: 'report', activityDate: '2026-03-01', description, links });
    expect(res.status).toBe(201);
  });
});
