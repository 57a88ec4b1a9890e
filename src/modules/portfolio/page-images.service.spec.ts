import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { makePng, sha256 } from '../../../test/support/portfolio-fixtures.js';
import type { Database } from '../../common/database/database.js';
import type { AppConfig } from '../../config/app-config.js';
import type { FileStorage } from '../storage/storage.js';
import { PageImagesService } from './page-images.service.js';

const config = { uploads: { maxImagePixels: 50_000_000 } } as AppConfig;

/** page_images as a map; `rival` is a row another instance inserts just before ours. */
function fakeDatabase(rival?: string) {
  const rows = new Map<string, string>();
  const db = {
    query: (sql: string, params: unknown[]) => {
      const [sha, max, key] = params as [string, number, string];
      if (sql.startsWith('SELECT storage_key')) {
        const kept = rows.get(`${sha} ${max}`);
        return Promise.resolve(kept ? [{ storage_key: kept }] : []);
      }
      if (sql.trimStart().startsWith('INSERT')) {
        if (rival) rows.set(`${sha} ${max}`, rival);
        if (rows.has(`${sha} ${max}`)) return Promise.resolve([]);
        rows.set(`${sha} ${max}`, key);
        return Promise.resolve([{ storage_key: key }]);
      }
      throw new Error(`unexpected query ${sql}`);
    },
  };
  return { db: db as unknown as Database, rows };
}

function fakeStorage(files: Record<string, Buffer>) {
  const reads: string[] = [];
  const deleted: string[] = [];
  let next = 0;
  const storage = {
    newKey: () => `copy-${next++}`,
    readBuffer: (key: string) => {
      reads.push(key);
      return files[key] ? Promise.resolve(files[key]) : Promise.reject(new Error('missing'));
    },
    write: async (key: string, source: Readable) => {
      const chunks: Buffer[] = [];
      for await (const chunk of source) chunks.push(chunk as Buffer);
      files[key] = Buffer.concat(chunks);
    },
    delete: (key: string) => {
      deleted.push(key);
      delete files[key];
      return Promise.resolve();
    },
  };
  return { storage: storage as unknown as FileStorage, files, reads, deleted };
}

describe('PageImagesService', () => {
  const photo = makePng(2400, 1000, 21);
  const source = { sha256: sha256(photo), mediaType: 'image/png', storageKey: 'original' };

  it('makes a copy once, keeps it, and reads it back after that', async () => {
    const { db, rows } = fakeDatabase();
    const { storage, files, reads } = fakeStorage({ original: photo });
    const service = new PageImagesService(db, storage, config);
    // Two renderings at once: one shrink.
    const [a, b] = await Promise.all([service.pageCopy(source), service.pageCopy(source)]);
    expect(reads).toEqual(['original']);
    if (!('bytes' in a)) throw new Error(a.unavailable);
    expect(b).toBe(a);
    expect(rows.get(`${source.sha256} 50000000`)).toBe('copy-0');
    expect(files['copy-0'].equals(a.bytes)).toBe(true);
    expect((await sharp(a.bytes).metadata()).width).toBe(2000);
    const again = await service.pageCopy(source);
    expect(reads).toEqual(['original', 'copy-0']);
    expect(again).toEqual(a);
  });

  it('deletes its own copy when another instance kept one first', async () => {
    const { db, rows } = fakeDatabase('theirs');
    const { storage, deleted } = fakeStorage({ original: photo });
    await new PageImagesService(db, storage, config).pageCopy(source);
    expect(rows.get(`${source.sha256} 50000000`)).toBe('theirs');
    expect(deleted).toEqual(['copy-0']);
  });

  it('keeps nothing for an image drawn as it is, or bytes that are not the SHA-256', async () => {
    const small = makePng(200, 100, 22);
    const { db, rows } = fakeDatabase();
    const { storage } = fakeStorage({ small, original: photo });
    const service = new PageImagesService(db, storage, config);
    const smallSource = { sha256: sha256(small), mediaType: 'image/png', storageKey: 'small' };
    await expect(service.pageCopy(smallSource)).resolves.toEqual({ bytes: small });
    const wrong = await service.pageCopy({ ...source, sha256: 'f'.repeat(64) });
    expect('bytes' in wrong).toBe(true);
    expect(rows.size).toBe(0);
  });
});
