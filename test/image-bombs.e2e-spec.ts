/**
 * Issue 11, item 2: image bombs. An image whose header claims more than MAX_IMAGE_PIXELS is
 * refused at upload, naming the field, and nothing is kept; one stored before the limit existed
 * is not decoded when a PDF includes it; large images are shrunk (off the event loop) before
 * they go in. Timings and memory under the 12,000² RGBA bomb: bench/hostile-input.bench.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { FileStorage } from '../src/modules/storage/storage.js';
import { jpegHeader, pngBomb } from './support/image-bombs.js';
import { makePng } from './support/portfolio-fixtures.js';
import { readPdf } from './support/pdf-tools.js';
import { ADMIN, as, createTenant, login, Tenant, binary } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { filesUnder } from './support/stored-files.js';

/** Every image's width and height as the PDF declares them. */
function imageEdges(pdf: Buffer): number[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/(?:Width|Height) (\d+)/g)].map((m) => Number(m[1]));
}

describe('Image bombs: refused at upload, never decoded in a PDF', () => {
  let t: TestApp;
  let tenant: Tenant;
  const evidenceUrl = () => `/api/apprenticeships/${tenant.apprenticeshipId}/evidence`;
  const upload = (bytes: Buffer, name: string) =>
    as(t, tenant.apprentice.token)
      .post(evidenceUrl())
      .field('title', `Screenshot ${name}`)
      .field('kind', 'report')
      .field('activityDate', '2026-03-01')
      .attach('files', bytes, name);

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['a PNG of 12,000 × 12,000 pixels', () => pngBomb(12_000, 12_000), 'bomb.png', '12000 × 12000'],
    [
      'a JPEG whose header says 12,000 × 9,000 after 60 KB of EXIF',
      () => Promise.resolve(jpegHeader(12_000, 9_000, 60_000)),
      'bomb.jpg',
      '12000 × 9000',
    ],
  ])('refuses %s at upload, naming the field, keeping nothing', async (_, make, name, size) => {
    const res = await upload(await make(), name);
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 422,
      code: 'VALIDATION_FAILED',
    });
    expect(res.body.details).toEqual([
      { field: 'files', message: expect.stringContaining(`is ${size} pixels`) },
    ]);
    expect(await filesUnder(t.config.uploads.dir)).toEqual([]);
    const rows = await t.dataSource.query('SELECT count(*)::int AS n FROM evidence');
    expect(rows[0].n).toBe(0);
  });

  it('shrinks a large image to at most 2,000 pixels a side before it goes into the PDF', async () => {
    const photo = await sharp(makePng(3000, 2000, 7, 40))
      .jpeg({ quality: 80 })
      .toBuffer();
    await upload(photo, 'photo.jpg').expect(201);
    await upload(makePng(4000, 1000, 3, 0, true), 'transparent.png').expect(201);
    const pdf = await binary(
      as(t, tenant.apprentice.token).get(
        `/api/apprenticeships/${tenant.apprenticeshipId}/portfolio.pdf`,
      ),
    ).expect(200);
    const read = await readPdf(pdf.body as Buffer);
    expect(read.imageCount).toBe(2);
    expect(Math.max(...imageEdges(pdf.body as Buffer))).toBeLessThanOrEqual(2000);
  });

  it('does not decode a bomb stored before the limit existed, and says why in the PDF', async () => {
    const res = await upload(makePng(10, 10), 'innocent.png').expect(201);
    const [{ storage_key: key }] = await t.dataSource.query(
      'SELECT storage_key FROM evidence_files WHERE evidence_id = $1',
      [res.body.id],
    );
    await t.app.get(FileStorage).write(key, Readable.from([await pngBomb(12_000, 12_000)]));
    const pdf = await binary(
      as(t, tenant.apprentice.token).get(
        `/api/apprenticeships/${tenant.apprenticeshipId}/portfolio.pdf`,
      ),
    ).expect(200);
    const text = (await readPdf(pdf.body as Buffer)).pageTexts().join('\n');
    expect(text).toContain('12000 × 12000 pixels, more than the 50 megapixels limit');
    expect(imageEdges(pdf.body as Buffer)).not.toContain(12_000);
  });
});
