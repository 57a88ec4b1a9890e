/**
 * A page form sent twice does its work once (SubmitOnce): a double tap on "Add the entry" or on
 * "Save as draft" with a file makes one entry or one piece of evidence, both answers go to the
 * same page, and the repeat's file is not left behind. The same form changed and sent again is a
 * new submission; a form without its key (an older page) still works.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { dateFields } from '../src/web/forms.js';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { filesUnder } from './support/stored-files.js';
import { createTestApp, TestApp } from './support/test-app.js';

const CSRF = 'csrf-token-for-double-taps';
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe('Forms sent twice', () => {
  let t: TestApp;
  let a: Tenant;
  const cookie = () => `ksb_session=${a.apprentice.token}; ksb_csrf=${CSRF}`;
  const count = async (sql: string) =>
    Number((await t.dataSource.query<{ n: string }[]>(sql, [a.apprenticeshipId]))[0].n);
  const entries = () => count('SELECT count(*) AS n FROM otj_entries WHERE apprenticeship_id = $1');
  const evidence = () => count('SELECT count(*) AS n FROM evidence WHERE apprenticeship_id = $1');
  const entryForm = (fields: Record<string, string>) =>
    new URLSearchParams({
      ...(dateFields('activityDate', yesterday()) as Record<string, string>),
      hours: '1',
      minutes: '0',
      category: 'theory',
      deliveredBy: 'provider',
      description: 'Reading group on drift',
      _csrf: CSRF,
      ...fields,
    }).toString();
  const addEntry = (body: string) =>
    request(t.http)
      .post(`/portfolio/${a.apprenticeshipId}/otj/add`)
      .set('Cookie', cookie())
      .type('form')
      .send(body);

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs an off-the-job entry once for a double tap, both taps going to the log', async () => {
    const before = await entries();
    const body = entryForm({ formKey: 'b6f0b3c2-5d0e-4d1e-9a53-0d3c2a1f7e01' });
    const [first, second] = await Promise.all([addEntry(body), addEntry(body)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);
    expect(first.headers.location).toMatch(/\/otj\?added=/);
    expect(await entries()).toBe(before + 1);
    // Sent again later (the Back button, a reload): still the one entry.
    const again = await addEntry(body);
    expect([again.status, again.headers.location]).toEqual([303, first.headers.location]);
    expect(await entries()).toBe(before + 1);
  });

  it('takes the same form changed and sent again as a new entry, and a form without a key', async () => {
    const before = await entries();
    const key = '0e7f5a8a-95a4-4b8e-8f0f-4b9a5d4f1a22';
    await addEntry(entryForm({ formKey: key })).expect(303);
    await addEntry(entryForm({ formKey: key, description: 'Pairing on alerts' })).expect(303);
    await addEntry(entryForm({})).expect(303);
    expect(await entries()).toBe(before + 3);
  });

  it('lets a refused form be corrected and sent with the same key', async () => {
    const before = await entries();
    const key = 'f1d2c3b4-a596-4788-99aa-bbccddeeff00';
    await addEntry(entryForm({ formKey: key, description: '' })).expect(422);
    await addEntry(entryForm({ formKey: key })).expect(303);
    expect(await entries()).toBe(before + 1);
  });

  it('saves evidence with a file once for a double tap, and keeps no second copy of the file', async () => {
    const before = await evidence();
    const stored = await filesUnder(t.config.uploads.dir);
    const send = () =>
      request(t.http)
        .post(`/portfolio/${a.apprenticeshipId}/add-evidence?_csrf=${CSRF}`)
        .set('Cookie', cookie())
        .field('formKey', '7c1e8d6a-3b2f-4e5d-8c9b-0a1b2c3d4e5f')
        .field('title', 'Drift runbook for on-call engineers')
        .field('kind', 'work_product')
        .field('activityDate-day', '1')
        .field('activityDate-month', '2')
        .field('activityDate-year', '2026')
        .field('description', 'What to do when the drift alert fires.')
        .field('intent', 'draft')
        .attach(
          'files',
          Buffer.from('# Drift runbook\n\nCheck the PSI dashboard.\n'),
          'runbook.md',
        );
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await evidence()).toBe(before + 1);
    expect((await filesUnder(t.config.uploads.dir)).length).toBe(stored.length + 1);
    const id = /\/evidence\/([^/]+)\/view/.exec(first.headers.location)![1];
    const saved = await as(t, a.apprentice.token).get(`/api/evidence/${id}`).expect(200);
    expect(saved.body.files.map((f: { name: string }) => f.name)).toEqual(['runbook.md']);
  });
});
