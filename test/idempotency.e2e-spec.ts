/**
 * Issue 11, item 8: retries do not duplicate. Creating evidence with an Idempotency-Key returns
 * the first result to a retry with the same key and body, on both databases, also when the two
 * arrive at once; the same key with another body is refused; files sent with a retry are not kept.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { png } from './support/sample-files.js';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { filesUnder } from './support/stored-files.js';

describe('Idempotency-Key on evidence creation', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  const body = { title: 'Retried report', kind: 'report', activityDate: '2026-03-01' };
  const url = (tenant: Tenant) => `/api/apprenticeships/${tenant.apprenticeshipId}/evidence`;
  const create = (tenant: Tenant, key: string, payload: object = body) =>
    as(t, tenant.apprentice.token).post(url(tenant)).set('Idempotency-Key', key).send(payload);
  const count = async (tenant: Tenant) =>
    (
      await t.dataSource.query(
        'SELECT count(*)::int AS n FROM evidence WHERE apprenticeship_id = $1',
        [tenant.apprenticeshipId],
      )
    )[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t, ADMIN.email, ADMIN.password);
    a = await createTenant(t, admin);
    b = await createTenant(t, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  it('returns the first result to a retry with the same key and body', async () => {
    const key = randomUUID();
    const first = await create(a, key).expect(201);
    const again = await create(a, key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await count(a)).toBe(1);
    // Without a key, or with a new one, it is a new piece of evidence.
    await create(a, randomUUID()).expect(201);
    await as(t, a.apprentice.token).post(url(a)).send(body).expect(201);
    expect(await count(a)).toBe(3);
  });

  it('creates once when the same request arrives twice at the same time', async () => {
    const key = randomUUID();
    const before = await count(a);
    const [one, two] = await Promise.all([create(a, key), create(a, key)]);
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(one.body.id).toBe(two.body.id);
    expect(await count(a)).toBe(before + 1);
  });

  it('refuses the same key with a different body, naming the header', async () => {
    const key = randomUUID();
    await create(a, key).expect(201);
    const res = await create(a, key, { ...body, title: 'Something else' }).expect(422);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });

  it('keeps keys apart per user', async () => {
    const key = randomUUID();
    const mine = await create(a, key).expect(201);
    const theirs = await create(b, key).expect(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('keeps no files of a replayed multipart upload', async () => {
    const key = randomUUID();
    const send = () =>
      as(t, a.apprentice.token)
        .post(url(a))
        .set('Idempotency-Key', key)
        .field('title', 'Screenshot')
        .field('kind', 'report')
        .field('activityDate', '2026-03-01')
        .attach('files', png(3000), 'shot.png');
    const first = await send().expect(201);
    const stored = await filesUnder(t.config.uploads.dir);
    const again = await send().expect(201);
    expect(again.body.files).toEqual(first.body.files);
    expect(await filesUnder(t.config.uploads.dir)).toEqual(stored);
  });

  it('does not remember a refused request: the key can be used once it is fixed', async () => {
    const key = randomUUID();
    const before = await count(a);
    await create(a, key, { ...body, kind: 'poem' }).expect(422);
    // Had the refusal been remembered, this would replay it (or its empty answer).
    await create(a, key, { ...body, kind: 'poem' }).expect(422);
    const fixed = await create(a, key, body).expect(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    expect(await count(a)).toBe(before + 1);
  });

  it('refuses a key that is not visible ASCII', async () => {
    const res = await create(a, 'x'.repeat(300)).expect(422);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });
});
