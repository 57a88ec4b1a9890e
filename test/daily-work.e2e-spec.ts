import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addEvidence, submitAndReview, tagEvidence } from './support/evidence-factories.js';
import { ADMIN, as, createAssessor, createTenant, login, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { filesUnder } from './support/stored-files.js';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

interface QueueItem {
  id: string;
  reference: string;
  status: string;
  waitingHours: number | null;
  apprenticeship: { id: string; apprentice: { name: string } };
}

describe('Daily work: review queue, search, resubmission, one-request upload, errors', () => {
  let t: TestApp;
  let adminToken: string;
  let a: Tenant;
  let a2: Tenant;
  let b: Tenant;
  let assessorToken: string;
  const ev: Record<string, { id: string; reference: string }> = {};

  const queue = async (token: string, query = '') =>
    (await as(t, token).get(`/api/evidence?status=submitted${query}`).expect(200)).body as {
      items: QueueItem[];
      total: number;
    };

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await login(t, ADMIN.email, ADMIN.password);
    const assessor = await createAssessor(t, adminToken);
    assessorToken = assessor.token;
    a = await createTenant(t, adminToken, {
      apprenticeName: 'Zoë Łukasiewicz',
      assessorId: assessor.id,
    });
    b = await createTenant(t, adminToken, { apprenticeName: 'Zoe Other-Tenant' });
    // A third tenant, whose apprentice's name needs its accents folded to be found.
    a2 = await createTenant(t, adminToken, { apprenticeName: 'Nguyễn Thị Minh' });
    ev.first = await addEvidence(t, a.apprentice.token, a.apprenticeshipId, ['K1'], {
      title: 'Modèle de churn: feature pipeline',
    });
    ev.second = await addEvidence(t, a2.apprentice.token, a2.apprenticeshipId, ['K2'], {
      title: 'Drift monitoring dashboard',
    });
    ev.draft = await addEvidence(t, a.apprentice.token, a.apprenticeshipId, ['S1'], {
      title: 'Draft notes',
    });
    ev.other = await addEvidence(t, b.apprentice.token, b.apprenticeshipId, ['K1'], {
      title: 'Other tenant churn work',
    });
    for (const [x, e] of [
      [a, ev.first],
      [a2, ev.second],
      [b, ev.other],
    ] as const) {
      await as(t, x.apprentice.token).post(`/api/evidence/${e.id}/submit`).expect(200);
    }
    // The first waited longer: make its submission a day older.
    await t.dataSource.query(
      `UPDATE evidence SET submitted_at = now() - interval '26 hours' WHERE id = $1`,
      [ev.first.id],
    );
  });
  afterAll(async () => {
    await t.close();
  });

  describe('review queue', () => {
    it("lists what waits across the tutor's provider, oldest first, with how long", async () => {
      const mine = await queue(a.provider.token);
      expect(mine.items.map((i) => i.id)).toEqual([ev.first.id]);
      expect(mine.items[0].waitingHours).toBeGreaterThanOrEqual(26);
      const others = await queue(b.provider.token);
      expect(others.items.map((i) => i.id)).toEqual([ev.other.id]);
    });

    it('filters by apprenticeship, and shows every status when asked', async () => {
      const one = await as(t, a.provider.token)
        .get(`/api/evidence?apprenticeshipId=${a.apprenticeshipId}`)
        .expect(200);
      expect(one.body.items.map((i: QueueItem) => i.reference).sort()).toEqual(['E1', 'E2']);
      const other = await as(t, a.provider.token)
        .get(`/api/evidence?apprenticeshipId=${b.apprenticeshipId}`)
        .expect(200);
      expect(other.body.total).toBe(0);
    });

    it('gives the apprentice and the employer the same list over their own scope', async () => {
      expect((await queue(a.apprentice.token)).items.map((i) => i.id)).toEqual([ev.first.id]);
      expect((await queue(a.employer.token)).items.map((i) => i.id)).toEqual([ev.first.id]);
      await as(t, assessorToken).get('/api/evidence').expect(403);
    });

    it('counts what awaits review per apprenticeship in the provider overview', async () => {
      const overview = await as(t, a.provider.token).get('/api/coverage/overview').expect(200);
      const row = overview.body.items.find(
        (i: { apprenticeshipId: string }) => i.apprenticeshipId === a.apprenticeshipId,
      );
      expect(row.awaitingReview).toBe(1);
    });
  });

  describe('search', () => {
    it('finds apprenticeships by name without accents or case, by e-mail and by ULN', async () => {
      const byName = await as(t, adminToken).get('/api/apprenticeships?q=zoe LUKAS').expect(200);
      expect(byName.body.items.map((i: { id: string }) => i.id)).toEqual([a.apprenticeshipId]);
      const nguyen = await as(t, adminToken).get('/api/apprenticeships?q=nguyen thi').expect(200);
      expect(nguyen.body.items.map((i: { id: string }) => i.id)).toEqual([a2.apprenticeshipId]);
      const mine = await as(t, a.provider.token).get('/api/apprenticeships?q=zoe').expect(200);
      expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([a.apprenticeshipId]);
      const full = (await as(t, adminToken).get(`/api/apprenticeships/${a.apprenticeshipId}`))
        .body as { uln: string };
      const byUln = await as(t, adminToken).get(`/api/apprenticeships?uln=${full.uln}`).expect(200);
      expect(byUln.body.items.map((i: { id: string }) => i.id)).toEqual([a.apprenticeshipId]);
      const byQ = await as(t, adminToken).get(`/api/apprenticeships?q=${full.uln}`).expect(200);
      expect(byQ.body.items.map((i: { id: string }) => i.id)).toEqual([a.apprenticeshipId]);
      const byEmail = await as(t, adminToken)
        .get(`/api/apprenticeships?q=${encodeURIComponent(a.apprentice.email)}`)
        .expect(200);
      expect(byEmail.body.items.map((i: { id: string }) => i.id)).toEqual([a.apprenticeshipId]);
    });

    it('finds evidence by title words and by reference, only in scope', async () => {
      const hits = await as(t, a.provider.token).get('/api/evidence?q=modele churn').expect(200);
      expect(hits.body.items.map((i: QueueItem) => i.id)).toEqual([ev.first.id]);
      const byRef = await as(t, a.apprentice.token)
        .get(`/api/apprenticeships/${a.apprenticeshipId}/evidence?q=e2`)
        .expect(200);
      expect(byRef.body.items.map((i: { id: string }) => i.id)).toEqual([ev.draft.id]);
    });

    it('finds users by name or e-mail, and refuses a query with nothing to search for', async () => {
      const res = await as(t, adminToken).get('/api/users?q=lukasiewicz').expect(200);
      expect(res.body.items.map((u: { id: string }) => u.id)).toEqual([a.apprentice.id]);
      const bad = await as(t, adminToken).get('/api/users?q=%20%21%21').expect(422);
      expect(bad.body.details).toEqual([{ field: 'q', message: expect.stringContaining('q') }]);
    });
  });

  describe('fixing and resubmitting', () => {
    it('keeps several edits in changes_requested, then shows the reviewer what changed', async () => {
      await submitAndReview(
        t,
        a2.apprentice.token,
        a2.provider.token,
        ev.second.id,
        { K2: 'rejected' },
        'changes_requested',
      ).catch(async () => {
        // Already submitted in beforeAll: review it directly.
        await as(t, a2.provider.token)
          .post(`/api/evidence/${ev.second.id}/review`)
          .send({
            decisions: [{ code: 'K2', decision: 'rejected', reason: 'Show the alerting' }],
            outcome: 'changes_requested',
          })
          .expect(200);
      });
      const apprentice = as(t, a2.apprentice.token);
      await apprentice.patch(`/api/evidence/${ev.second.id}`).send({ title: 'Drift alerts' });
      await tagEvidence(t, a2.apprentice.token, ev.second.id, ['K2', 'S3']);
      const mid = await apprentice.get(`/api/evidence/${ev.second.id}`).expect(200);
      expect(mid.body.status).toBe('changes_requested');
      await apprentice.post(`/api/evidence/${ev.second.id}/submit`).expect(200);
      const seen = await as(t, a2.provider.token).get(`/api/evidence/${ev.second.id}`).expect(200);
      expect(seen.body.status).toBe('submitted');
      expect(seen.body.changesSinceReview.fields).toEqual([
        { field: 'title', before: 'Drift monitoring dashboard', after: 'Drift alerts' },
      ]);
      expect(seen.body.changesSinceReview.tags).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'S3', change: 'added' })]),
      );
    });
  });

  describe('one request for a new piece of evidence', () => {
    it('creates, tags and submits from one multipart request', async () => {
      const res = await as(t, a.apprentice.token)
        .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
        .field('title', 'Phone photo of the model card review')
        .field('kind', 'observation')
        .field('activityDate', new Date().toISOString().slice(0, 10))
        .field('tags', JSON.stringify([{ code: 'B1', justification: 'Led the review' }]))
        .field('submit', 'true')
        .attach('files', PDF, { filename: 'card.pdf', contentType: 'application/pdf' })
        .expect(201);
      expect(res.body).toMatchObject({ status: 'submitted', tags: [{ code: 'B1' }] });
      expect(res.body.files).toHaveLength(1);
    });

    it('leaves nothing behind when one part is wrong', async () => {
      const before = await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM evidence',
      );
      const filesBefore = await filesUnder(t.config.uploads.dir);
      const res = await as(t, a.apprentice.token)
        .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
        .field('title', 'Half-right upload')
        .field('kind', 'observation')
        .field('activityDate', new Date().toISOString().slice(0, 10))
        .field('tags', JSON.stringify([{ code: 'K99', justification: 'Nope' }]))
        .attach('files', PDF, { filename: 'x.pdf', contentType: 'application/pdf' })
        .expect(422);
      expect(res.body.details).toEqual([
        { field: 'tags.0.code', message: expect.stringContaining('"K99"') },
      ]);
      const after = await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM evidence',
      );
      expect(after[0].n).toBe(before[0].n);
      expect(await filesUnder(t.config.uploads.dir)).toEqual(filesBefore);
    });
  });

  describe('errors', () => {
    it('answers 403 to a role that may never freeze, before reading its body', async () => {
      const res = await as(t, a.apprentice.token)
        .post(`/api/apprenticeships/${a.apprenticeshipId}/gateway`)
        .send({ overrideReason: 'short' })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('names every bad criterion code at once, quoting each', async () => {
      const res = await as(t, a.apprentice.token)
        .put(`/api/evidence/${ev.draft.id}/tags`)
        .send([
          { code: 'Q7', justification: 'x' },
          { code: 'K99', justification: 'y' },
        ])
        .expect(422);
      expect(res.body.details).toEqual([
        { field: 'tags.0.code', message: expect.stringContaining('"Q7"') },
        { field: 'tags.1.code', message: expect.stringContaining('"K99"') },
      ]);
      expect(res.body.message).toContain('"Q7"');
      expect(res.body.message).toContain('"K99"');
    });

    it('reads a single-field error as a sentence', async () => {
      const res = await as(t, a.provider.token)
        .post(`/api/evidence/${ev.first.id}/review`)
        .send({ decisions: [], outcome: 'accepted' })
        .expect(422);
      expect(res.body.message).toMatch(/^decisions must decide every tag before accepting/);
    });
  });

  describe('after gateway', () => {
    it('refuses reviews of live evidence once the apprenticeship is at gateway', async () => {
      await t.dataSource.query(`UPDATE apprenticeships SET status = 'gateway' WHERE id = $1`, [
        a.apprenticeshipId,
      ]);
      const res = await as(t, a.provider.token)
        .post(`/api/evidence/${ev.first.id}/review`)
        .send({ decisions: [{ code: 'K1', decision: 'accepted' }], outcome: 'accepted' })
        .expect(409);
      expect(res.body.code).toBe('CONFLICT');
      await t.dataSource.query(`UPDATE apprenticeships SET status = 'in_training' WHERE id = $1`, [
        a.apprenticeshipId,
      ]);
    });
  });

  describe('least privilege', () => {
    it('shows a provider the assessors to pick from, without their e-mail addresses', async () => {
      const res = await as(t, a.provider.token).get('/api/users?role=assessor').expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      for (const u of res.body.items as { email: string | null }[]) expect(u.email).toBeNull();
      const own = await as(t, a.provider.token).get(`/api/users/${a.apprentice.id}`).expect(200);
      expect(own.body.email).toBe(a.apprentice.email);
    });

    it("shows apprentices and employers the trail without internal ids or others' e-mail", async () => {
      const res = await as(t, a.employer.token)
        .get(`/api/apprenticeships/${a.apprenticeshipId}/audit?limit=200`)
        .expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      const text = JSON.stringify(res.body.items);
      expect(text).not.toMatch(/"[a-zA-Z]*Id"\s*:/);
      expect(text).not.toContain(a.apprentice.id);
      expect(text).not.toContain(a.provider.email);
      const staff = await as(t, a.provider.token)
        .get(`/api/apprenticeships/${a.apprenticeshipId}/audit?limit=200`)
        .expect(200);
      expect(JSON.stringify(staff.body.items)).toContain(a.apprentice.id);
    });
  });
});
