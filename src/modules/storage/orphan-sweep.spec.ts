/**
 * The sweep deletes data: these tests pin down exactly what it may and may not remove.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LocalDiskStorage, TEMP_DIR } from './local-disk.storage.js';
import { sweepOrphans } from './orphan-sweep.js';

const HOUR = 3_600_000;

describe('sweepOrphans', () => {
  let dir: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ksb-sweep-'));
    storage = new LocalDiskStorage(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function store(ageMs: number): Promise<string> {
    const key = storage.newKey();
    await storage.write(key, Readable.from([Buffer.from(key)]));
    const when = new Date(Date.now() - ageMs);
    await utimes(storage.pathOf(key), when, when);
    return key;
  }

  it('deletes old unreferenced files, keeps referenced and recent ones, in batches', async () => {
    const referenced = [await store(2 * HOUR), await store(3 * HOUR)];
    const orphans = [await store(2 * HOUR), await store(5 * HOUR), await store(HOUR + 1000)];
    const inFlight = await store(60_000);
    const asked: string[][] = [];
    const result = await sweepOrphans(
      storage,
      (keys) => {
        asked.push(keys);
        return Promise.resolve(new Set(keys.filter((k) => referenced.includes(k))));
      },
      HOUR,
      { batchSize: 2 },
    );

    expect(result).toEqual({
      scanned: 6,
      recent: 1,
      referenced: 2,
      deleted: 3,
      failed: 0,
      temporariesRemoved: 0,
    });
    expect(asked.map((keys) => keys.length).sort()).toEqual([1, 2, 2]);
    expect(asked.flat()).not.toContain(inFlight);
    for (const key of [...referenced, inFlight])
      await expect(storage.exists(key)).resolves.toBe(true);
    for (const key of orphans) await expect(storage.exists(key)).resolves.toBe(false);
  });

  it('removes temporaries of writes that never finished, but not fresh ones', async () => {
    const temp = join(dir, TEMP_DIR);
    await mkdir(temp, { recursive: true });
    await writeFile(join(temp, 'crashed.part'), 'half');
    await writeFile(join(temp, 'writing.part'), 'half');
    const old = new Date(Date.now() - 2 * HOUR);
    await utimes(join(temp, 'crashed.part'), old, old);

    const result = await sweepOrphans(storage, () => Promise.resolve(new Set()), HOUR);
    expect(result.temporariesRemoved).toBe(1);
    await expect(readdir(temp)).resolves.toEqual(['writing.part']);
  });

  it('deletes nothing when the database cannot answer', async () => {
    const key = await store(2 * HOUR);
    const sweep = sweepOrphans(storage, () => Promise.reject(new Error('db down')), HOUR);
    await expect(sweep).rejects.toThrow('db down');
    await expect(storage.exists(key)).resolves.toBe(true);
  });

  it('counts a failed delete and carries on', async () => {
    const keys = [await store(2 * HOUR), await store(2 * HOUR)];
    const failing = keys[0];
    const original = storage.delete.bind(storage);
    storage.delete = (key) =>
      key === failing ? Promise.reject(new Error('EBUSY')) : original(key);
    const failures: string[] = [];
    const result = await sweepOrphans(storage, () => Promise.resolve(new Set()), HOUR, {
      onDeleteError: (key) => failures.push(key),
    });
    expect(result).toMatchObject({ deleted: 1, failed: 1 });
    expect(failures).toEqual([failing]);
  });

  it('refuses a negative grace period', async () => {
    await expect(sweepOrphans(storage, () => Promise.resolve(new Set()), -1)).rejects.toThrow(
      RangeError,
    );
  });
});
