/**
 * Issue 11, item 6: every client error is a 4xx that names the field. A malformed multipart file
 * part used to vanish with 201; deleting a cohort or organisation still in use answered 500 on
 * the embedded database (SQLSTATE 23001). (Lone surrogates: test/hostile-bodies.e2e-spec.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { filesUnder } from './support/stored-files.js';

const BOUNDARY = '----KsbTestBoundary42';

/** A multipart body with ordinary fields and one file part under `disposition`. */
function multipart(disposition: string): Buffer {
  const field = (name: string, value: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return Buffer.from(
    field('title', 'Notes') +
      field('kind', 'report') +
      field('activityDate', '2026-03-01') +
      `--${BOUNDARY}\r\n${disposition}\r\nContent-Type: text/plain\r\n\r\nsome notes\r\n` +
      `--${BOUNDARY}--\r\n`,
  );
}

describe('Client errors: a 4xx naming the field, and nothing kept', () => {
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

  const evidenceCount = async () =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM evidence'))[0].n as number;

  it.each([
    ['an unescaped quote', 'Content-Disposition: form-data; name="files"; filename="a"b.txt"'],
    ['an unbalanced quote', 'Content-Disposition: form-data; name="files"; filename="ab.txt'],
    ['CR LF in the name', 'Content-Disposition: form-data; name="files"; filename="a\r\nb.txt"'],
    ['a folded name', 'Content-Disposition: form-data; name="files"; filename="a\r\n b.txt"'],
    ['a broken filename*', 'Content-Disposition: form-data; name="files"; filename*=UTF-8\'\'%ZZ'],
  ])(
    'answers 400 naming files for a file part with %s, keeping nothing',
    async (_, disposition) => {
      const before = await evidenceCount();
      const res = await as(t, tenant.apprentice.token)
        .post(`/api/apprenticeships/${tenant.apprenticeshipId}/evidence`)
        .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
        .send(multipart(disposition));
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 400,
        code: 'MALFORMED_REQUEST',
      });
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'files' })]);
      expect(await evidenceCount()).toBe(before);
      expect(await filesUnder(t.config.uploads.dir)).toEqual([]);
    },
  );

  it('still takes a well-formed part with the same content', async () => {
    const res = await as(t, tenant.apprentice.token)
      .post(`/api/apprenticeships/${tenant.apprenticeshipId}/evidence`)
      .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
      .send(multipart('Content-Disposition: form-data; name="files"; filename="notes.txt"'));
    expect(res.status).toBe(201);
    expect(res.body.files).toEqual([expect.objectContaining({ name: 'notes.txt' })]);
  });

  it('answers 409, not 500, when a cohort or organisation in use is deleted', async () => {
    const cohort = await as(t, tenant.provider.token).delete(`/api/cohorts/${tenant.cohortId}`);
    expect({ status: cohort.status, code: cohort.body.code }).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    const admin = as(t, adminToken);
    for (const id of [tenant.employerId, tenant.providerId]) {
      const org = await admin.delete(`/api/organisations/${id}`);
      expect({ id, status: org.status, code: org.body.code }).toEqual({
        id,
        status: 409,
        code: 'CONFLICT',
      });
    }
    await as(t, tenant.provider.token).get(`/api/cohorts/${tenant.cohortId}`).expect(200);
    await request(t.http).get('/api/health').expect(200);
  });
});
