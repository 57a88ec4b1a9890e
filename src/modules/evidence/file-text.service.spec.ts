import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import type { Database } from '../../common/database/database.js';
import type { FileStorage } from '../storage/storage.js';
import { FileTextService } from './file-text.service.js';

/** A database that answers the pending-files query with `rows` and records every other query. */
function fakeDatabase(rows: object[]) {
  const updates: unknown[][] = [];
  const db = {
    query: (sql: string, params: unknown[]) => {
      if (sql.trimStart().startsWith('SELECT')) return Promise.resolve(rows);
      updates.push(params);
      return Promise.resolve([]);
    },
  };
  return { db: db as unknown as Database, updates };
}

function fakeStorage(text: string) {
  const reads: string[] = [];
  const storage = {
    read: (key: string) => {
      reads.push(key);
      return Promise.resolve(Readable.from([Buffer.from(text)]));
    },
  };
  return { storage: storage as unknown as FileStorage, reads };
}

describe('FileTextService', () => {
  const file = { id: 'f1', storage_key: 'k1', media_type: 'text/plain' };

  it('reads a file’s words and keeps them', async () => {
    const { db, updates } = fakeDatabase([{ ...file, size: '11' }]);
    const { storage, reads } = fakeStorage('hello world');
    await new FileTextService(db, storage).ensureExtracted(['e1']);
    expect(reads).toEqual(['k1']);
    expect(updates).toEqual([['f1', 'hello world']]);
  });

  it('does not open a file too large to read, and keeps it as read (no words)', async () => {
    const { db, updates } = fakeDatabase([{ ...file, size: String(31 * 1024 * 1024) }]);
    const { storage, reads } = fakeStorage('never read');
    await new FileTextService(db, storage).ensureExtracted(['e1']);
    expect(reads).toEqual([]);
    expect(updates).toEqual([['f1', '']]);
  });
});
