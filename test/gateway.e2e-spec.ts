import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { PortfolioContent, contentSha256 } from '../src/modules/portfolio/portfolio-content.js';
import { PortfolioService } from '../src/modules/portfolio/portfolio.service.js';
import { readPdf } from './support/pdf-tools.js';
import { png } from './support/sample-files.js';
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

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('Portfolio PDF and gateway', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let assessor: Person;
  let otherAssessor: Person;
  const evidence: { id: string; title: string; fileIds: string[] }[] = [];

  const apprentice = () => as(t, a.apprentice.token);
  const provider = () => as(t, a.provider.token);
  const pdfText = async (bytes: Buffer) => (await readPdf(bytes)).pageTexts();

  async function addEvidence(title: string, codes: string[], reject: string[] = []) {
    const res = await apprentice()
      .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
      .field('title', title)
      .field('kind', 'project')
      .field('activityDate', '2026-02-02')
      .field('description', `What ${title} shows.`)
      .attach('files', png(2000), 'architecture.png')
      .attach('files', PDF, 'report.pdf')
      .expect(201);
    const id = res.body.id as string;
    await apprentice()
      .put(`/api/evidence/${id}/tags`)
      .send(codes.map((code) => ({ code, justification: `${title} demonstrates ${code}` })))
      .expect(200);
    await apprentice().post(`/api/evidence/${id}/submit`).expect(200);
    const decisions = codes.map((code) =>
      reject.includes(code)
        ? { code, decision: 'rejected', reason: 'Not shown' }
        : { code, decision: 'accepted' },
    );
    await provider()
      .post(`/api/evidence/${id}/review`)
      .send({ decisions, outcome: 'accepted' })
      .expect(200);
    evidence.push({ id, title, fileIds: res.body.files.map((f: { id: string }) => f.id) });
  }

  beforeAll(async () => {
    t = await createTestApp();
    const adminToken = await login(t, ADMIN.email, ADMIN.password);
    assessor = await createAssessor(t, adminToken);
    otherAssessor = await createAssessor(t, adminToken);
    a = await createTenant(t, adminToken, {
      assessorId: assessor.id,
      apprenticeName: 'Zoë Łukasiewicz 王芳',
    });
    b = await createTenant(t, adminToken, { assessorId: otherAssessor.id });
    await addEvidence('Churn model evaluation', ['K1', 'K2', 'S3', 'B1', 'D3'], ['D3']);
    await addEvidence('Feature store rollout', ['K5', 'S5', 'B5']);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('draft portfolio', () => {
    it('renders for the apprentice, employer and provider, with DRAFT on every page', async () => {
      for (const token of [a.apprentice.token, a.employer.token, a.provider.token]) {
        const res = await binary(
          as(t, token).get(`/api/apprenticeships/${a.apprenticeshipId}/portfolio.pdf`),
        ).expect(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      }
      const res = await binary(
        apprentice().get(`/api/apprenticeships/${a.apprenticeshipId}/portfolio.pdf`),
      );
      const pages = await pdfText(res.body as Buffer);
      expect(pages.length).toBeGreaterThan(4);
      pages.forEach((text, i) => expect([i + 1, text.includes('DRAFT')]).toEqual([i + 1, true]));
      const all = pages.join('\n');
      expect(all).toContain('Zoë Łukasiewicz 王芳');
      for (const e of evidence) expect(all).toContain(e.title);
      const codes = [
        ...Array.from({ length: 31 }, (_, i) => `K${i + 1}`),
        ...Array.from({ length: 34 }, (_, i) => `S${i + 1}`),
        ...Array.from({ length: 5 }, (_, i) => `B${i + 1}`),
        ...Array.from({ length: 9 }, (_, i) => `D${i + 1}`),
      ];
      const matrix = pages.filter((p) => p.includes('evidence mapping')).join('\n');
      for (const code of codes)
        expect([code, new RegExp(`\\b${code}\\b`).test(matrix)]).toEqual([code, true]);
    });

    it('is not for assessors, admins of nothing, or other tenants', async () => {
      const url = `/api/apprenticeships/${a.apprenticeshipId}/portfolio.pdf`;
      await as(t, assessor.token).get(url).expect(404);
      await as(t, b.provider.token).get(url).expect(404);
      await as(t, b.apprentice.token).get(url).expect(404);
    });
  });

  describe('gateway', () => {
    const gateway = (token: string) =>
      as(t, token).post(`/api/apprenticeships/${a.apprenticeshipId}/gateway`);
    const sign = (token: string) =>
      as(t, token).post(`/api/apprenticeships/${a.apprenticeshipId}/gateway/declarations`);
    let snapshot: { id: string; contentSha256: string; pdfSha256: string; evidence: string[] };

    it('refuses to freeze before every declaration is signed, listing them', async () => {
      const res = await gateway(a.provider.token)
        .send({ overrideReason: 'Testing the declarations check' })
        .expect(422);
      expect(res.body.details.map((d: { message: string }) => d.message)).toEqual([
        'the apprentice has not signed',
        'the employer has not signed',
        'the provider has not signed',
      ]);
    });

    it('lets each person sign only their own declaration', async () => {
      await sign(assessor.token).expect(403);
      await sign(await login(t, ADMIN.email, ADMIN.password)).expect(403);
      await sign(b.employer.token).expect(404);
      const signed = await sign(a.employer.token).expect(200);
      const employer = signed.body.declarations.find(
        (d: { role: string }) => d.role === 'employer',
      );
      expect(employer).toMatchObject({ signed: true, signedBy: 'Test employer' });
      expect(employer.statement).toMatch(/apprentice's own work/);
      expect(signed.body.declarations.filter((d: { signed: boolean }) => d.signed)).toHaveLength(1);
      await sign(a.employer.token).expect(409);
      await sign(a.apprentice.token).expect(200);
      await sign(a.provider.token).expect(200);
    });

    it('refuses while required criteria are missing (422, listing them) and checks the selection', async () => {
      const res = await gateway(a.provider.token).send({}).expect(422);
      const missing: string[] = res.body.details[0].missing;
      expect(missing).toContain('K3');
      expect(missing).not.toContain('K1');
      expect(missing).not.toContain('D1');
      expect(missing).toHaveLength(70 - 7);
      const bad = await gateway(a.provider.token)
        .send({
          evidenceIds: [evidence[0].id, '00000000-0000-4000-8000-000000000000'],
          overrideReason: 'Selection test only',
        })
        .expect(422);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['evidenceIds.1']);
      await gateway(a.apprentice.token)
        .send({ overrideReason: 'Apprentices cannot freeze' })
        .expect(403);
      await gateway(b.provider.token)
        .send({ overrideReason: 'Another tenant cannot freeze' })
        .expect(404);
    });

    it('freezes with a recorded override, storing the PDF with its hash', async () => {
      const res = await gateway(a.provider.token)
        .send({ overrideReason: 'Remaining KSBs are assessed in the professional discussion' })
        .expect(201);
      snapshot = res.body;
      expect(snapshot.evidence).toEqual(['E1', 'E2']);
      await gateway(a.provider.token)
        .send({ overrideReason: 'Trying to freeze twice' })
        .expect(409);
      const state = await apprentice()
        .get(`/api/apprenticeships/${a.apprenticeshipId}/gateway`)
        .expect(200);
      expect(state.body.status).toBe('gateway');
      const audit = await provider()
        .get(`/api/apprenticeships/${a.apprenticeshipId}/audit`)
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'gateway.frozen',
        after: { overrideReason: 'Remaining KSBs are assessed in the professional discussion' },
      });
    });

    it('serves the same stored bytes, without DRAFT, with the content hash on the cover', async () => {
      const res = await binary(
        as(t, assessor.token).get(`/api/snapshots/${snapshot.id}/portfolio.pdf`),
      ).expect(200);
      const bytes = res.body as Buffer;
      expect(sha256(bytes)).toBe(snapshot.pdfSha256);
      const pages = await pdfText(bytes);
      pages.forEach((text, i) => expect([i + 1, /draft/i.test(text)]).toEqual([i + 1, false]));
      expect(pages[0]).toContain(snapshot.contentSha256);
      expect(pages[0]).toContain(snapshot.id);
      expect(pages.join('\n')).toContain('Zoë Łukasiewicz 王芳');
      const again = await binary(
        apprentice().get(`/api/snapshots/${snapshot.id}/portfolio.pdf`),
      ).expect(200);
      expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);
    });

    it('renders the stored content again to identical bytes, and its hash checks out', async () => {
      const [row] = await t.dataSource.query(
        'SELECT content FROM portfolio_snapshots WHERE id = $1',
        [snapshot.id],
      );
      const content = row.content as PortfolioContent;
      expect(
        contentSha256({ ...content, snapshot: { ...content.snapshot!, sha256OfContent: '' } }),
      ).toBe(snapshot.contentSha256);
      const chunks: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          chunks.push(chunk);
          cb();
        },
      });
      await t.app.get(PortfolioService).render(content, sink);
      expect(sha256(Buffer.concat(chunks))).toBe(snapshot.pdfSha256);
    });

    it('freezes the included evidence: no change, no deletion, no new evidence', async () => {
      const [first] = evidence;
      await apprentice().patch(`/api/evidence/${first.id}`).send({ title: 'Changed' }).expect(409);
      await apprentice().delete(`/api/evidence/${first.id}`).expect(409);
      await apprentice().delete(`/api/evidence/${first.id}/files/${first.fileIds[0]}`).expect(409);
      await apprentice()
        .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
        .send({ title: 'Late', kind: 'other', activityDate: '2026-03-01' })
        .expect(409);
      await expect(
        t.dataSource.query('DELETE FROM evidence WHERE id = $1', [first.id]),
      ).rejects.toThrow(/foreign key/);
    });

    it('gives the assigned assessor the gateway PDF and its files, and nothing else', async () => {
      const asr = as(t, assessor.token);
      await asr.get(`/api/apprenticeships/${a.apprenticeshipId}/gateway`).expect(404);
      await provider()
        .patch(`/api/apprenticeships/${a.apprenticeshipId}`)
        .send({ status: 'withdrawn' })
        .expect(200);
      await provider()
        .patch(`/api/apprenticeships/${a.apprenticeshipId}`)
        .send({ status: 'in_training' })
        .expect(409);
      const list = await asr.get('/api/apprenticeships').expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([a.apprenticeshipId]);
      const snapshots = await asr
        .get(`/api/apprenticeships/${a.apprenticeshipId}/snapshots`)
        .expect(200);
      expect(snapshots.body.items.map((s: { id: string }) => s.id)).toEqual([snapshot.id]);
      expect(snapshots.body.total).toBe(1);
      const file = await binary(
        asr.get(`/api/snapshots/${snapshot.id}/files/${evidence[0].fileIds[0]}`),
      ).expect(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(file.body as Buffer, png(2000))).toBe(0);
      await asr
        .get(`/api/snapshots/${snapshot.id}/files/00000000-0000-4000-8000-000000000000`)
        .expect(404);
      await asr.get(`/api/evidence/${evidence[0].id}`).expect(404);
      await asr.get(`/api/evidence/${evidence[0].id}/files/${evidence[0].fileIds[0]}`).expect(404);
      await asr.get(`/api/apprenticeships/${a.apprenticeshipId}/evidence`).expect(404);
      await asr.get(`/api/apprenticeships/${a.apprenticeshipId}/coverage`).expect(404);
      await asr.get(`/api/apprenticeships/${b.apprenticeshipId}`).expect(404);
      const other = as(t, otherAssessor.token);
      await other.get(`/api/snapshots/${snapshot.id}/portfolio.pdf`).expect(404);
      await other.get(`/api/snapshots/${snapshot.id}/files/${evidence[0].fileIds[0]}`).expect(404);
      await as(t, b.provider.token).get(`/api/snapshots/${snapshot.id}/portfolio.pdf`).expect(404);
    });
  });

  it('requires only the assessment methods’ KSBs when the standard defines them', async () => {
    const adminToken = await login(t, ADMIN.email, ADMIN.password);
    await as(t, adminToken)
      .post('/api/standards')
      .send({
        code: 'ST9002',
        version: '1.0',
        title: 'Method Standard',
        level: 4,
        status: 'approved_for_delivery',
        criteria: [
          { kind: 'knowledge', code: 'K1', text: 'Know one' },
          { kind: 'knowledge', code: 'K2', text: 'Know two' },
          { kind: 'skill', code: 'S1', text: 'Do one' },
          { kind: 'behaviour', code: 'B1', text: 'Behave' },
        ],
        assessmentMethods: [
          { code: 'discussion', name: 'Professional discussion', ksbs: ['K1', 'S1'] },
        ],
      })
      .expect(201);
    const tenant = await createTenant(t, adminToken);
    const p = as(t, tenant.provider.token);
    const ap = as(t, tenant.apprentice.token);
    // The same learner on a second standard: the same ULN, a learner's for life.
    const { uln } = (await p.get(`/api/apprenticeships/${tenant.apprenticeshipId}`).expect(200))
      .body as { uln: string };
    const created = await p
      .post('/api/apprenticeships')
      .send({
        apprenticeId: tenant.apprentice.id,
        employerId: tenant.employerId,
        tutorId: tenant.provider.id,
        standardCode: 'ST9002',
        uln,
        startDate: '2026-01-05',
        plannedGatewayDate: '2027-01-05',
      })
      .expect(201);
    const id = created.body.id as string;
    const before = await p.get(`/api/apprenticeships/${id}/gateway`).expect(200);
    expect(before.body).toMatchObject({ required: ['K1', 'S1'], missing: ['K1', 'S1'] });

    const ev = await ap
      .post(`/api/apprenticeships/${id}/evidence`)
      .send({ title: 'Discussion prep', kind: 'report', activityDate: '2026-02-01' })
      .expect(201);
    await ap
      .put(`/api/evidence/${ev.body.id}/tags`)
      .send([
        { code: 'K1', justification: 'Knows it' },
        { code: 'S1', justification: 'Does it' },
      ])
      .expect(200);
    await ap.post(`/api/evidence/${ev.body.id}/submit`).expect(200);
    await p
      .post(`/api/evidence/${ev.body.id}/review`)
      .send({
        decisions: [
          { code: 'K1', decision: 'accepted' },
          { code: 'S1', decision: 'accepted' },
        ],
        outcome: 'accepted',
      })
      .expect(200);
    for (const token of [tenant.apprentice.token, tenant.employer.token, tenant.provider.token]) {
      await as(t, token).post(`/api/apprenticeships/${id}/gateway/declarations`).expect(200);
    }
    // Gateway also needs the off-the-job floor (187 hours) approved: eight days of 24 hours
    // written straight to the table, the OTJ rules being test/otj.e2e-spec.ts's subject.
    await t.dataSource.query(
      `INSERT INTO otj_entries (apprenticeship_id, activity_date, duration_minutes, description,
         category_id, delivered_by, author_id, status, decided_by_id, decided_at)
       SELECT $1, DATE '2026-02-01' + n, 1440, 'Training block', c.id, 'provider', $2, 'approved', $3, now()
       FROM generate_series(1, 8) n, otj_categories c WHERE c.code = 'theory'`,
      [id, tenant.apprentice.id, tenant.provider.id],
    );
    const frozen = await p.post(`/api/apprenticeships/${id}/gateway`).send({}).expect(201);
    expect(frozen.body).toMatchObject({ evidence: ['E1'], overrideReason: null });
  });
});
