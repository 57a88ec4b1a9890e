/**
 * The apprentice corrects her evidence from the pages: removes a wrong file, deletes a draft (each
 * confirmed on a page first, through the API's services), and hears that a save or a submit
 * worked. What can no longer change says so and offers nothing; others answer 404 or 403.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { submitAndReview } from './support/evidence-factories.js';
import { ADMIN, as, createTenant, login, Person, Tenant } from './support/factories.js';
import { filesUnder } from './support/stored-files.js';
import { createTestApp, TestApp } from './support/test-app.js';

const CSRF = 'csrf-for-removals';

describe('Evidence pages: removing a file, deleting evidence, saying what was saved', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t, ADMIN.email, ADMIN.password);
    a = await createTenant(t, admin);
    b = await createTenant(t, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (person: Person, url: string) =>
    request(t.http).get(url).set('Cookie', `ksb_session=${person.token}`);
  const post = (person: Person, url: string) =>
    request(t.http)
      .post(url)
      .set('Cookie', `ksb_session=${person.token}; ksb_csrf=${CSRF}`)
      .type('form')
      .send({ _csrf: CSRF });
  /** A draft with two small files, through the API. */
  const draftWithFiles = async (title: string) => {
    const res = await request(t.http)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
      .set('Authorization', `Bearer ${a.apprentice.token}`)
      .field('title', title)
      .field('kind', 'work_product')
      .field('activityDate', '2026-02-02')
      .attach('files', Buffer.from('the wrong notes\n'), 'wrong-notes.txt')
      .attach('files', Buffer.from('a,b\n1,2\n'), 'results.csv')
      .expect(201);
    return res.body as { id: string; reference: string; files: { id: string; name: string }[] };
  };

  it('removes one file after asking, and says so', async () => {
    const evidence = await draftWithFiles('Churn model notes');
    const wrong = evidence.files.find((f) => f.name === 'wrong-notes.txt')!;
    const stored = (await filesUnder(t.config.uploads.dir)).length;
    const change = await get(a.apprentice, `/evidence/${evidence.id}/change`).expect(200);
    const url = `/evidence/${evidence.id}/files/${wrong.id}/remove`;
    expect(change.text).toContain(`href="${url}"`);
    const confirm = await get(a.apprentice, url).expect(200);
    expect(confirm.text).toContain('Remove “wrong-notes.txt”?');
    expect(confirm.text).toContain('This cannot be undone.');
    const done = await post(a.apprentice, url).expect(303);
    expect(done.headers.location).toBe(`/evidence/${evidence.id}/change?removed=file`);
    const after = await get(a.apprentice, done.headers.location).expect(200);
    expect(after.text).toContain(`The file was removed from ${evidence.reference}.`);
    const saved = await as(t, a.apprentice.token).get(`/api/evidence/${evidence.id}`).expect(200);
    expect(saved.body.files.map((f: { name: string }) => f.name)).toEqual(['results.csv']);
    expect((await filesUnder(t.config.uploads.dir)).length).toBe(stored - 1);
  });

  it('deletes a draft after asking, files and all, back on the portfolio', async () => {
    const evidence = await draftWithFiles('A draft made by mistake');
    const stored = (await filesUnder(t.config.uploads.dir)).length;
    const view = await get(a.apprentice, `/evidence/${evidence.id}/view`).expect(200);
    expect(view.text).toContain(`href="/evidence/${evidence.id}/delete"`);
    const confirm = await get(a.apprentice, `/evidence/${evidence.id}/delete`).expect(200);
    expect(confirm.text).toContain(`Delete ${evidence.reference}?`);
    expect(confirm.text).toContain('with its 2 files');
    const done = await post(a.apprentice, `/evidence/${evidence.id}/delete`).expect(303);
    expect(done.headers.location).toBe(
      `/portfolio/${a.apprenticeshipId}?deleted=${evidence.reference}`,
    );
    const portfolio = await get(a.apprentice, done.headers.location).expect(200);
    expect(portfolio.text).toContain(`${evidence.reference} was deleted, with its files.`);
    await as(t, a.apprentice.token).get(`/api/evidence/${evidence.id}`).expect(404);
    expect((await filesUnder(t.config.uploads.dir)).length).toBe(stored - 2);
    // Only a reference is ever said back: anything else in the address says nothing.
    const forged = await get(a.apprentice, `/portfolio/${a.apprenticeshipId}?deleted=<b>hi`);
    expect(forged.text).not.toContain('was deleted');
  });

  it('offers nothing for evidence that can no longer change, and refuses the post', async () => {
    const evidence = await draftWithFiles('Accepted work');
    await as(t, a.apprentice.token)
      .put(`/api/evidence/${evidence.id}/tags`)
      .send([{ code: 'K5', justification: 'Shows K5.' }])
      .expect(200);
    await submitAndReview(
      t,
      a.apprentice.token,
      a.provider.token,
      evidence.id,
      { K5: 'accepted' },
      'accepted',
    );
    const view = await get(a.apprentice, `/evidence/${evidence.id}/view`).expect(200);
    expect(view.text).not.toContain(`/evidence/${evidence.id}/delete`);
    const confirm = await get(a.apprentice, `/evidence/${evidence.id}/delete`).expect(200);
    expect(confirm.text).toContain('can no longer change');
    expect(confirm.text).not.toContain(`action="/evidence/${evidence.id}/delete"`);
    await post(a.apprentice, `/evidence/${evidence.id}/delete`).expect(409);
    await as(t, a.apprentice.token).get(`/api/evidence/${evidence.id}`).expect(200);
  });

  it("answers another provider's apprentice 404, and a role that may not write 403", async () => {
    const evidence = await draftWithFiles('Not theirs');
    await get(b.apprentice, `/evidence/${evidence.id}/delete`).expect(404);
    await post(b.apprentice, `/evidence/${evidence.id}/delete`).expect(404);
    await get(a.employer, `/evidence/${evidence.id}/delete`).expect(403);
    await post(a.employer, `/evidence/${evidence.id}/delete`).expect(403);
    await as(t, a.apprentice.token).get(`/api/evidence/${evidence.id}`).expect(200);
  });

  it('says what a save did, once, on the evidence page', async () => {
    const added = await request(t.http)
      .post(`/portfolio/${a.apprenticeshipId}/add-evidence?_csrf=${CSRF}`)
      .set('Cookie', `ksb_session=${a.apprentice.token}; ksb_csrf=${CSRF}`)
      .field('title', 'Feature store design')
      .field('kind', 'work_product')
      .field('activityDate-day', '2')
      .field('activityDate-month', '2')
      .field('activityDate-year', '2026')
      .field('intent', 'draft')
      .expect(303);
    expect(added.headers.location).toMatch(/^\/evidence\/[0-9a-f-]{36}\/view\?saved=draft$/);
    const view = await get(a.apprentice, added.headers.location).expect(200);
    expect(view.text).toContain('Saved as a draft. Submit it for review when it is ready.');
    const id = added.headers.location.split('/')[2];
    const plain = await get(a.apprentice, `/evidence/${id}/view?saved=whatever`).expect(200);
    expect(plain.text).not.toContain('govuk-notification-banner--success');
  });
});
