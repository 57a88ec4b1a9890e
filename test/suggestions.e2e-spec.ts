import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { FileTextService } from '../src/modules/evidence/file-text.service.js';
import { reportPdf } from './support/epa-samples.js';
import { isoDay, submitAndReview, tagEvidence } from './support/evidence-factories.js';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { filesUnder } from './support/stored-files.js';
import { createTestApp, TestApp } from './support/test-app.js';

interface Suggestion {
  code: string;
  score: number;
  reason: string;
  matchedPhrases: string[];
  acceptedForSimilar: number;
  evidenced: boolean;
  claimed: boolean;
}

const fields = (res: request.Response) =>
  (res.body.details ?? []).map((d: { field: string }) => d.field);

const NOTEBOOK = JSON.stringify({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    {
      cell_type: 'markdown',
      source: ['# Fairness audit\n', 'Checked disparate impact by age band.'],
    },
    {
      cell_type: 'code',
      source: ['# compute demographic parity per group\n', 'rates = df.groupby("age").mean()'],
      outputs: [{ output_type: 'stream', text: ['quokkaoutput'] }],
    },
  ],
});

const DRIFT =
  'Set up monitoring for the churn model in production: a weekly data drift report with ' +
  'population stability index per feature, alerting in Grafana when performance metrics drop.';

describe('Suggested criteria with reasons', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let admin: Awaited<ReturnType<typeof login>>;

  const create = (tenant: Tenant, title: string, description: string) =>
    as(t, tenant.apprentice.token)
      .post(`/api/apprenticeships/${tenant.apprenticeshipId}/evidence`)
      .send({ title, description, kind: 'work_product', activityDate: isoDay(0) })
      .expect(201)
      .then((r) => r.body as { id: string });
  const suggest = (tenant: Tenant, evidenceId: string) =>
    as(t, tenant.apprentice.token)
      .get(`/api/evidence/${evidenceId}/suggestions`)
      .expect(200)
      .then((r) => r.body.suggestions as Suggestion[]);
  const codes = (list: Suggestion[]) => list.map((s) => s.code);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t, ADMIN.email, ADMIN.password);
    [a, b] = [await createTenant(t, admin), await createTenant(t, admin)];
  });
  afterAll(async () => {
    await t.close();
  });

  it('ranks the criteria the words show, with the phrases that matched', async () => {
    const e = await create(a, 'Drift monitoring for the churn model', DRIFT);
    const list = await suggest(a, e.id);
    expect(codes(list).slice(0, 3)).toContain('S24');
    const s24 = list.find((s) => s.code === 'S24')!;
    expect(s24.reason).toMatch(/Your evidence says .*“.*drift/);
    expect(s24.reason).toContain('the standard’s “model data drift”');
    expect(s24.matchedPhrases.length).toBeGreaterThan(0);
    expect(s24.evidenced).toBe(false);
    for (let i = 1; i < list.length; i++) {
      expect(list[i - 1].score).toBeGreaterThanOrEqual(list[i].score);
    }
  });

  it('reads the words of uploaded files once: notebook cells, code comments, PDF text', async () => {
    const pdf = await reportPdf(1, 'Model card for the pricing model, with its intended use.');
    const res = await as(t, a.apprentice.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
      .field('title', 'Pricing model release')
      .field('kind', 'project')
      .field('activityDate', isoDay(0))
      .attach('files', Buffer.from(NOTEBOOK), 'fairness.ipynb')
      .attach(
        'files',
        Buffer.from(
          'def f():\n    """Threat model for the API."""\n    x = 1  # secrets in vault\n',
        ),
        'svc.py',
      )
      .attach('files', pdf, 'card.pdf')
      .expect(201);
    // Read after the upload commits; the suggestions request reads any the queue has not yet.
    const list = await suggest(a, res.body.id);
    const rows = await t.dataSource.query<{ name: string; text: string }[]>(
      `SELECT original_name AS name, extracted_text AS text FROM evidence_files
       WHERE evidence_id = $1 ORDER BY original_name`,
      [res.body.id],
    );
    const text = Object.fromEntries(rows.map((r) => [r.name, r.text]));
    expect(text['fairness.ipynb']).toContain('Checked disparate impact');
    expect(text['fairness.ipynb']).toContain('compute demographic parity');
    expect(text['fairness.ipynb']).not.toContain('quokkaoutput');
    expect(text['fairness.ipynb']).not.toContain('groupby');
    expect(text['svc.py']).toContain('Threat model for the API.');
    expect(text['svc.py']).toContain('secrets in vault');
    expect(text['card.pdf']).toContain('Model card for the pricing model');
    const s20 = list.find((s) => s.code === 'S20');
    expect(s20?.reason).toContain(
      '“demographic parity” is the standard’s “algorithmic bias”, “minimise algorithmic bias”',
    );
    expect(codes(list)).toContain('S28');
  });

  it('counts what reviewers accepted on similar evidence at the same provider only', async () => {
    const first = await create(a, 'Drift dashboard', DRIFT);
    await tagEvidence(t, a.apprentice.token, first.id, ['S24', 'S10']);
    await submitAndReview(
      t,
      a.apprentice.token,
      a.provider.token,
      first.id,
      { S24: 'accepted', S10: 'accepted' },
      'accepted',
    );
    // Another provider's similar evidence, accepted for K13, with words only it uses.
    const other = await create(
      b,
      'Zebracorn drift monitoring',
      `${DRIFT} Zebracorn lineage retention.`,
    );
    await tagEvidence(t, b.apprentice.token, other.id, ['K13']);
    await submitAndReview(
      t,
      b.apprentice.token,
      b.provider.token,
      other.id,
      { K13: 'accepted' },
      'accepted',
    );

    // Accepted at the same provider, about other work: one word in common is not "similar".
    const unrelated = await create(
      a,
      'Quarterly planning',
      'Presented the weekly roadmap to the leadership group and agreed the priorities for the ' +
        'next quarter with the product owner.',
    );
    await tagEvidence(t, a.apprentice.token, unrelated.id, ['B3']);
    await submitAndReview(
      t,
      a.apprentice.token,
      a.provider.token,
      unrelated.id,
      { B3: 'accepted' },
      'accepted',
    );

    const second = await create(a, 'Monitoring the churn model again', DRIFT);
    const list = await suggest(a, second.id);
    const s24 = list.find((s) => s.code === 'S24')!;
    expect(s24.acceptedForSimilar).toBe(1);
    expect(s24.reason).toContain('Accepted for similar evidence once at your provider.');
    expect(s24.evidenced).toBe(true);
    expect(list.find((s) => s.code === 'K13')?.acceptedForSimilar ?? 0).toBe(0);
    expect(list.find((s) => s.code === 'B3')?.acceptedForSimilar ?? 0).toBe(0);
    expect(JSON.stringify(list).toLowerCase()).not.toContain('zebracorn');
    // The evidence that was accepted does not count itself.
    const own = await suggest(a, first.id);
    expect(own.find((s) => s.code === 'S24')?.acceptedForSimilar).toBe(0);
    expect(own.find((s) => s.code === 'S24')?.claimed).toBe(true);
  });

  it('compares pieces by what the apprentice wrote, not by the words of their files', async () => {
    const c = await createTenant(t, admin);
    // The same account of the work, accepted, with a run log of 3,000 distinct words attached.
    const log = Array.from({ length: 3000 }, (_, i) => `metric${i}`).join(' ');
    const first = await as(t, c.apprentice.token)
      .post(`/api/apprenticeships/${c.apprenticeshipId}/evidence`)
      .field('title', 'Drift dashboard')
      .field('description', DRIFT)
      .field('kind', 'work_product')
      .field('activityDate', isoDay(0))
      .attach('files', Buffer.from(log), 'run-log.txt')
      .expect(201);
    // Its file's words are read and kept by now (the request reads any not read yet).
    await suggest(c, first.body.id);
    await tagEvidence(t, c.apprentice.token, first.body.id, ['S24']);
    await submitAndReview(
      t,
      c.apprentice.token,
      c.provider.token,
      first.body.id,
      { S24: 'accepted' },
      'accepted',
    );
    const second = await create(c, 'Monitoring the churn model again', DRIFT);
    const s24 = (await suggest(c, second.id)).find((s) => s.code === 'S24');
    expect(s24?.acceptedForSimilar).toBe(1);
  });

  it('compares links by their paths: two links to one site are not a likeness', async () => {
    const d = await createTenant(t, admin);
    const withLinks = (title: string, description: string, links: string[]) =>
      as(t, d.apprentice.token)
        .post(`/api/apprenticeships/${d.apprenticeshipId}/evidence`)
        .send({ title, description, links, kind: 'work_product', activityDate: isoDay(0) })
        .expect(201)
        .then((r) => r.body as { id: string });
    const site = (path: string) => `https://github.example.com/${path}?utm_source=portfolio`;
    const first = await withLinks(
      'Quarterly planning',
      'Presented the roadmap to the leadership group.',
      [site('planning/roadmap'), site('planning/okr')],
    );
    await tagEvidence(t, d.apprentice.token, first.id, ['B3']);
    await submitAndReview(
      t,
      d.apprentice.token,
      d.provider.token,
      first.id,
      { B3: 'accepted' },
      'accepted',
    );
    const links = [site('monitoring/drift-alerts'), site('monitoring/psi')];
    const second = await withLinks('Drift monitoring', DRIFT, links);
    const list = await suggest(d, second.id);
    expect(list.find((s) => s.code === 'B3')?.acceptedForSimilar ?? 0).toBe(0);
    // A draft's links are cut the same way as saved evidence's.
    const draft = await as(t, d.apprentice.token)
      .post(`/api/apprenticeships/${d.apprenticeshipId}/suggestions`)
      .send({ title: 'Drift monitoring', description: DRIFT, links })
      .expect(200);
    const b3 = draft.body.suggestions.find((s: Suggestion) => s.code === 'B3');
    expect(b3?.acceptedForSimilar ?? 0).toBe(0);
    // The path's words still count: the same path is a likeness.
    const third = await withLinks('Sprint review', 'Showed the work to the team.', [
      site('planning/roadmap'),
      site('planning/okr'),
    ]);
    const again = await suggest(d, third.id);
    expect(again.find((s) => s.code === 'B3')?.acceptedForSimilar).toBe(1);
  });

  it('suggests for a draft, reading files already uploaded to the apprenticeship', async () => {
    const withFile = await as(t, a.apprentice.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
      .field('title', 'Notes')
      .field('kind', 'other')
      .field('activityDate', isoDay(0))
      .attach(
        'files',
        Buffer.from('Retired the legacy model and decommissioned its assets.'),
        'notes.txt',
      )
      .expect(201);
    const fileId = withFile.body.files[0].id as string;
    const res = await as(t, a.apprentice.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/suggestions`)
      .send({ title: 'Clean-up', description: 'Tidied things up.', fileIds: [fileId] })
      .expect(200);
    expect(res.body.evidenceId).toBeNull();
    expect(codes(res.body.suggestions)).toContain('S25');
  });

  it("the add page's suggest button reads the files chosen, and keeps neither them nor a draft", async () => {
    const csrf = 'csrf-for-the-suggest-button';
    const count = async () =>
      (
        await t.dataSource.query<{ n: string }[]>(
          'SELECT count(*) AS n FROM evidence WHERE apprenticeship_id = $1',
          [a.apprenticeshipId],
        )
      )[0].n;
    const [evidenceBefore, filesBefore] = [await count(), await filesUnder(t.config.uploads.dir)];
    const res = await request(t.http)
      .post(`/portfolio/${a.apprenticeshipId}/add-evidence?_csrf=${csrf}`)
      .set('Cookie', `ksb_session=${a.apprentice.token}; ksb_csrf=${csrf}`)
      .field('title', 'Clean-up')
      .field('description', 'Tidied things up.')
      .field('intent', 'suggest')
      .attach(
        'files',
        Buffer.from('Retired the legacy model and decommissioned its assets.'),
        'notes.txt',
      )
      .expect(200);
    // S25 comes from the file's words alone, as it does for the same file once saved (above).
    expect(res.text).toContain('data-ksb-suggested="S25"');
    expect(res.text).toContain('The suggestions read them with what you wrote.');
    expect(await count()).toBe(evidenceBefore);
    expect(await filesUnder(t.config.uploads.dir)).toEqual(filesBefore);
  });

  it('refuses bad drafts with the field named', async () => {
    const url = `/api/apprenticeships/${a.apprenticeshipId}/suggestions`;
    const apprentice = as(t, a.apprentice.token);
    expect(fields(await apprentice.post(url).send({ description: 'x' }).expect(422))).toContain(
      'title',
    );
    expect(
      fields(
        await apprentice
          .post(url)
          .send({ title: 'x', fileIds: ['nope'] })
          .expect(422),
      ),
    ).toContain('fileIds');
    expect(
      fields(
        await apprentice.post(url).send({ title: 'x', links: 'https://a.example' }).expect(422),
      ),
    ).toContain('links');
    const bFile = await as(t, b.apprentice.token)
      .post(`/api/apprenticeships/${b.apprenticeshipId}/evidence`)
      .field('title', 'B notes')
      .field('kind', 'other')
      .field('activityDate', isoDay(0))
      .attach('files', Buffer.from('secret words of another provider'), 'b.txt')
      .expect(201);
    const res = await apprentice
      .post(url)
      .send({ title: 'x', fileIds: [bFile.body.files[0].id] })
      .expect(422);
    expect(fields(res)).toEqual(['fileIds.0']);
    expect(JSON.stringify(res.body)).not.toContain('secret words');
  });

  it("answers 404 for another provider's evidence and apprenticeship, 403 for other roles", async () => {
    const e = await create(a, 'Private work', DRIFT);
    await as(t, b.apprentice.token).get(`/api/evidence/${e.id}/suggestions`).expect(404);
    await as(t, b.provider.token).get(`/api/evidence/${e.id}/suggestions`).expect(404);
    await as(t, b.apprentice.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/suggestions`)
      .send({ title: 'x' })
      .expect(404);
    await as(t, a.provider.token).get(`/api/evidence/${e.id}/suggestions`).expect(200);
    await as(t, a.employer.token).get(`/api/evidence/${e.id}/suggestions`).expect(403);
    await as(t, a.provider.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/suggestions`)
      .send({ title: 'x' })
      .expect(403);
    await request(t.app.getHttpServer()).get(`/api/evidence/${e.id}/suggestions`).expect(401);
  });

  it('reads lazily the files of evidence uploaded before text was kept', async () => {
    const res = await as(t, a.apprentice.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
      .field('title', 'Old upload')
      .field('kind', 'other')
      .field('activityDate', isoDay(0))
      .attach('files', Buffer.from('We ran a penetration test and a threat model.'), 'old.md')
      .expect(201);
    await t.app.get(FileTextService).ensureExtracted([res.body.id]);
    await t.dataSource.query(
      `UPDATE evidence_files SET extracted_text = NULL WHERE evidence_id = $1`,
      [res.body.id],
    );
    const list = await suggest(a, res.body.id);
    expect(codes(list).slice(0, 5)).toContain('S1');
    const [row] = await t.dataSource.query<{ text: string }[]>(
      `SELECT extracted_text AS text FROM evidence_files WHERE evidence_id = $1`,
      [res.body.id],
    );
    expect(row.text).toContain('penetration test');
  });
});
