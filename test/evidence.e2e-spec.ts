import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stat, utimes, writeFile, mkdir } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { Clock } from '../src/common/clock/clock.js';
import { ApprenticeshipsService } from '../src/modules/apprenticeships/apprenticeships.service.js';
import { AuthService } from '../src/modules/auth/auth.service.js';
import { EvidenceOrphanSweeper } from '../src/modules/evidence/evidence-orphans.js';
import { EvidenceService } from '../src/modules/evidence/evidence.service.js';
import { png, zipOf } from './support/sample-files.js';
import { ADMIN, as, createAssessor, createTenant, login, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { filesUnder } from './support/stored-files.js';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const fields = (res: request.Response) =>
  (res.body.details ?? []).map((d: { field: string }) => d.field);

describe('Evidence: capture, files, tags, review, audit', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let assessorToken: string;
  let apprentice: ReturnType<typeof as>;
  let provider: ReturnType<typeof as>;

  const state = async () => ({
    rows: await t.dataSource.query(
      `SELECT (SELECT count(*) FROM evidence)::int AS evidence, (SELECT count(*) FROM evidence_files)::int AS files,
              (SELECT count(*) FROM evidence_tags)::int AS tags, (SELECT count(*) FROM comments)::int AS comments,
              (SELECT count(*) FROM audit_events)::int AS audit`,
    ),
    files: await filesUnder(t.config.uploads.dir),
  });

  /** Runs a request that must be refused and proves it left no row and no file behind. */
  async function refused(send: () => request.Test, status: number, code?: string) {
    const before = await state();
    const res = await send();
    expect({ status: res.status, body: res.body }).toMatchObject({
      status,
      ...(code ? { body: { code } } : {}),
    });
    expect(await state()).toEqual(before);
    return res;
  }

  const evidenceUrl = () => `/api/apprenticeships/${a.apprenticeshipId}/evidence`;
  const createJson = (body: object = {}) =>
    apprentice
      .post(evidenceUrl())
      .send({ title: 'Model card', kind: 'report', activityDate: '2026-03-01', ...body });

  beforeAll(async () => {
    t = await createTestApp({ MAX_FILE_SIZE_MB: '1', MAX_FILES_PER_REQUEST: '3' });
    const adminToken = await login(t, ADMIN.email, ADMIN.password);
    const assessor = await createAssessor(t, adminToken);
    assessorToken = assessor.token;
    a = await createTenant(t, adminToken, { assessorId: assessor.id });
    b = await createTenant(t, adminToken);
    apprentice = as(t, a.apprentice.token);
    provider = as(t, a.provider.token);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('creating', () => {
    it('creates evidence as JSON with the next reference', async () => {
      const res = await createJson({ links: ['https://github.com/acme/churn/pull/4'] }).expect(201);
      expect(res.body).toMatchObject({
        reference: 'E1',
        status: 'draft',
        files: [],
        tags: [],
        frozen: false,
      });
    });

    it('creates evidence with files in one multipart request, hashing and sniffing each', async () => {
      const res = await apprentice
        .post(evidenceUrl())
        .field('title', 'Churn notebook')
        .field('kind', 'code')
        .field('activityDate', '2026-03-02')
        .field('links', 'https://example.com/a')
        .attach('files', PDF, {
          filename: 'Präsentation.pdf',
          contentType: 'application/octet-stream',
        })
        .attach('files', Buffer.from('# Notes\nfeatures'), 'notes.md')
        .expect(201);
      expect(res.body.reference).toBe('E2');
      expect(res.body.links).toEqual(['https://example.com/a']);
      expect(res.body.files).toEqual([
        expect.objectContaining({
          name: 'Präsentation.pdf',
          mediaType: 'application/pdf',
          size: PDF.length,
        }),
        expect.objectContaining({ name: 'notes.md', mediaType: 'text/markdown', size: 16 }),
      ]);
      const { createHash } = await import('node:crypto');
      expect(res.body.files[0].sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    });

    it('never hands out a reference twice, even to concurrent requests', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => createJson({ title: `Parallel ${i}` })),
      );
      const refs = results.map((r) => r.body.reference as string).sort();
      expect(
        results.map((r) => [r.status, r.status === 201 ? '' : JSON.stringify(r.body)]),
      ).toEqual(Array(8).fill([201, '']));
      expect(new Set(refs).size).toBe(8);
      await apprentice.delete(`/api/evidence/${results[0].body.id}`).expect(204);
      const next = await createJson().expect(201);
      expect(next.body.reference).toBe('E11');
    });

    it.each([
      [{ activityDate: '2999-01-01' }, 'activityDate'],
      [{ activityDate: '2024-01-01' }, 'activityDate'],
      [{ activityDate: '2026-13-01' }, 'activityDate'],
      [{ links: ['ftp://example.com/x'] }, 'links'],
      [{ links: ['javascript:alert(1)'] }, 'links'],
      [{ kind: 'selfie' }, 'kind'],
      [{ title: '' }, 'title'],
      [{ owner: 'me' }, 'owner'],
    ])('refuses %j naming %s', async (change, field) => {
      const res = await refused(() => createJson(change), 422, 'VALIDATION_FAILED');
      expect(fields(res)).toEqual([field]);
    });

    it("counts 'the future' from the service's clock (the demo replays its history on it)", async () => {
      const evidence = t.app.get(EvidenceService);
      // The apprentice as a request sees them: from their token, as the guard loads them.
      const user = await t.app.get(AuthService).authenticate(a.apprentice.token);
      const on = (instant: string, activityDate: string) =>
        t.app
          .get(Clock)
          .at(new Date(instant), () =>
            evidence.create(
              user,
              a.apprenticeshipId,
              { title: 'Replayed', kind: 'report', activityDate },
              [],
            ),
          );
      await expect(on('2025-03-10T10:00:00Z', '2025-03-11')).rejects.toMatchObject({
        details: [{ field: 'activityDate', message: 'must not be in the future' }],
      });
      const made = await on('2025-03-11T10:00:00Z', '2025-03-11');
      expect(made).toMatchObject({ title: 'Replayed', activityDate: '2025-03-11' });
      await apprentice.delete(`/api/evidence/${made.id}`).expect(204);
    });

    it("dates rows added and changed by the service's clock, not the database's", async () => {
      const clock = t.app.get(Clock);
      const user = await t.app.get(AuthService).authenticate(a.apprentice.token);
      const provider = await t.app.get(AuthService).authenticate(a.provider.token);
      const evidence = t.app.get(EvidenceService);
      const added = new Date('2025-03-11T10:00:00Z');
      const changed = new Date('2025-04-02T15:30:00Z');
      const times = async (table: string, id: string) => {
        const [row] = await t.dataSource.query<{ created_at: Date; updated_at: Date }[]>(
          `SELECT created_at, updated_at FROM ${table} WHERE id = $1`,
          [id],
        );
        return [row.created_at.toISOString(), row.updated_at.toISOString()];
      };

      // Added and changed through save() (evidence, its entity loaded and saved again).
      const made = await clock.at(added, () =>
        evidence.create(
          user,
          a.apprenticeshipId,
          { title: 'Dated', kind: 'report', activityDate: '2025-03-10' },
          [],
        ),
      );
      expect(await times('evidence', made.id)).toEqual([added.toISOString(), added.toISOString()]);
      await clock.at(changed, () => evidence.update(user, made.id, { title: 'Dated again' }));
      expect(await times('evidence', made.id)).toEqual([
        added.toISOString(),
        changed.toISOString(),
      ]);

      // Changed through update() with an object of values (the apprenticeship's planned gateway).
      const apprenticeships = t.app.get(ApprenticeshipsService);
      const before = await times('apprenticeships', a.apprenticeshipId);
      await clock.at(changed, () =>
        apprenticeships.update(provider, a.apprenticeshipId, { plannedGatewayDate: '2027-09-30' }),
      );
      expect(await times('apprenticeships', a.apprenticeshipId)).toEqual([
        before[0],
        changed.toISOString(),
      ]);
      await apprenticeships.update(provider, a.apprenticeshipId, {
        plannedGatewayDate: '2027-01-06',
      });
      await apprentice.delete(`/api/evidence/${made.id}`).expect(204);
    });
  });

  describe('refusing bad uploads without leaving anything behind', () => {
    const upload = () =>
      apprentice
        .post(evidenceUrl())
        .field('title', 'Upload')
        .field('kind', 'other')
        .field('activityDate', '2026-03-03');

    it('answers 400 to malformed multipart', async () => {
      await refused(
        () =>
          apprentice
            .post(evidenceUrl())
            .set('Content-Type', 'multipart/form-data; boundary=XYZ')
            .send(
              '--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n\r\n%PDF-1.4 trunc',
            ),
        400,
        'MALFORMED_REQUEST',
      );
    });

    it('answers 413 to a file over the limit', async () => {
      await refused(
        () =>
          upload().attach('files', Buffer.concat([PDF, Buffer.alloc(1_200_000, 0x20)]), 'big.pdf'),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });

    it('answers 422 to too many files', async () => {
      const res = await refused(
        () =>
          upload()
            .attach('files', PDF, '1.pdf')
            .attach('files', PDF, '2.pdf')
            .attach('files', PDF, '3.pdf')
            .attach('files', PDF, '4.pdf'),
        422,
        'VALIDATION_FAILED',
      );
      expect(fields(res)).toEqual(['files']);
    });

    it.each([
      ['a Windows program', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 1)]), 'tool.exe'],
      ['a zip archive', zipOf([['a.txt', 'hello']]), 'bundle.zip'],
      ['a PNG named .pdf', png(), 'report.pdf'],
      ['binary content named .txt', Buffer.from([0, 1, 2, 3, 0, 255, 254, 0]), 'notes.txt'],
      ['a PDF named .png', PDF, 'chart.png'],
    ])('answers 415 to %s', async (_label, content, name) => {
      const res = await refused(
        () => upload().attach('files', content, name),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      // The file and why, apart, for a client to say in its own words.
      expect(res.body.details).toEqual({
        field: 'files',
        fileName: name,
        reason: expect.stringMatching(/\S/),
      });
      expect(res.body.message).toBe(`File "${name}": ${res.body.details.reason}`);
    });

    it('answers 422 to an empty file', async () => {
      const res = await refused(
        () => upload().attach('files', Buffer.alloc(0), 'empty.pdf'),
        422,
        'VALIDATION_FAILED',
      );
      expect(fields(res)).toEqual(['files']);
    });

    it.each([
      ['a path separator', 'dir/evil.pdf'],
      ['a backslash', 'dir\\evil.pdf'],
      ['dot-dot', '..'],
      ['300 characters', `${'a'.repeat(296)}.pdf`],
    ])('answers 422 to a file name with %s', async (_label, name) => {
      await refused(
        () =>
          upload().attach('files', PDF, {
            // form-data would reduce `filename` to its basename; `filepath` is sent as given.
            filepath: name,
            contentType: 'application/pdf',
          } as unknown as { filename: string }),
        422,
        'VALIDATION_FAILED',
      );
    });

    it('refuses a control character in a file name, raw (400) or encoded (422)', async () => {
      const raw = await refused(
        () =>
          upload().attach('files', PDF, {
            filename: 'bad\u0007name.pdf',
            contentType: 'application/pdf',
          }),
        400,
      );
      expect(raw.body.code).toBe('MALFORMED_REQUEST');
      const body = Buffer.concat([
        Buffer.from(
          '--B\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n' +
            '--B\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n' +
            '--B\r\nContent-Disposition: form-data; name="activityDate"\r\n\r\n2026-03-03\r\n' +
            `--B\r\nContent-Disposition: form-data; name="files"; filename*=UTF-8''bad%07name.pdf\r\n` +
            'Content-Type: application/pdf\r\n\r\n',
        ),
        PDF,
        Buffer.from('\r\n--B--\r\n'),
      ]);
      const encoded = await refused(
        () =>
          apprentice
            .post(evidenceUrl())
            .set('Content-Type', 'multipart/form-data; boundary=B')
            .send(body),
        422,
        'VALIDATION_FAILED',
      );
      expect(fields(encoded)).toEqual(['files']);
    });

    it('deletes stored files when the fields are invalid', async () => {
      await refused(
        () =>
          apprentice
            .post(evidenceUrl())
            .field('kind', 'other')
            .field('activityDate', '2026-03-03')
            .attach('files', PDF, 'ok.pdf'),
        422,
        'VALIDATION_FAILED',
      );
    });

    it("deletes stored files when the apprenticeship is someone else's", async () => {
      await refused(
        () =>
          as(t, b.apprentice.token)
            .post(evidenceUrl())
            .field('title', 'x')
            .field('kind', 'other')
            .field('activityDate', '2026-03-03')
            .attach('files', PDF, 'ok.pdf'),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('files on existing evidence', () => {
    it('adds, downloads with the stored type and a safe name, and removes files', async () => {
      const ev = (await createJson({ title: 'With files later' }).expect(201)).body;
      const added = await apprentice
        .post(`/api/evidence/${ev.id}/files`)
        .attach('files', png(), { filename: 'chart «final».png', contentType: 'text/html' })
        .expect(201);
      const file = added.body.files[0];
      expect(file.mediaType).toBe('image/png');
      const dl = await provider
        .get(`/api/evidence/${ev.id}/files/${file.id}`)
        .buffer(true)
        .expect(200);
      expect(dl.headers['content-type']).toBe('image/png');
      expect(dl.headers['x-content-type-options']).toBe('nosniff');
      expect(dl.headers['content-disposition']).toBe(
        `attachment; filename="chart _final_.png"; filename*=UTF-8''chart%20%C2%ABfinal%C2%BB.png`,
      );
      expect(Buffer.compare(dl.body as Buffer, png())).toBe(0);
      await as(t, b.provider.token).get(`/api/evidence/${ev.id}/files/${file.id}`).expect(404);
      await as(t, assessorToken).get(`/api/evidence/${ev.id}/files/${file.id}`).expect(404);
      const before = (await state()).files.length;
      await apprentice.delete(`/api/evidence/${ev.id}/files/${file.id}`).expect(204);
      expect((await state()).files.length).toBe(before - 1);
      await provider.get(`/api/evidence/${ev.id}/files/${file.id}`).expect(404);
    });

    it('refuses an add without files', async () => {
      const ev = (await createJson().expect(201)).body;
      await refused(() => apprentice.post(`/api/evidence/${ev.id}/files`).field('x', 'y'), 422);
    });
  });

  describe('tags and review', () => {
    let evidenceId: string;
    beforeAll(async () => {
      evidenceId = (await createJson({ title: 'Tagged work' }).expect(201)).body.id;
    });
    const tags = (body: unknown) =>
      apprentice.put(`/api/evidence/${evidenceId}/tags`).send(body as object);

    it('names each unknown, duplicate or foreign code and each missing justification', async () => {
      const res = await refused(
        () =>
          tags([
            { code: 'K5', justification: 'ok' },
            { code: 'K99', justification: 'unknown' },
            { code: 'K5', justification: 'again' },
            { code: 'K40', justification: 'from another standard' },
          ]),
        422,
      );
      expect(fields(res)).toEqual(['tags.1.code', 'tags.2.code', 'tags.3.code']);
      const missing = await refused(
        () => tags([{ code: 'K5' }, { code: 'S1', justification: '  ' }]),
        422,
      );
      expect(fields(missing)).toEqual(['tags.0.justification', 'tags.1.justification']);
      expect(fields(await refused(() => tags({ code: 'K5' }), 422))).toEqual(['tags']);
    });

    it('tags KSBs and duties, submits, and refuses wrong transitions with 409', async () => {
      await apprentice.post(`/api/evidence/${evidenceId}/submit`).expect(422);
      const tagged = await tags([
        { code: 'K5', justification: 'Compares supervised methods' },
        { code: 'S3', justification: 'Feature engineering' },
        { code: 'D3', justification: 'Prototype in pre-production' },
      ]).expect(200);
      expect(
        tagged.body.tags.map((x: { code: string; status: string }) => [x.code, x.status]),
      ).toEqual([
        ['K5', 'claimed'],
        ['S3', 'claimed'],
        ['D3', 'claimed'],
      ]);
      await refused(
        () =>
          provider
            .post(`/api/evidence/${evidenceId}/review`)
            .send({ decisions: [], outcome: 'changes_requested' }),
        409,
        'CONFLICT',
      );
      await apprentice.post(`/api/evidence/${evidenceId}/submit`).expect(200);
      await refused(() => apprentice.post(`/api/evidence/${evidenceId}/submit`), 409, 'CONFLICT');
    });

    it('lets only a provider of the tenant review, with reasons for rejections', async () => {
      const body = {
        decisions: [{ code: 'K5', decision: 'accepted' }],
        outcome: 'changes_requested',
      };
      await refused(
        () => apprentice.post(`/api/evidence/${evidenceId}/review`).send(body),
        403,
        'FORBIDDEN',
      );
      await refused(
        () => as(t, a.employer.token).post(`/api/evidence/${evidenceId}/review`).send(body),
        403,
      );
      await refused(
        () => as(t, b.provider.token).post(`/api/evidence/${evidenceId}/review`).send(body),
        404,
      );
      const noReason = await refused(
        () =>
          provider.post(`/api/evidence/${evidenceId}/review`).send({
            decisions: [{ code: 'S3', decision: 'rejected' }],
            outcome: 'changes_requested',
          }),
        422,
      );
      expect(fields(noReason)).toEqual(['decisions.0.reason']);
      const undecided = await refused(
        () =>
          provider
            .post(`/api/evidence/${evidenceId}/review`)
            .send({ decisions: [{ code: 'K5', decision: 'accepted' }], outcome: 'accepted' }),
        422,
      );
      expect(fields(undecided)).toEqual(['decisions']);
    });

    it('records decisions, keeps edits in changes_requested until resubmitted, and accepts it', async () => {
      const reviewed = await provider
        .post(`/api/evidence/${evidenceId}/review`)
        .send({
          decisions: [
            { code: 'K5', decision: 'accepted' },
            { code: 'S3', decision: 'rejected', reason: 'No code shown' },
          ],
          outcome: 'changes_requested',
          comment: 'Please add the feature code',
        })
        .expect(200);
      expect(reviewed.body.status).toBe('changes_requested');
      expect(reviewed.body.tags.find((x: { code: string }) => x.code === 'S3')).toMatchObject({
        status: 'rejected',
        reason: 'No code shown',
        decidedBy: { id: a.provider.id },
      });
      const changed = await apprentice
        .patch(`/api/evidence/${evidenceId}`)
        .send({ description: 'Now with code' })
        .expect(200);
      // Several edits, then one submit: an edit alone does not send it back to the reviewer.
      expect(changed.body.status).toBe('changes_requested');
      expect(changed.body.tags.find((x: { code: string }) => x.code === 'S3').status).toBe(
        'rejected',
      );
      const resubmitted = await apprentice.post(`/api/evidence/${evidenceId}/submit`).expect(200);
      expect(resubmitted.body.status).toBe('submitted');
      expect(resubmitted.body.tags.map((x: { status: string }) => x.status)).toEqual([
        'claimed',
        'claimed',
        'claimed',
      ]);
      const seen = await provider.get(`/api/evidence/${evidenceId}`).expect(200);
      expect(seen.body.changesSinceReview).toMatchObject({
        reviewedBy: { id: a.provider.id },
        fields: [{ field: 'description', after: 'Now with code' }],
        tags: [],
      });

      const accepted = await provider
        .post(`/api/evidence/${evidenceId}/review`)
        .send({
          decisions: [
            { code: 'K5', decision: 'accepted' },
            { code: 'S3', decision: 'accepted' },
            { code: 'D3', decision: 'rejected', reason: 'Not in pre-production' },
          ],
          outcome: 'accepted',
        })
        .expect(200);
      expect(accepted.body.status).toBe('accepted');
      await refused(
        () => apprentice.patch(`/api/evidence/${evidenceId}`).send({ title: 'Sneaky' }),
        409,
        'CONFLICT',
      );
      await refused(() => apprentice.delete(`/api/evidence/${evidenceId}`), 409, 'CONFLICT');
      await refused(() => tags([{ code: 'K1', justification: 'late' }]), 409, 'CONFLICT');
    });

    it('keeps a comment thread for apprentice, provider and employer', async () => {
      await as(t, a.employer.token)
        .post(`/api/evidence/${evidenceId}/comments`)
        .send({ body: 'Confirmed: Zoë built this.' })
        .expect(201);
      await refused(
        () =>
          as(t, b.employer.token).post(`/api/evidence/${evidenceId}/comments`).send({ body: 'x' }),
        404,
      );
      const thread = await apprentice.get(`/api/evidence/${evidenceId}/comments`).expect(200);
      expect(
        thread.body.items.map((c: { body: string; author: { role: string } }) => [
          c.author.role,
          c.body,
        ]),
      ).toEqual([
        ['provider', 'Please add the feature code'],
        ['employer', 'Confirmed: Zoë built this.'],
      ]);
    });

    it('filters and pages the list', async () => {
      const byCriterion = await apprentice.get(`${evidenceUrl()}?criterion=S3`).expect(200);
      expect(byCriterion.body.items.map((e: { id: string }) => e.id)).toEqual([evidenceId]);
      const accepted = await provider.get(`${evidenceUrl()}?status=accepted`).expect(200);
      expect(accepted.body.total).toBe(1);
      const all = await provider.get(`${evidenceUrl()}?limit=200`).expect(200);
      const refs = all.body.items.map((e: { reference: string }) => e.reference);
      expect(refs).toEqual(
        [...refs].sort((x: string, y: string) => Number(x.slice(1)) - Number(y.slice(1))),
      );
      const page = await provider.get(`${evidenceUrl()}?limit=2&offset=1`).expect(200);
      expect(page.body.items.map((e: { reference: string }) => e.reference)).toEqual(
        refs.slice(1, 3),
      );
      expect(page.body.total).toBe(refs.length);
      await as(t, assessorToken).get(evidenceUrl()).expect(404);
      await as(t, b.provider.token).get(evidenceUrl()).expect(404);
    });

    it('records every step in the audit trail with before and after', async () => {
      const res = await provider
        .get(`/api/apprenticeships/${a.apprenticeshipId}/audit?limit=200`)
        .expect(200);
      const mine = res.body.items.filter((e: { entityId: string }) => e.entityId === evidenceId);
      expect(mine.map((e: { action: string }) => e.action).reverse()).toEqual([
        'evidence.created',
        'evidence.tags_set',
        'evidence.submitted',
        'evidence.reviewed',
        'evidence.updated',
        'evidence.submitted',
        'evidence.reviewed',
      ]);
      const updated = mine.find((e: { action: string }) => e.action === 'evidence.updated');
      expect(updated.before.description).toBe('');
      expect(updated.after.description).toBe('Now with code');
      expect(updated.actor.id).toBe(a.apprentice.id);
      await as(t, assessorToken)
        .get(`/api/apprenticeships/${a.apprenticeshipId}/audit`)
        .expect(404);
      await as(t, b.provider.token)
        .get(`/api/apprenticeships/${a.apprenticeshipId}/audit`)
        .expect(404);
      await expect(t.dataSource.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    });
  });

  it("answers 404 to every action on another tenant's evidence", async () => {
    const ev = (await createJson({ title: 'Private' }).expect(201)).body;
    const other = as(t, b.apprentice.token);
    await refused(() => other.get(`/api/evidence/${ev.id}`), 404, 'NOT_FOUND');
    await refused(() => other.patch(`/api/evidence/${ev.id}`).send({ title: 'x' }), 404);
    await refused(() => other.delete(`/api/evidence/${ev.id}`), 404);
    await refused(() => other.put(`/api/evidence/${ev.id}/tags`).send([]), 404);
    await refused(() => other.post(`/api/evidence/${ev.id}/submit`), 404);
    await refused(
      () => other.post(`/api/evidence/${ev.id}/files`).attach('files', PDF, 'x.pdf'),
      404,
    );
    await refused(() => as(t, assessorToken).get(`/api/evidence/${ev.id}`), 404);
    await refused(
      () => provider.patch(`/api/evidence/${ev.id}`).send({ title: 'x' }),
      403,
      'FORBIDDEN',
    );
  });

  it('sweeps orphan files but keeps referenced ones', async () => {
    const id = randomUUID();
    const orphanDir = join(t.config.uploads.dir, id.slice(0, 2), id.slice(2, 4));
    await mkdir(orphanDir, { recursive: true });
    const orphan = join(orphanDir, id);
    await writeFile(orphan, 'left by a crash');
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(orphan, old, old);
    const before = await filesUnder(t.config.uploads.dir);
    const result = await t.app.get(EvidenceOrphanSweeper).sweep();
    expect(result.deleted).toBe(1);
    await expect(stat(orphan)).rejects.toThrow();
    expect(await filesUnder(t.config.uploads.dir)).toEqual(before.filter((f) => f !== orphan));
  });
});
