import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { importStandard } from './support/evidence-factories.js';
import { ADMIN, login } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

/** The catalogue answers conditional GETs: 304 while unchanged, a new ETag once it changes. */
describe('Standards catalogue: ETag and 304', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 304 to its own ETag, per version and kind filter', async () => {
    const first = await request(t.http).get('/api/standards/ST1398').expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.body.criteria).toHaveLength(79);
    const again = await request(t.http)
      .get('/api/standards/ST1398')
      .set('If-None-Match', etag)
      .expect(304);
    expect(again.text).toBe('');
    const skills = await request(t.http)
      .get('/api/standards/ST1398?kind=skill')
      .set('If-None-Match', etag)
      .expect(200);
    expect(skills.headers.etag).not.toBe(etag);
    expect(skills.body.criteria).toHaveLength(34);
  });

  it('changes the ETag when an import changes what the response says', async () => {
    const doc = {
      code: 'ST9401',
      criteria: [{ kind: 'knowledge' as const, code: 'K1', text: 'Knows one' }],
    };
    const admin = await login(t, ADMIN.email, ADMIN.password);
    await importStandard(t, admin, doc);
    const v1 = await request(t.http).get('/api/standards/ST9401').expect(200);
    await importStandard(t, admin, { ...doc, version: '1.1' });
    const stale = await request(t.http)
      .get('/api/standards/ST9401?version=1.0')
      .set('If-None-Match', v1.headers.etag)
      .expect(200);
    expect(stale.body.versions).toEqual(['1.1', '1.0']);
    await request(t.http).get('/api/standards/ST9999').expect(404);
  });
});
