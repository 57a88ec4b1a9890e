/**
 * Issue 11, item 9: links that point at private addresses or hide their host behind user-info
 * are refused (and printed as plain text, not clickable, in a PDF of older evidence); e-mail
 * addresses with invisible characters are refused; API answers are not cacheable; OpenAPI can be
 * switched off; assessors' downloads are audited. (Sign-ins: test/sign-in.e2e-spec.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { png } from './support/sample-files.js';
import { submitAndReview } from './support/evidence-factories.js';
import {
  ADMIN,
  as,
  createAssessor,
  createTenant,
  login,
  Person,
  Tenant,
  binary,
} from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const fields = (res: request.Response) =>
  (res.body.details ?? []).map((d: { field: string }) => d.field);

/** The targets of the PDF's link annotations. */
const linkTargets = (pdf: Buffer) =>
  [...pdf.toString('latin1').matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1]);

describe('Smaller hardening items', () => {
  let t: TestApp;
  let tenant: Tenant;
  let assessor: Person;
  let adminToken: string;
  const evidenceUrl = () => `/api/apprenticeships/${tenant.apprenticeshipId}/evidence`;
  const withLinks = (links: string[]) =>
    as(t, tenant.apprentice.token)
      .post(evidenceUrl())
      .send({ title: 'Links', kind: 'report', activityDate: '2026-03-01', links });

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await login(t, ADMIN.email, ADMIN.password);
    assessor = await createAssessor(t, adminToken);
    tenant = await createTenant(t, adminToken, { assessorId: assessor.id });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    'http://10.0.0.5/admin',
    'http://169.254.169.254/latest/meta-data/',
    'http://192.168.1.1/',
    'http://127.0.0.1:8080/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://[::1]/',
    'http://[fd00::1]/',
    'http://[::ffff:192.168.0.1]/',
    'https://www.gov.uk@evil.example/',
    'https://user:secret@github.com/acme/repo',
    'http://localhost:3000/api',
  ])('refuses the link %s, naming links', async (link) => {
    const res = await withLinks(['https://github.com/acme/churn/pull/4', link]);
    expect(res.status).toBe(422);
    expect(fields(res)).toEqual(['links']);
  });

  it('accepts public links, host names and public addresses', async () => {
    await withLinks([
      'https://github.com/acme/churn/pull/4',
      'http://8.8.8.8/',
      'https://[2606:4700:4700::1111]/',
      'https://www.gov.uk/guidance',
    ]).expect(201);
  });

  it('prints older evidence’s unsafe links as text, never as a clickable link', async () => {
    const res = await withLinks(['https://www.gov.uk/guidance']).expect(201);
    // As if saved before the rule existed.
    await t.dataSource.query('UPDATE evidence SET links = $2 WHERE id = $1', [
      res.body.id,
      ['https://www.gov.uk@evil.example/', 'http://10.0.0.5/', 'https://www.gov.uk/guidance'],
    ]);
    const pdf = await binary(
      as(t, tenant.apprentice.token).get(
        `/api/apprenticeships/${tenant.apprenticeshipId}/portfolio.pdf`,
      ),
    ).expect(200);
    const targets = linkTargets(pdf.body as Buffer);
    expect(targets).toContain('https://www.gov.uk/guidance');
    expect(targets.filter((u) => /evil\.example|10\.0\.0\.5/.test(u))).toEqual([]);
    expect((pdf.body as Buffer).toString('latin1')).not.toContain('evil.example/)');
  });

  it.each([
    ['a zero-width space', 'zoe\u200b@example.com'],
    ['a right-to-left override', '\u202ezoe@example.com'],
    ['a left-to-right isolate', 'zoe\u2066@example.com'],
    ['a zero-width joiner', 'zo\u200de@example.com'],
  ])('refuses an e-mail address with %s', async (_, email) => {
    const created = await as(t, adminToken).post('/api/users').send({
      email,
      name: 'Invisible',
      role: 'admin',
      password: 'a-long-enough-pass-2026',
    });
    expect(created.status).toBe(422);
    expect(fields(created)).toEqual(['email']);
    const signIn = await request(t.http)
      .post('/api/auth/login')
      .send({ email, password: 'whatever-pass' });
    expect(signIn.status).toBe(422);
    expect(fields(signIn)).toEqual(['email']);
  });

  it('marks every API answer, errors included, as not to be stored by any cache', async () => {
    const apprentice = as(t, tenant.apprentice.token);
    for (const [url, send] of [
      ['/api/health', () => request(t.http).get('/api/health')],
      ['/api/me', () => apprentice.get('/api/me')],
      ['/api/standards/ST1398', () => request(t.http).get('/api/standards/ST1398')],
      ['/api/no-such-route', () => request(t.http).get('/api/no-such-route')],
      ['/api/me without a token', () => request(t.http).get('/api/me')],
    ] as const) {
      const res = await send();
      expect({ url, cache: res.headers['cache-control'] }).toEqual({ url, cache: 'no-store' });
    }
  });

  it('records each download of a frozen portfolio and its files, with who fetched it', async () => {
    const upload = await as(t, tenant.apprentice.token)
      .post(evidenceUrl())
      .field('title', 'Architecture')
      .field('kind', 'project')
      .field('activityDate', '2026-02-02')
      .attach('files', png(2000), 'architecture.png')
      .expect(201);
    await as(t, tenant.apprentice.token)
      .put(`/api/evidence/${upload.body.id}/tags`)
      .send([{ code: 'K1', justification: 'Shows K1' }])
      .expect(200);
    await submitAndReview(
      t,
      tenant.apprentice.token,
      tenant.provider.token,
      upload.body.id,
      { K1: 'accepted' },
      'accepted',
    );
    for (const token of [tenant.apprentice.token, tenant.employer.token, tenant.provider.token]) {
      await as(t, token)
        .post(`/api/apprenticeships/${tenant.apprenticeshipId}/gateway/declarations`)
        .expect(200);
    }
    const snapshot = await as(t, tenant.provider.token)
      .post(`/api/apprenticeships/${tenant.apprenticeshipId}/gateway`)
      .send({ overrideReason: 'The rest is assessed in the professional discussion' })
      .expect(201);
    const fileId = upload.body.files[0].id as string;
    await binary(as(t, assessor.token).get(`/api/snapshots/${snapshot.body.id}/portfolio.pdf`))
      .expect(200)
      .expect('cache-control', 'private, no-store');
    await binary(
      as(t, assessor.token).get(`/api/snapshots/${snapshot.body.id}/files/${fileId}`),
    ).expect(200);
    const trail = await as(t, tenant.provider.token)
      .get(`/api/apprenticeships/${tenant.apprenticeshipId}/audit`)
      .expect(200);
    const downloads = trail.body.items.filter((e: { action: string }) =>
      e.action.startsWith('snapshot.'),
    );
    expect(downloads).toEqual([
      expect.objectContaining({
        action: 'snapshot.file_downloaded',
        actor: { id: assessor.id, name: expect.any(String) },
        entityId: fileId,
        after: expect.objectContaining({ role: 'assessor', snapshotId: snapshot.body.id }),
      }),
      expect.objectContaining({
        action: 'snapshot.pdf_downloaded',
        actor: { id: assessor.id, name: expect.any(String) },
        entityId: snapshot.body.id,
      }),
    ]);
  });
});

describe('OpenAPI switched off', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ OPENAPI_ENABLED: 'false' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves neither the document nor its pages', async () => {
    await request(t.http).get('/api/docs-json').expect(404);
    await request(t.http).get('/api/docs').expect(404);
    await request(t.http).get('/api/health').expect(200);
  });
});
