/**
 * Issue 18, item 4: PDFs are made in worker threads. The bytes are the main thread's renderer's,
 * a photo used twice is embedded once, a storage failure is the same error it always was, and a
 * burst beyond the workers and the queue answers 503 with Retry-After instead of piling up.
 * Gateway PDFs identical across downloads and re-renderings: test/gateway.e2e-spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { AppError } from '../src/common/errors/app-error.js';
import { renderPortfolio } from '../src/modules/portfolio/pdf/portfolio-renderer.js';
import { loadPortfolioTemplate } from '../src/modules/portfolio/pdf/portfolio-template.js';
import { PortfolioService } from '../src/modules/portfolio/portfolio.service.js';
import { compiledWorkerScript } from '../src/modules/portfolio/workers/pdf-render-pool.js';
import { RENDER_NICENESS } from '../src/modules/portfolio/workers/render-protocol.js';
import { FileStorage } from '../src/modules/storage/storage.js';
import { ADMIN, as, createTenant, login, Tenant, binary } from './support/factories.js';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { readAttachments, readPdf } from './support/pdf-tools.js';
import { makePng } from './support/portfolio-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';

/** A sink that keeps what it is given; `stuck` never takes anything, like a reader that stalled. */
function sink(stuck = false): Writable & { bytes(): Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (stuck) return;
      chunks.push(chunk);
      done();
    },
  });
  return Object.assign(out, { bytes: () => Buffer.concat(chunks) });
}

const imageObjects = (pdf: Buffer) => pdf.toString('latin1').match(/\/Subtype \/Image\b/g)?.length;

describe('PDFs rendered in worker threads', () => {
  let t: TestApp;
  let tenant: Tenant;
  let portfolio: PortfolioService;
  const draftUrl = () => `/api/apprenticeships/${tenant.apprenticeshipId}/portfolio.pdf`;
  const upload = (bytes: Buffer, name: string, to: Tenant = tenant) =>
    as(t, to.apprentice.token)
      .post(`/api/apprenticeships/${to.apprenticeshipId}/evidence`)
      .field('title', `Evidence with ${name}`)
      .field('kind', 'report')
      .field('activityDate', '2026-03-01')
      .attach('files', bytes, name)
      .expect(201);

  beforeAll(async () => {
    // One worker and no queue: the second PDF at once is refused, which the last test needs.
    t = await createTestApp({ PDF_WORKERS: '1', PDF_QUEUE_LIMIT: '0' });
    tenant = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
    portfolio = t.app.get(PortfolioService);
    const photo = makePng(300, 200, 5, 40);
    await upload(photo, 'site-visit.png');
    await upload(photo, 'same-photo-again.png');
    await upload(makePng(120, 80, 6, 0, true), 'diagram.png');
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the compiled worker (the e2e suite runs after the build)', () => {
    expect(compiledWorkerScript()?.pathname).toMatch(/dist\/src\/.*\/render-worker\.js$/);
  });

  it('serves the draft, with the photo attached twice embedded once and drawn twice', async () => {
    const res = await binary(as(t, tenant.apprentice.token).get(draftUrl())).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect((await readPdf(pdf)).imageCount).toBe(3);
    // The photo once; the diagram's colour and its soft mask.
    expect(imageObjects(pdf)).toBe(3);
  });

  it('runs the worker at a lower priority than the threads answering requests (Linux)', () => {
    if (process.platform !== 'linux') return; // the nice value is per thread only there
    const niceOf = (tid: string) =>
      Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
    const nices = readdirSync('/proc/self/task').map(niceOf);
    // The one worker (PDF_WORKERS=1) started with the first PDF; every other thread as it was.
    expect(nices.filter((n) => n === RENDER_NICENESS)).toHaveLength(1);
    expect(niceOf(String(process.pid))).toBe(0);
  });

  it("gives the main thread's renderer's bytes for the same content", async () => {
    const { content } = await portfolio.draft(tenant.apprenticeshipId);
    const inWorker = sink();
    await portfolio.render(content, inWorker);
    const onMainThread = sink();
    const template = await loadPortfolioTemplate(t.config.portfolioTemplate);
    await renderPortfolio(
      portfolio.documentOf(content),
      template,
      onMainThread,
      portfolio.renderOptions,
    );
    expect(inWorker.bytes().length).toBeGreaterThan(10_000);
    expect(inWorker.bytes().equals(onMainThread.bytes())).toBe(true);
  });

  it("gives the main thread's bytes when a file's bytes are drawn too: a JPEG, a PDF's pages", async () => {
    // The worker hands an attachment's bytes on without a copy, once nothing reads them: a JPEG
    // drawn as it is and a PDF's appended pages are read from the very bytes that are attached.
    const other = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
    // Both over 64 KB: smaller writes are joined into one chunk (a copy) before they leave.
    const jpeg = await sharp(makePng(600, 400, 9, 255))
      .jpeg({ quality: 95 })
      .toBuffer();
    const report = await PDFDocument.create({ updateMetadata: false });
    const page = report.addPage([595, 842]);
    page.drawImage(await report.embedPng(makePng(300, 200, 4, 255)), { x: 60, y: 300 });
    page.drawText('Drift report', { x: 60, y: 760, size: 20 });
    const pdf = Buffer.from(await report.save({ useObjectStreams: false }));
    expect(Math.min(jpeg.length, pdf.length)).toBeGreaterThan(64 * 1024);
    for (const [bytes, name] of [
      [jpeg, 'whiteboard.jpg'],
      [pdf, 'drift-report.pdf'],
      [jpeg, 'whiteboard-again.jpg'],
    ] as const) {
      await upload(bytes, name, other);
    }
    const { content } = await portfolio.draft(other.apprenticeshipId);
    const inWorker = sink();
    await portfolio.render(content, inWorker);
    const onMainThread = sink();
    await renderPortfolio(
      portfolio.documentOf(content),
      await loadPortfolioTemplate(t.config.portfolioTemplate),
      onMainThread,
      portfolio.renderOptions,
    );
    expect(inWorker.bytes().equals(onMainThread.bytes())).toBe(true);
    // Every original whole in the worker's PDF, and the report's pages appended from its bytes.
    const attached = await readAttachments(inWorker.bytes());
    expect(attached.map((a) => a.content.equals(jpeg))).toEqual([true, false, true]);
    expect(attached[1].content.equals(pdf)).toBe(true);
    expect((await readPdf(inWorker.bytes())).pageTexts().join('\n')).toContain('Drift report');
  });

  it('fails with the same AppError as the main thread when an image is missing from storage', async () => {
    const { content } = await portfolio.draft(tenant.apprenticeshipId);
    const missing = t.app.get(FileStorage).newKey();
    content.evidence[0].files[0].storageKey = missing;
    const onMainThread = renderPortfolio(
      portfolio.documentOf(content),
      await loadPortfolioTemplate(t.config.portfolioTemplate),
      sink(),
      portfolio.renderOptions,
    ).catch((error: unknown) => error);
    const inWorker = portfolio.render(content, sink()).catch((error: unknown) => error);
    const [main, worker] = await Promise.all([onMainThread, inWorker]);
    expect(main).toBeInstanceOf(AppError);
    expect(worker).toBeInstanceOf(AppError);
    expect(worker).toMatchObject({ code: 'NOT_FOUND', message: (main as AppError).message });
    // The worker is free again.
    await binary(as(t, tenant.apprentice.token).get(draftUrl())).expect(200);
  });

  it('answers 503 with Retry-After while every worker is busy and the queue is full', async () => {
    const { content } = await portfolio.draft(tenant.apprenticeshipId);
    const stalled = sink(true);
    const held = portfolio.render(content, stalled).catch((error: unknown) => error);
    const refused = await as(t, tenant.apprentice.token).get(draftUrl()).expect(503);
    expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused.headers['retry-after']).toBe('5');
    stalled.destroy();
    expect(await held).toBeInstanceOf(Error);
    await binary(as(t, tenant.apprentice.token).get(draftUrl())).expect(200);
  });
});
