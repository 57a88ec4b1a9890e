/**
 * LocalDiskStorage: the shared FileStorage contract, plus what only a disk shows (paths, temporaries).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { LocalDiskStorage, TEMP_DIR } from './local-disk.storage.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { describeStorageContract } from '../../../test/support/storage.contract.js';
import { UnsafeStorageKeyError } from './storage.js';

describeStorageContract('LocalDiskStorage', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-storage-'));
  return {
    storage: new LocalDiskStorage(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('LocalDiskStorage on disk', () => {
  let dir: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ksb-storage-'));
    storage = new LocalDiskStorage(join(dir, 'uploads'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a file at <root>/<shard>/<shard>/<uuid> and nowhere else', async () => {
    const key = storage.newKey();
    await storage.write(key, Readable.from([Buffer.from('bytes')]));
    const [first, second] = key.split('/');
    await expect(readFile(join(dir, 'uploads', key))).resolves.toEqual(Buffer.from('bytes'));
    await expect(readdir(join(dir, 'uploads', first, second))).resolves.toEqual([
      key.split('/')[2],
    ]);
    await expect(readdir(join(dir, 'uploads', TEMP_DIR))).resolves.toEqual([]);
  });

  it('reads a whole file into a buffer of its own, and answers 404 for a missing one', async () => {
    const key = storage.newKey();
    await storage.write(key, Readable.from([Buffer.from('small'), Buffer.alloc(200_000, 3)]));
    const bytes = await storage.readBuffer(key);
    expect(bytes.length).toBe(200_005);
    expect(bytes.subarray(0, 5).toString()).toBe('small');
    expect(bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length).toBe(true);
    const small = storage.newKey();
    await storage.write(small, Readable.from([Buffer.from('tiny')]));
    const tiny = await storage.readBuffer(small);
    expect(tiny.buffer.byteLength).toBe(4);
    await expect(storage.readBuffer(storage.newKey())).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
  });

  it('writes into a temporary file first, so the final name appears only when complete', async () => {
    const key = storage.newKey();
    const source = new PassThrough();
    const writing = storage.write(key, source);
    source.write(Buffer.alloc(1000, 7));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(stat(storage.pathOf(key))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readdir(join(dir, 'uploads', TEMP_DIR))).resolves.toHaveLength(1);
    source.end();
    await writing;
    await expect(stat(storage.pathOf(key))).resolves.toMatchObject({ size: 1000 });
  });

  it('lists nothing, rather than failing, before the root exists', async () => {
    const keys: string[] = [];
    for await (const entry of storage.list()) keys.push(entry.key);
    expect(keys).toEqual([]);
    await expect(storage.removeStaleTemporaries(new Date())).resolves.toBe(0);
  });

  it('ignores stray files that are not keys', async () => {
    await mkdir(join(dir, 'uploads', 'ab', 'cd'), { recursive: true });
    await writeFile(join(dir, 'uploads', 'ab', 'cd', 'notes.txt'), 'x');
    await writeFile(join(dir, 'uploads', '.gitkeep'), '');
    const key = storage.newKey();
    await storage.write(key, Readable.from([Buffer.from('x')]));
    const keys: string[] = [];
    for await (const entry of storage.list()) keys.push(entry.key);
    expect(keys).toEqual([key]);
  });

  it('removes only temporary files older than the cut-off', async () => {
    const temp = join(dir, 'uploads', TEMP_DIR);
    await mkdir(temp, { recursive: true });
    await writeFile(join(temp, 'old.part'), 'x');
    await writeFile(join(temp, 'new.part'), 'x');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(temp, 'old.part'), anHourAgo, anHourAgo);
    await expect(storage.removeStaleTemporaries(new Date(Date.now() - 60_000))).resolves.toBe(1);
    await expect(readdir(temp)).resolves.toEqual(['new.part']);
  });

  it('resolves paths inside the root only', () => {
    const key = storage.newKey();
    expect(storage.pathOf(key)).toBe(join(dir, 'uploads', ...key.split('/')));
    expect(() => storage.pathOf('../../etc/passwd')).toThrow(UnsafeStorageKeyError);
  });

  it('destroys the source when the key is refused', async () => {
    const source = new PassThrough();
    await expect(storage.write('../x', source)).rejects.toBeInstanceOf(UnsafeStorageKeyError);
    expect(source.destroyed).toBe(true);
  });

  it('reports itself writable, with the free space, leaving no probe behind', async () => {
    const health = await storage.health();
    expect(health).toEqual({ writable: true, freeBytes: expect.any(Number) });
    expect(health.freeBytes).toBeGreaterThan(0);
    await expect(readdir(join(dir, 'uploads', TEMP_DIR))).resolves.toEqual([]);
  });

  it('reports a root it cannot write to, with the reason, and a write fails with that errno', async () => {
    const file = join(dir, 'not-a-directory');
    await writeFile(file, 'x');
    const broken = new LocalDiskStorage(file);
    await expect(broken.health()).resolves.toMatchObject({ writable: false, reason: 'ENOTDIR' });
    await expect(
      broken.write(broken.newKey(), Readable.from([Buffer.from('x')])),
    ).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
