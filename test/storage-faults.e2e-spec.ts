/**
 * Issue 11, item 4: a full or unwritable upload directory answers 507 or 503 with a stable code
 * and Retry-After, keeps nothing, and shows in /api/health; parts of interrupted uploads go soon
 * after start instead of after the 60-minute grace for stored files. The disk's failures are
 * made where the disk would make them: in the stream a write goes to (see FailingDisk).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { AppConfig } from '../src/config/app-config.js';
import { LocalDiskStorage } from '../src/modules/storage/local-disk.storage.js';
import { FileStorage, StorageHealth } from '../src/modules/storage/storage.js';
import { png } from './support/sample-files.js';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { filesUnder } from './support/stored-files.js';

type Fault = 'none' | 'ENOSPC' | 'EROFS';

const errno = (code: string, syscall: string) =>
  Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall, errno: -28 });

/** Local disk that, on demand, fills up after 16 KiB of a write or refuses to open a file. */
class FailingDisk extends LocalDiskStorage {
  fault: Fault = 'none';

  protected override async openTemporary(path: string): Promise<Writable> {
    if (this.fault === 'EROFS') throw errno('EROFS', 'open');
    const real = await super.openTemporary(path);
    if (this.fault !== 'ENOSPC') return real;
    let written = 0;
    return new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        if (written > 16 * 1024) return callback(errno('ENOSPC', 'write'));
        real.write(chunk, callback);
      },
      final(callback) {
        real.end(callback);
      },
      destroy(error, callback) {
        real.destroy();
        callback(error);
      },
    });
  }

  override async health(): Promise<StorageHealth> {
    const real = await super.health();
    if (this.fault === 'EROFS')
      return { writable: false, freeBytes: real.freeBytes, reason: 'EROFS' };
    if (this.fault === 'ENOSPC') return { writable: false, freeBytes: 0, reason: 'ENOSPC' };
    return real;
  }
}

describe('Storage faults: a code, Retry-After, nothing kept', () => {
  let t: TestApp;
  let disk: FailingDisk;
  let tenant: Tenant;
  let uploadDir: string;
  const stale = () => join(uploadDir, '.tmp', 'crashed-upload.part');
  const fresh = () => join(uploadDir, '.tmp', 'in-flight-upload.part');

  beforeAll(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), 'ksb-faults-'));
    // Left by a crash ten minutes ago, and by an upload still on its way.
    await mkdir(join(uploadDir, '.tmp'), { recursive: true });
    await writeFile(stale(), Buffer.alloc(1024 * 1024));
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    await utimes(stale(), tenMinutesAgo, tenMinutesAgo);
    await writeFile(fresh(), Buffer.alloc(1024));
    t = await createTestApp(
      { UPLOAD_DIR: uploadDir },
      {
        override: (builder) =>
          builder.overrideProvider(FileStorage).useFactory({
            factory: (config: AppConfig) => (disk = new FailingDisk(config.uploads.dir)),
            inject: [AppConfig],
          }),
      },
    );
    tenant = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
  });
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('sweeps parts of interrupted uploads soon after start, not after 60 minutes', async () => {
    for (let i = 0; i < 50 && (await filesUnder(uploadDir)).includes(stale()); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const left = await filesUnder(uploadDir);
    expect(left).not.toContain(stale());
    expect(left).toContain(fresh());
    await rm(fresh());
  });

  const upload = () =>
    as(t, tenant.apprentice.token)
      .post(`/api/apprenticeships/${tenant.apprenticeshipId}/evidence`)
      .field('title', 'Screenshot')
      .field('kind', 'report')
      .field('activityDate', '2026-03-01')
      .attach('files', png(200_000), 'shot.png');

  it.each([
    ['full', 'ENOSPC' as const, 507, 'STORAGE_FULL'],
    ['read-only', 'EROFS' as const, 503, 'STORAGE_UNAVAILABLE'],
  ])(
    'answers a %s disk with %i and a stable code, keeping nothing',
    async (_, fault, status, code) => {
      disk.fault = fault;
      try {
        const res = await upload();
        expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        const health = await request(t.http).get('/api/health').expect(503);
        expect(health.body).toMatchObject({
          code: 'STORAGE_UNAVAILABLE',
          details: { database: 'up', storage: { writable: false, reason: fault } },
        });
      } finally {
        disk.fault = 'none';
      }
      expect(await filesUnder(uploadDir)).toEqual([]);
      const rows = await t.dataSource.query('SELECT count(*)::int AS n FROM evidence_files');
      expect(rows[0].n).toBe(0);
    },
  );

  it('reports storage beside the database when all is well, and stores again', async () => {
    const health = await request(t.http).get('/api/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      database: 'up',
      storage: { writable: true, freeBytes: expect.any(Number) },
    });
    expect(health.body.storage.freeBytes).toBeGreaterThan(0);
    await upload().expect(201);
  });
});
