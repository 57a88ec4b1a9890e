/**
 * Page copies of large images: made once after the upload (in the background), kept in storage,
 * drawn by every PDF after that (no sharp), the same PDF bytes whether the copy was made during
 * the rendering or read back, and gone with the last file of their source.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Readable, Writable } from 'node:stream';
import sharp from 'sharp';
import { EvidenceOrphanSweeper } from '../src/modules/evidence/evidence-orphans.js';
import { renderPortfolio } from '../src/modules/portfolio/pdf/portfolio-renderer.js';
import type { PortfolioContent } from '../src/modules/portfolio/portfolio-content.js';
import { PortfolioService } from '../src/modules/portfolio/portfolio.service.js';
import { FileStorage } from '../src/modules/storage/storage.js';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { makePng, sha256 } from './support/portfolio-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';

interface CopyRow {
  storage_key: string;
  size: string;
  max_pixels: number;
}

const widths = (pdf: Buffer) =>
  [...pdf.toString('latin1').matchAll(/\/Width (\d+)/g)].map((m) => Number(m[1]));

function collect(): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

describe('Page copies of large images', () => {
  let t: TestApp;
  let tenant: Tenant;
  let storage: FileStorage;
  let portfolio: PortfolioService;
  let photo: Buffer;
  const uploads: string[] = [];

  const upload = async (bytes: Buffer, name: string): Promise<string> => {
    const res = await as(t, tenant.apprentice.token)
      .post(`/api/apprenticeships/${tenant.apprenticeshipId}/evidence`)
      .field('title', `Photo ${name}`)
      .field('kind', 'report')
      .field('activityDate', '2026-03-01')
      .attach('files', bytes, name)
      .expect(201);
    return res.body.id as string;
  };
  const copies = (bytes: Buffer) =>
    t.dataSource.query<CopyRow[]>(
      'SELECT storage_key, size, max_pixels FROM page_images WHERE source_sha256 = $1',
      [sha256(bytes)],
    );
  const render = async (content: PortfolioContent): Promise<Buffer> => {
    const { sink, bytes } = collect();
    await portfolio.render(content, sink);
    return bytes();
  };

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
    storage = t.app.get(FileStorage);
    portfolio = t.app.get(PortfolioService);
    // 3000 × 2000: over the 2,000 px edge, so the page gets a copy.
    photo = await sharp(makePng(3000, 2000, 31, 40))
      .jpeg({ quality: 80 })
      .toBuffer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('makes the copy of a large photo after its upload, in the background', async () => {
    uploads.push(await upload(photo, 'site.jpg'));
    let rows: CopyRow[] = [];
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = await copies(photo);
    }
    expect(rows).toHaveLength(1);
    expect(rows[0].max_pixels).toBe(t.config.uploads.maxImagePixels);
    const kept = await storage.readBuffer(rows[0].storage_key);
    expect(Number(rows[0].size)).toBe(kept.length);
    expect(await sharp(kept).metadata()).toMatchObject({ format: 'jpeg', width: 2000 });
    // A small picture is drawn as it is: no copy.
    const small = await sharp(makePng(400, 300, 32))
      .jpeg()
      .toBuffer();
    await upload(small, 'small.jpg');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await copies(small)).toEqual([]);
  });

  it('draws the stored copy: replaced under its key, the PDF shows the replacement', async () => {
    const [row] = await copies(photo);
    const kept = await storage.readBuffer(row.storage_key);
    const stand_in = await sharp(makePng(321, 123, 33))
      .jpeg()
      .toBuffer();
    await storage.write(row.storage_key, Readable.from([stand_in]));
    try {
      const { content } = await portfolio.draft(tenant.apprenticeshipId);
      const pdf = await render(content);
      expect(widths(pdf)).toContain(321);
      expect(widths(pdf)).not.toContain(2000);
      expect(pdf.includes(stand_in)).toBe(true);
    } finally {
      await storage.write(row.storage_key, Readable.from([kept]));
    }
  });

  it('gives the same bytes whether the copy is made while rendering or read back', async () => {
    const { content } = await portfolio.draft(tenant.apprenticeshipId);
    const fromStorage = await render(content);
    const [before] = await copies(photo);
    expect(fromStorage.includes(await storage.readBuffer(before.storage_key))).toBe(true);
    // No copy: the rendering makes it (and keeps a new one).
    await t.dataSource.query('DELETE FROM page_images');
    await storage.delete(before.storage_key);
    const madeNow = await render(content);
    expect(madeNow.equals(fromStorage)).toBe(true);
    const [after] = await copies(photo);
    expect(after.storage_key).not.toBe(before.storage_key);
    expect(await storage.exists(after.storage_key)).toBe(true);
    // And as a PDF worker shrinks an image when it is given no copy at all.
    const doc = portfolio.documentOf(content);
    for (const file of doc.evidence.flatMap((e) => e.files)) delete file.pageCopy;
    const { sink, bytes } = collect();
    await renderPortfolio(doc, portfolio.pdfTemplate, sink, portfolio.renderOptions);
    expect(bytes().equals(fromStorage)).toBe(true);
  });

  it('keeps the copy while any file has the photo, and deletes it with the last', async () => {
    const again = await upload(photo, 'same-photo.jpg');
    const [row] = await copies(photo);
    await as(t, tenant.apprentice.token).delete(`/api/evidence/${uploads[0]}`).expect(204);
    expect(await copies(photo)).toEqual([row]);
    await t.app.get(EvidenceOrphanSweeper).sweep(0);
    expect(await storage.exists(row.storage_key)).toBe(true);
    await as(t, tenant.apprentice.token).delete(`/api/evidence/${again}`).expect(204);
    expect(await copies(photo)).toEqual([]);
    expect(await storage.exists(row.storage_key)).toBe(false);
  });

  it('the sweep deletes a copy whose files went without it (a cascade)', async () => {
    const other = await sharp(makePng(2600, 1800, 34, 40))
      .jpeg({ quality: 80 })
      .toBuffer();
    const id = await upload(other, 'other.jpg');
    const { content } = await portfolio.draft(tenant.apprenticeshipId);
    await render(content); // made now, if the background has not made it yet
    const [row] = await copies(other);
    expect(row).toBeDefined();
    await t.dataSource.query('DELETE FROM evidence WHERE id = $1', [id]);
    expect(await copies(other)).toHaveLength(1);
    await t.app.get(EvidenceOrphanSweeper).sweep(0);
    expect(await copies(other)).toEqual([]);
    expect(await storage.exists(row.storage_key)).toBe(false);
  });
});
