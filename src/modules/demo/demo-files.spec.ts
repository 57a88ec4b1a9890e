import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { LocalDiskStorage } from '../storage/local-disk.storage.js';
import { DEFAULT_ALLOWED_MEDIA_TYPES } from '../storage/upload/media-types.js';
import { UploadStorageEngine } from '../storage/upload/upload-storage.engine.js';
import { demoFiles } from './demo-files.js';

const KINDS = ['report', 'code', 'witness_testimony'] as const;

describe('the demo evidence’s files', () => {
  let dir: string;
  let engine: UploadStorageEngine;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ksb-demo-files-'));
    engine = new UploadStorageEngine(new LocalDiskStorage(dir), {
      maxFileBytes: 5 * 1024 * 1024,
      allowedMediaTypes: new Set(DEFAULT_ALLOWED_MEDIA_TYPES),
      maxImagePixels: 40_000_000,
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('pass the upload engine as the types an apprentice uploads', async () => {
    const stored = [];
    for (const kind of KINDS) {
      for (const { name, bytes } of await demoFiles(kind)) {
        const part = { fieldname: 'files', originalname: name, stream: Readable.from([bytes]) };
        stored.push(await engine.store(part as Express.Multer.File));
      }
    }
    expect(stored.map((s) => [s.originalName, s.mediaType])).toEqual([
      ['churn-evaluation-report.pdf', 'application/pdf'],
      ['model-comparison.csv', 'text/csv'],
      ['churn-features-v2.ipynb', 'application/x-ipynb+json'],
      ['churn_features.py', 'text/x-python'],
      ['fairness-workshop-whiteboard.jpg', 'image/jpeg'],
    ]);
  });

  it('are the same bytes on every run', async () => {
    for (const kind of KINDS) {
      const [first, second] = await Promise.all([demoFiles(kind), demoFiles(kind)]);
      const base64 = (files: { bytes: Buffer }[]) => files.map((f) => f.bytes.toString('base64'));
      expect(base64(second)).toEqual(base64(first));
    }
  });

  it('carry what the PDF renders: report pages, a notebook plot, a photo to turn upright', async () => {
    const [report] = await demoFiles('report');
    expect((await PDFDocument.load(report.bytes)).getPageCount()).toBe(2);

    const [notebook] = await demoFiles('code');
    const cells = (
      JSON.parse(notebook.bytes.toString()) as {
        cells: { outputs?: { data?: Record<string, string> }[] }[];
      }
    ).cells;
    const plots = cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.['image/png']);
    expect(plots).toHaveLength(1);
    const png = Buffer.from(plots[0].data!['image/png'], 'base64');
    const plot = await sharp(png).metadata();
    expect([plot.format, plot.width, plot.height]).toEqual(['png', 640, 420]);
    // Labelled: ink in the band of the title (top) and of the x axis's label (bottom).
    const inked = async (top: number, height: number) => {
      const band = sharp(png).extract({ left: 0, top, width: 640, height }).greyscale();
      return (await band.raw().toBuffer()).filter((v) => v < 128).length;
    };
    expect(await inked(8, 22)).toBeGreaterThan(200);
    expect(await inked(395, 20)).toBeGreaterThan(100);

    const [photo] = await demoFiles('witness_testimony');
    const meta = await sharp(photo.bytes).metadata();
    // Stored on its side, as a phone held upright writes it: orientation 6 turns it landscape.
    expect([meta.width, meta.height, meta.orientation]).toEqual([1200, 1600, 6]);
  });
});
