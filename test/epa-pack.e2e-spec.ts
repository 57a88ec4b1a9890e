import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { PortfolioContent } from '../src/modules/portfolio/portfolio-content.js';
import { PortfolioService } from '../src/modules/portfolio/portfolio.service.js';
import { csv, notebook, reportPdf, script } from './support/epa-samples.js';
import {
  ADMIN,
  as,
  createAssessor,
  createTenant,
  login,
  Tenant,
  Person,
  signInPages,
  binary,
} from './support/factories.js';
import { readAttachments, readPdf } from './support/pdf-tools.js';
import { png } from './support/sample-files.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { readZip } from './support/zip-reader.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('The EPA pack: the gateway PDF carries the evidence, and the ZIP of originals', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let assessor: Person;
  let snapshot: { id: string; contentSha256: string; pdfSha256: string; evidence: string[] };
  const uploaded = new Map<string, Buffer>();

  beforeAll(async () => {
    t = await createTestApp();
    const adminToken = await login(t, ADMIN.email, ADMIN.password);
    assessor = await createAssessor(t, adminToken);
    a = await createTenant(t, adminToken, { assessorId: assessor.id });
    b = await createTenant(t, adminToken);
    const files: [string, Buffer][] = [
      ['evaluation.ipynb', notebook()],
      ['train.py', script(40)],
      ['churn.csv', csv(8)],
      ['report.pdf', await reportPdf(2)],
      ['architecture.png', png(2000)],
    ];
    const post = as(t, a.apprentice.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
      .field('title', 'Churn model: évaluation')
      .field('kind', 'project')
      .field('activityDate', '2026-02-02')
      .field('description', 'The notebook and the code are the evidence.');
    for (const [name, bytes] of files) {
      post.attach('files', bytes, name);
      uploaded.set(name, bytes);
    }
    const { body } = await post.expect(201);
    const id = body.id as string;
    await as(t, a.apprentice.token)
      .put(`/api/evidence/${id}/tags`)
      .send([{ code: 'K1', justification: 'The notebook evaluates two models' }])
      .expect(200);
    await as(t, a.apprentice.token).post(`/api/evidence/${id}/submit`).expect(200);
    await as(t, a.provider.token)
      .post(`/api/evidence/${id}/review`)
      .send({ decisions: [{ code: 'K1', decision: 'accepted' }], outcome: 'accepted' })
      .expect(200);
    for (const who of [a.apprentice, a.employer, a.provider]) {
      await as(t, who.token)
        .post(`/api/apprenticeships/${a.apprenticeshipId}/gateway/declarations`)
        .expect(200);
    }
    const frozen = await as(t, a.provider.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/gateway`)
      .send({ overrideReason: 'The rest is assessed in the professional discussion' })
      .expect(201);
    snapshot = frozen.body;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const pdf = async () =>
    (
      await binary(as(t, assessor.token).get(`/api/snapshots/${snapshot.id}/portfolio.pdf`)).expect(
        200,
      )
    ).body as Buffer;
  const zip = async (token = assessor.token) =>
    (await binary(as(t, token).get(`/api/snapshots/${snapshot.id}/portfolio.zip`)).expect(200))
      .body as Buffer;

  it('embeds every original file, named by evidence, with its SHA-256', async () => {
    const attachments = await readAttachments(await pdf());
    expect(attachments.map((x) => x.name).sort()).toEqual(
      [...uploaded.keys()].map((name) => `E1/${name}`).sort(),
    );
    for (const [name, bytes] of uploaded) {
      const found = attachments.find((x) => x.name === `E1/${name}`)!;
      expect(found.content.equals(bytes)).toBe(true);
      expect(found.description).toContain(sha256(bytes));
    }
  });

  it('reads the notebook, the code and the appended report in place, and says it was an override', async () => {
    const pages = (await readPdf(await pdf())).pageTexts().map(flat);
    const all = pages.join('\n');
    expect(all).toContain('In [3]:');
    expect(all).toContain('(7043, 21)');
    expect(all).toContain('epoch 1 loss 0.41');
    expect(all).toContain('Output image 1');
    expect(all).toContain('def train(x, y):');
    expect(all).toContain('monthly, charges');
    const appended = pages.filter((p) => p.includes('Evaluation report: report page'));
    expect(appended).toHaveLength(2);
    appended.forEach((p) => expect(p).toMatch(/Page \d+ of \d+/));
    expect(pages[0]).toContain('Frozen by override');
    expect(pages[0]).toContain('The rest is assessed in the professional discussion');
    expect(all).not.toContain('has met the gateway requirements');
    expect(all).not.toContain('No evidence yet');
  });

  it('renders the snapshot again to the same bytes', async () => {
    const [row] = await t.dataSource.query(
      'SELECT content FROM portfolio_snapshots WHERE id = $1',
      [snapshot.id],
    );
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    await t.app.get(PortfolioService).render(row.content as PortfolioContent, sink);
    expect(sha256(Buffer.concat(chunks))).toBe(snapshot.pdfSha256);
  });

  it('serves the ZIP: the PDF, the originals by evidence, the mapping and a checksummed manifest', async () => {
    const bytes = await zip();
    const entries = readZip(bytes);
    const names = entries.map((e) => e.name);
    const folder = 'E1-churn-model-évaluation';
    expect(names).toEqual([
      expect.stringMatching(/^portfolio-\d{10}-gateway-\d{4}-\d{2}-\d{2}\.pdf$/),
      ...[...uploaded.keys()].sort().map((n) => `${folder}/${n}`),
      'ksb-mapping.csv',
      'manifest.json',
    ]);
    expect(sha256(entries[0].content)).toBe(snapshot.pdfSha256);
    for (const [name, content] of uploaded) {
      expect(entries.find((e) => e.name === `${folder}/${name}`)!.content.equals(content)).toBe(
        true,
      );
    }
    const manifest = JSON.parse(entries.at(-1)!.content.toString('utf8'));
    expect(manifest.snapshot).toMatchObject({
      id: snapshot.id,
      contentSha256: snapshot.contentSha256,
      overrideReason: 'The rest is assessed in the professional discussion',
    });
    expect(manifest.pdf.sha256).toBe(snapshot.pdfSha256);
    expect(manifest.evidence[0].folder).toBe(folder);
    for (const file of manifest.evidence[0].files) {
      const entry = entries.find((e) => e.name === file.path)!;
      expect(sha256(entry.content)).toBe(file.sha256);
    }
    const mapping = entries.find((e) => e.name === 'ksb-mapping.csv')!.content.toString('utf8');
    expect(sha256(Buffer.from(mapping))).toBe(manifest.mapping.sha256);
    expect(mapping).toContain('Code,Kind,Criterion,Coverage,E1');
    expect(mapping).toMatch(/\r\nK1,knowledge,.*,evidenced,accepted\r\n/);
  });

  it('gives identical bytes on every download, and records each one', async () => {
    const first = await zip();
    const second = await zip(a.provider.token);
    expect(Buffer.compare(first, second)).toBe(0);
    const audit = await as(t, a.provider.token)
      .get(`/api/apprenticeships/${a.apprenticeshipId}/audit`)
      .expect(200);
    const actions = audit.body.items.map((i: { action: string }) => i.action);
    expect(actions).toContain('snapshot.archive_downloaded');
  });

  it("offers the pack on the assessor's page, with the same bytes as the API", async () => {
    const { agent } = await signInPages(t, assessor);
    const assigned = await agent.get(`/assigned/${a.apprenticeshipId}`).expect(200);
    const link = `/assigned/snapshots/${snapshot.id}/portfolio.zip`;
    expect(assigned.text).toContain(`href="${link}"`);
    // Frozen by override: the page says so, as the PDF does, with what is missing and why.
    const text = flat(assigned.text.replace(/<[^>]+>/g, ' '));
    expect(text).toMatch(/Frozen by override: \d+ criteria were not evidenced \(K2, K3, /);
    expect(text).toContain(
      'The provider’s reason: The rest is assessed in the professional discussion',
    );
    // Whose portfolio it is, as frozen, and every piece of evidence in it, with files or not.
    expect(text).toMatch(/ULN \d{10} Standard ST1398 /);
    expect(text).toMatch(/Criteria evidenced \d+ of 79, by the evidence frozen here/);
    const rows = [...assigned.text.matchAll(/<tr class="govuk-table__row">\s*<th scope="row"/g)];
    expect(rows).toHaveLength(snapshot.evidence.length);
    const res = await binary(agent.get(link)).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(Buffer.compare(res.body as Buffer, await zip())).toBe(0);
  });

  it('lets the assessor read the frozen notebook and code in the page, audited', async () => {
    const { agent } = await signInPages(t, assessor);
    const assigned = await agent.get(`/assigned/${a.apprenticeshipId}`).expect(200);
    const reads = [...assigned.text.matchAll(/href="([^"]+\/read)"/g)].map((m) => m[1]);
    // The notebook, the script and the CSV; the report and the picture show in the PDF.
    expect(reads).toHaveLength(3);
    const pages = await Promise.all(reads.map(async (href) => (await agent.get(href)).text));
    const notebookPage = pages.find((p) => p.includes('evaluation.ipynb'))!;
    expect(notebookPage).toContain('In [3]:');
    expect(notebookPage).toMatch(/src="data:image\/png;base64,/);
    expect(notebookPage).toContain(`href="/assigned/${a.apprenticeshipId}"`);
    // The picture has no reading: its address answers 404.
    const picture = /href="([^"]+)">architecture\.png</.exec(assigned.text)![1];
    await agent.get(`${picture}/read`).expect(404);
    const { body } = await as(t, a.provider.token)
      .get(`/api/apprenticeships/${a.apprenticeshipId}/audit`)
      .expect(200);
    const opened = (body.items as { action: string; after?: { name?: string } }[]).filter(
      (i) => i.action === 'snapshot.file_downloaded' && i.after?.name === 'evaluation.ipynb',
    );
    expect(opened.length).toBeGreaterThan(0);
    // Another tenant's provider: the frozen file is not there for them.
    const other = await signInPages(t, b.provider);
    await other.agent.get(reads[0]).expect(404);
  });

  it("keeps the MD5s a PDF computed, and the next PDF's CheckSums are those", async () => {
    const draft = async () =>
      (
        await binary(
          as(t, a.apprentice.token).get(`/api/apprenticeships/${a.apprenticeshipId}/portfolio.pdf`),
        ).expect(200)
      ).body as Buffer;
    const kept = () =>
      t.dataSource.query<{ id: string; name: string; md5: string | null }[]>(
        `SELECT f.id, f.original_name AS name, encode(f.md5, 'hex') AS md5 FROM evidence_files f
         JOIN evidence e ON e.id = f.evidence_id WHERE e.apprenticeship_id = $1`,
        [a.apprenticeshipId],
      );
    await t.dataSource.query(
      `UPDATE evidence_files SET md5 = NULL
       WHERE evidence_id IN (SELECT id FROM evidence WHERE apprenticeship_id = $1)`,
      [a.apprenticeshipId],
    );
    await draft();
    // Kept once the rendering has finished, which is after the answer's last byte has gone.
    let rows = await kept();
    for (let i = 0; i < 100 && rows.some((r) => r.md5 === null); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      rows = await kept();
    }
    const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
    expect(rows.map((r) => [r.name, r.md5]).sort()).toEqual(
      [...uploaded].map(([name, bytes]) => [name, md5(bytes)]).sort(),
    );
    // The next PDF takes the kept MD5 rather than hashing the file again: a changed one shows.
    const png = rows.find((r) => r.name === 'architecture.png')!;
    await t.dataSource.query(`UPDATE evidence_files SET md5 = $2 WHERE id = $1`, [
      png.id,
      Buffer.alloc(16, 0xab),
    ]);
    const sums = [...(await draft()).toString('latin1').matchAll(/\/CheckSum <(\w{32})>/g)];
    expect(sums.map((m) => m[1]).sort()).toEqual(
      rows.map((r) => (r === png ? 'ab'.repeat(16) : r.md5)).sort(),
    );
    await t.dataSource.query(`UPDATE evidence_files SET md5 = $2 WHERE id = $1`, [
      png.id,
      Buffer.from(png.md5!, 'hex'),
    ]);
  });

  it('is 404 for another tenant and for a snapshot that does not exist', async () => {
    await as(t, b.provider.token).get(`/api/snapshots/${snapshot.id}/portfolio.zip`).expect(404);
    await as(t, assessor.token)
      .get('/api/snapshots/00000000-0000-4000-8000-000000000000/portfolio.zip')
      .expect(404);
  });
});
