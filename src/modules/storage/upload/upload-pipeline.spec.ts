/**
 * End to end through real Nest + multer + busboy + disk: the behaviour a feature controller gets
 * from FilesInterceptor('files') once StorageModule is imported, and that refusals leave no file.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  INestApplication,
  Module,
  Post,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { HttpExceptionFilter } from '../../../common/errors/http-exception.filter.js';
import { ConfigError, loadConfig } from '../../../config/app-config.js';
import { ConfigModule } from '../../../config/config.module.js';
import { StorageModule } from '../storage.module.js';
import { FileStorage } from '../storage.js';
import { mapMulterError } from '../../../common/errors/multer-errors.js';
import { samples } from '../../../../test/support/sample-files.js';
import { storedUploadOf } from './upload-storage.engine.js';

const MiB = 1024 * 1024;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** How the project's filter is meant to use the mapping: multer errors first, then as before. */
@Catch()
class UploadAwareFilter implements ExceptionFilter {
  private readonly inner = new HttpExceptionFilter();
  catch(exception: unknown, host: ArgumentsHost): void {
    this.inner.catch(mapMulterError(exception) ?? exception, host);
  }
}

@Controller('uploads')
class UploadTestController {
  @Post()
  @UseInterceptors(FilesInterceptor('files'))
  upload(@UploadedFiles() files: Express.Multer.File[] = []) {
    return files.map((f) => ({ ...storedUploadOf(f), multerMimetype: f.mimetype }));
  }

  @Post('at-most-two')
  @UseInterceptors(FilesInterceptor('files', 2))
  uploadTwo(@UploadedFiles() files: Express.Multer.File[] = []) {
    return files.map(storedUploadOf);
  }
}

/** A feature module that does not import StorageModule: the global wiring must reach it. */
@Module({ controllers: [UploadTestController] })
class FeatureModule {}

async function startApp(dir: string, env: Record<string, string> = {}) {
  const config = loadConfig(
    { UPLOAD_DIR: dir, MAX_FILE_SIZE_MB: '1', MAX_FILES_PER_REQUEST: '3', ...env },
    {},
  );
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), StorageModule, FeatureModule],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new UploadAwareFilter());
  await app.init();
  return app;
}

/** Every file under the upload root, temporaries included. */
async function filesOnDisk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('upload pipeline: FilesInterceptor → multer → UploadStorageEngine → FileStorage', () => {
  let dir: string;
  let app: INestApplication;
  const post = (path = '/uploads') => request(app.getHttpServer()).post(path);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ksb-pipeline-'));
    app = await startApp(dir);
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** multer answers before the engine's clean-up ends: poll (up to 5 s, for a busy machine). */
  async function expectNothingStored(): Promise<void> {
    for (const end = Date.now() + 5_000; Date.now() < end && (await filesOnDisk(dir)).length;) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await expect(filesOnDisk(dir)).resolves.toEqual([]);
  }

  it('streams files to storage with the right size, hash and sniffed type', async () => {
    const pdf = samples.pdf();
    const big = Buffer.from('epoch,loss\n'.repeat(80_000)); // ~0.9 MiB, many chunks
    const res = await post()
      .attach('files', pdf, { filename: 'report.pdf', contentType: 'text/html' })
      .attach('files', big, { filename: 'loss.csv', contentType: 'application/octet-stream' })
      .expect(201);

    expect(res.body).toEqual([
      expect.objectContaining({ originalName: 'report.pdf', mediaType: 'application/pdf' }),
      expect.objectContaining({ originalName: 'loss.csv', mediaType: 'text/csv' }),
    ]);
    const [storedPdf, storedCsv] = res.body as { storageKey: string; size: number }[];
    expect(res.body[0]).toMatchObject({ size: pdf.length, sha256: sha256(pdf) });
    expect(res.body[0].multerMimetype).toBe('application/pdf');
    expect(res.body[1]).toMatchObject({ size: big.length, sha256: sha256(big) });
    const storage = app.get(FileStorage);
    await expect(storage.readBuffer(storedPdf.storageKey)).resolves.toEqual(pdf);
    await expect(storage.readBuffer(storedCsv.storageKey)).resolves.toEqual(big);
    await storage.delete(storedPdf.storageKey);
    await storage.delete(storedCsv.storageKey);
    await expectNothingStored();
  });

  it('keeps a UTF-8 file name intact', async () => {
    const res = await post()
      .attach('files', samples.text(), { filename: 'Präsentation – Ergebnis.md' })
      .expect(201);
    expect(res.body[0].originalName).toBe('Präsentation – Ergebnis.md');
    await app.get(FileStorage).delete(res.body[0].storageKey as string);
  });

  it('accepts a docx whose head only shows a zip, by its central directory', async () => {
    const docx = samples.docxLateContentTypes();
    const res = await post().attach('files', docx, { filename: 'report.docx' }).expect(201);
    expect(res.body[0]).toMatchObject({ mediaType: DOCX, size: docx.length });
    await app.get(FileStorage).delete(res.body[0].storageKey as string);
  });

  it('refuses a file over the limit with 413 naming the field, leaving nothing on disk', async () => {
    const res = await post()
      .attach('files', Buffer.alloc(MiB + 1, 0x61), { filename: 'huge.txt' })
      .expect(413);
    expect(res.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { field: 'files', fileName: 'huge.txt', maxBytes: MiB },
    });
    await expectNothingStored();
  });

  it('removes the files already stored when a later one is too large', async () => {
    await post()
      .attach('files', samples.pdf(), { filename: 'ok.pdf' })
      .attach('files', Buffer.alloc(MiB + 100, 0x61), { filename: 'huge.txt' })
      .expect(413);
    await expectNothingStored();
  });

  it.each([
    ['a PNG named .pdf', 'report.pdf', samples.png()],
    ['a zip named .txt', 'notes.txt', samples.zip()],
    ['an exe named .png', 'chart.png', samples.exe()],
    ['a plain zip named .docx', 'report.docx', samples.zip()],
    ['an SVG', 'diagram.svg', samples.text('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    [
      'binary after 100 KiB of text',
      'train.py',
      Buffer.concat([samples.text('x = 1\n'.repeat(20_000)), samples.exe()]),
    ],
  ])('refuses %s with 415, leaving nothing on disk', async (_label, filename, bytes) => {
    const res = await post()
      .attach('files', samples.pdf(), { filename: 'fine.pdf' })
      .attach('files', bytes, { filename, contentType: 'image/png' })
      .expect(415);
    expect(res.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { field: 'files' } });
    await expectNothingStored();
  });

  it('refuses more files than configured with 422 on files', async () => {
    let req = post();
    for (let i = 0; i < 4; i++) req = req.attach('files', samples.pdf(), { filename: `${i}.pdf` });
    const res = await req.expect(422);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'files', message: expect.stringContaining('too many') }],
    });
    await expectNothingStored();
  });

  it("refuses more files than the route's own maximum with 422 on files", async () => {
    let req = post('/uploads/at-most-two');
    for (let i = 0; i < 3; i++) req = req.attach('files', samples.pdf(), { filename: `${i}.pdf` });
    const res = await req.expect(422);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'files' })]);
    await expectNothingStored();
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'empty.txt', /empty/],
    ['a name with ".."', samples.pdf(), 'report..pdf', /"\.\."/],
    ['a name with a bidi override', samples.pdf(), '\u202efdp.exe', /control/],
  ])('refuses %s with 422 on files', async (_label, bytes, filename, message) => {
    const res = await post().attach('files', bytes, { filename }).expect(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.details).toEqual([{ field: 'files', message: expect.stringMatching(message) }]);
    await expectNothingStored();
  });

  it('answers a malformed multipart body with 400', async () => {
    const res = await post()
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nabc')
      .expect(400);
    expect(res.body).toMatchObject({ code: 'MALFORMED_REQUEST' });
    await expectNothingStored();
  });
});

describe('StorageModule configuration', () => {
  it('applies ALLOWED_MEDIA_TYPES', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ksb-pipeline-'));
    const app = await startApp(dir, { ALLOWED_MEDIA_TYPES: 'application/pdf' });
    try {
      await request(app.getHttpServer())
        .post('/uploads')
        .attach('files', samples.png(), { filename: 'chart.png' })
        .expect(415);
      await request(app.getHttpServer())
        .post('/uploads')
        .attach('files', samples.pdf(), { filename: 'report.pdf' })
        .expect(201);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails at start-up on an allow-listed type it cannot recognise', async () => {
    await expect(startApp(tmpdir(), { ALLOWED_MEDIA_TYPES: 'application/zip' })).rejects.toThrow(
      ConfigError,
    );
  });
});
