/**
 * A file the service refuses, posted from the evidence pages: the form comes back as it was
 * filled, with that file's error at the file field beside the form's other errors — never an
 * error page that loses what the apprentice wrote — and nothing is saved or stored.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { addEvidence } from './support/evidence-factories.js';
import { ADMIN, createTenant, login, Tenant } from './support/factories.js';
import { errorSummaryTargets } from './support/page-html.js';
import { filesUnder } from './support/stored-files.js';
import { createTestApp, TestApp } from './support/test-app.js';

const CSRF = 'csrf-for-refused-uploads';

describe('Evidence pages: a refused file', () => {
  let t: TestApp;
  let a: Tenant;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (url: string) =>
    request(t.http)
      .post(`${url}?_csrf=${CSRF}`)
      .set('Cookie', `ksb_session=${a.apprentice.token}; ksb_csrf=${CSRF}`);
  const evidenceCount = async () =>
    (
      await t.dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM evidence WHERE apprenticeship_id = $1',
        [a.apprenticeshipId],
      )
    )[0].n;

  it('comes back on the add page with everything written kept and the file named', async () => {
    const [before, stored] = [await evidenceCount(), await filesUnder(t.config.uploads.dir)];
    // As the page's script sends it: every field and the button first, then the files.
    const res = await post(`/portfolio/${a.apprenticeshipId}/add-evidence`)
      .field('title', 'Feature store for the churn model')
      .field('kind', 'work_product')
      .field('activityDate-day', '1')
      .field('activityDate-month', '2')
      .field('activityDate-year', '2099')
      .field('description', 'Built the offline and online feature store.')
      .field('tags', 'K5')
      .field('justification-K5', 'I designed the feature pipelines.')
      .field('intent', 'submit')
      .attach('files', Buffer.from('a,b\n1,2\n'), 'results.csv')
      .attach('files', Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]), 'unreadable.bin')
      .expect(422);
    expect(res.text).toContain('“unreadable.bin” cannot be added');
    expect(res.text).toContain('value="Feature store for the churn model"');
    expect(res.text).toContain('Built the offline and online feature store.');
    expect(res.text).toMatch(/<input[^>]*value="K5"[^>]*checked/);
    expect(res.text).toContain('I designed the feature pipelines.');
    // The other mistake of the same form is named in the same round, in the page's order.
    expect(errorSummaryTargets(res.text)).toEqual(['activityDate', 'files']);
    expect(res.text).toContain('Choose your files again');
    expect(await evidenceCount()).toBe(before);
    expect(await filesUnder(t.config.uploads.dir)).toEqual(stored);
  });

  it('names a file too large for the service the same way', async () => {
    const limit = t.config.uploads.maxFileBytes;
    const res = await post(`/portfolio/${a.apprenticeshipId}/add-evidence`)
      .field('title', 'A long recording')
      .field('kind', 'presentation')
      .field('activityDate-day', '1')
      .field('activityDate-month', '2')
      .field('activityDate-year', '2026')
      .field('intent', 'draft')
      .attach('files', Buffer.alloc(limit + 1, 'a'), 'talk.txt')
      .expect(422);
    expect(res.text).toMatch(/“talk\.txt” is larger than the [\d.]+ [KM]iB a file may be/);
    expect(res.text).toContain('value="A long recording"');
  });

  it('comes back on the change page the same way, the evidence unchanged', async () => {
    const evidence = await addEvidence(t, a.apprentice.token, a.apprenticeshipId, ['S2'], {
      title: 'Model card',
    });
    const res = await post(`/evidence/${evidence.id}/change`)
      .field('title', 'Model card, with its limits')
      .field('kind', 'work_product')
      .field('activityDate-day', '1')
      .field('activityDate-month', '2')
      .field('activityDate-year', '2026')
      .field('tags', 'S2')
      .field('justification-S2', 'I wrote the card.')
      .field('intent', 'draft')
      .attach('files', Buffer.from([0, 1, 2, 3]), 'model.bin')
      .expect(422);
    expect(res.text).toContain('“model.bin” cannot be added');
    expect(res.text).toContain('value="Model card, with its limits"');
    const saved = await request(t.http)
      .get(`/api/evidence/${evidence.id}`)
      .set('Authorization', `Bearer ${a.apprentice.token}`)
      .expect(200);
    expect(saved.body.title).toBe('Model card');
  });

  it('still refuses the whole request on the API', async () => {
    const res = await request(t.http)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
      .set('Authorization', `Bearer ${a.apprentice.token}`)
      .field('title', 'Through the API')
      .field('kind', 'work_product')
      .field('activityDate', '2026-02-01')
      .attach('files', Buffer.from([0, 1, 2, 3]), 'unreadable.bin');
    expect(res.status).toBe(415);
  });
});
