/**
 * The behaviour every `FileStorage` must show, as a jest suite. Local disk
 * (local-disk.storage.spec.ts) and S3 against a real s3rver (s3.storage.spec.ts) both run it, so
 * callers never depend on one backend's quirks.
 * Usage in a spec: `describeStorageContract('S3Storage', async () => ({ storage, cleanup }))`.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { AppError } from '../../src/common/errors/app-error.js';
import { ErrorCode } from '../../src/common/errors/error-code.js';
import {
  FileStorage,
  isValidKey,
  UnsafeStorageKeyError,
} from '../../src/modules/storage/storage.js';

export interface StorageUnderTest {
  storage: FileStorage;
  cleanup(): Promise<void>;
}

/** Keys every implementation must refuse, whatever the operation. */
export const UNSAFE_KEYS: readonly string[] = [
  '',
  '/etc/passwd',
  'C:/windows/win.ini',
  '../outside',
  'ab/cd/../../../etc/passwd',
  'ab\\cd\\x',
  'ab/cd/ab cd',
  'ab/cd/abcd0000-0000-4000-8000-000000000000\u0000',
  'ab/cd/abcd0000-0000-4000-8000-000000000000\n',
  'ab/cd/abcd0000-0000-4000-8000-000000000000/..',
  'AB/CD/ABCD0000-0000-4000-8000-000000000000',
  'ab/cd/ef000000-0000-4000-8000-000000000000',
  'abcd0000-0000-4000-8000-000000000000',
  '.tmp/abcd0000-0000-4000-8000-000000000000',
  'report.pdf',
];

async function sha256Of(stream: AsyncIterable<Buffer>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** `count` chunks of pseudo-random bytes, generated lazily so the test never holds them all. */
function* randomChunks(count: number, size: number): Generator<Buffer> {
  for (let i = 0; i < count; i++) yield randomBytes(size);
}

function failingSource(): Readable {
  return new Readable({
    read() {
      this.push(randomBytes(1024));
      this.destroy(new Error('client went away'));
    },
  });
}

async function listKeys(storage: FileStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of storage.list()) keys.push(entry.key);
  return keys.sort();
}

async function expectNotFound(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(AppError);
  await expect(promise).rejects.toMatchObject({ code: ErrorCode.NotFound });
}

export function describeStorageContract(
  name: string,
  makeStorage: () => Promise<StorageUnderTest>,
): void {
  describe(`${name} satisfies the FileStorage contract`, () => {
    let subject: StorageUnderTest;
    let storage: FileStorage;

    beforeEach(async () => {
      subject = await makeStorage();
      storage = subject.storage;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('makes distinct, valid keys', () => {
      const keys = Array.from({ length: 200 }, () => storage.newKey());
      expect(new Set(keys).size).toBe(200);
      expect(keys.every((k) => isValidKey(k))).toBe(true);
    });

    it('round-trips bytes, as a stream and as a buffer', async () => {
      const key = storage.newKey();
      const bytes = randomBytes(10_000);
      await storage.write(key, Readable.from([bytes.subarray(0, 3), bytes.subarray(3)]));
      await expect(storage.readBuffer(key)).resolves.toEqual(bytes);
      await expect(sha256Of(await storage.read(key))).resolves.toEqual({
        sha256: createHash('sha256').update(bytes).digest('hex'),
        size: bytes.length,
      });
      await expect(storage.exists(key)).resolves.toBe(true);
      await expect(storage.stat(key)).resolves.toMatchObject({ key, size: bytes.length });
    });

    it('stores an empty stream as an empty file', async () => {
      const key = storage.newKey();
      await storage.write(key, Readable.from([]));
      await expect(storage.readBuffer(key)).resolves.toEqual(Buffer.alloc(0));
    });

    it('streams a large write through without changing a byte', async () => {
      const key = storage.newKey();
      const expected = createHash('sha256');
      const source = Readable.from(
        (function* () {
          for (const chunk of randomChunks(160, 64 * 1024)) {
            expected.update(chunk);
            yield chunk;
          }
        })(),
      );
      await storage.write(key, source);
      const stored = await sha256Of(await storage.read(key));
      expect(stored).toEqual({ sha256: expected.digest('hex'), size: 160 * 64 * 1024 });
    });

    it('reports a missing key as not found', async () => {
      const key = storage.newKey();
      await expectNotFound(storage.read(key));
      await expectNotFound(storage.readBuffer(key));
      await expectNotFound(storage.stat(key));
      await expect(storage.exists(key)).resolves.toBe(false);
    });

    it('deletes idempotently', async () => {
      const key = storage.newKey();
      await storage.write(key, Readable.from([Buffer.from('evidence')]));
      await storage.delete(key);
      await expect(storage.exists(key)).resolves.toBe(false);
      await expectNotFound(storage.read(key));
      await expect(storage.delete(key)).resolves.toBeUndefined();
      await expect(storage.delete(storage.newKey())).resolves.toBeUndefined();
    });

    it('lists written keys with sizes, but never a write in progress', async () => {
      const written = [storage.newKey(), storage.newKey(), storage.newKey()].sort();
      for (const [i, key] of written.entries()) {
        await storage.write(key, Readable.from([Buffer.alloc(i + 1, 1)]));
      }
      const pendingKey = storage.newKey();
      const pendingSource = new PassThrough();
      const pending = storage.write(pendingKey, pendingSource);
      pendingSource.write(randomBytes(4096));
      await new Promise((resolve) => setTimeout(resolve, 50));

      await expect(listKeys(storage)).resolves.toEqual(written);
      const entries: { key: string; size: number; modifiedAt: Date }[] = [];
      for await (const entry of storage.list()) entries.push(entry);
      expect(entries.find((e) => e.key === written[2])?.size).toBe(3);
      // Not `instanceof Date`: jest's sandbox has its own Date, which a backend's Date is not.
      expect(entries.every((e) => Math.abs(e.modifiedAt.getTime() - Date.now()) < 600_000)).toBe(
        true,
      );

      pendingSource.end(randomBytes(10));
      await pending;
      await expect(listKeys(storage)).resolves.toEqual([...written, pendingKey].sort());
    });

    it.each(UNSAFE_KEYS.map((key) => [JSON.stringify(key), key]))(
      'refuses the unsafe key %s in every operation',
      async (_label, key) => {
        const refused = { name: 'UnsafeStorageKeyError' };
        await expect(storage.write(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
          UnsafeStorageKeyError,
        );
        await expect(storage.read(key)).rejects.toMatchObject(refused);
        await expect(storage.readBuffer(key)).rejects.toMatchObject(refused);
        await expect(storage.stat(key)).rejects.toMatchObject(refused);
        await expect(storage.exists(key)).rejects.toMatchObject(refused);
        await expect(storage.delete(key)).rejects.toMatchObject(refused);
      },
    );

    it('leaves nothing behind when the source stream fails', async () => {
      const key = storage.newKey();
      await expect(storage.write(key, failingSource())).rejects.toThrow('client went away');
      await expect(storage.exists(key)).resolves.toBe(false);
      await expect(listKeys(storage)).resolves.toEqual([]);
      const future = new Date(Date.now() + 60_000);
      await expect(storage.removeStaleTemporaries(future)).resolves.toBe(0);
    });

    it('rejects a source that failed before the write began, leaving nothing', async () => {
      const key = storage.newKey();
      const source = new PassThrough();
      source.on('error', () => undefined); // as the upload engine does: `write` reports it
      source.destroy(new Error('refused early'));
      await new Promise((resolve) => setImmediate(resolve));
      await expect(storage.write(key, source)).rejects.toThrow('refused early');
      await expect(storage.exists(key)).resolves.toBe(false);
      await expect(storage.removeStaleTemporaries(new Date(Date.now() + 60_000))).resolves.toBe(0);
    });

    it('keeps the old file when a rewrite fails', async () => {
      const key = storage.newKey();
      await storage.write(key, Readable.from([Buffer.from('first version')]));
      await expect(storage.write(key, failingSource())).rejects.toThrow('client went away');
      await expect(storage.readBuffer(key)).resolves.toEqual(Buffer.from('first version'));
    });
  });
}
