/**
 * S3Storage against a real S3-protocol server (s3rver on 127.0.0.1, port 0): the same FileStorage
 * contract as the disk driver, plus what only S3 shows (prefixes, the probe, an unreachable store).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describeStorageContract } from '../../../test/support/storage.contract.js';
import { RunningS3Server, s3StorageOn, startS3Server } from '../../../test/support/s3-server.js';
import { S3Storage } from './s3.storage.js';
import { UnsafeStorageKeyError } from './storage.js';

let server: RunningS3Server;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server?.stop();
});

describeStorageContract('S3Storage', () => {
  // A fresh prefix per test: each starts from an empty store, as the disk one gets a new directory.
  const storage = s3StorageOn(server, `contract-${randomUUID()}/`);
  return Promise.resolve({ storage, cleanup: () => Promise.resolve(storage.close()) });
});

describe('S3Storage on an object store', () => {
  it('stores a key under its prefix and nowhere else', async () => {
    const prefix = `layout-${randomUUID()}/`;
    const storage = s3StorageOn(server, prefix);
    const key = storage.newKey();
    await storage.write(key, Readable.from([Buffer.from('bytes')]));
    const listed = await storage.client.send(
      new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toEqual([prefix + key]);
    expect(storage.objectName(key)).toBe(prefix + key);
    expect(() => storage.objectName('../x')).toThrow(UnsafeStorageKeyError);
    storage.close();
  });

  it('writes a file of several parts as one object', async () => {
    const storage = s3StorageOn(server, `parts-${randomUUID()}/`);
    const key = storage.newKey();
    const part = Buffer.alloc(5 * 1024 * 1024, 3);
    await storage.write(key, Readable.from([part, part, Buffer.from('tail')]));
    await expect(storage.stat(key)).resolves.toMatchObject({ size: 2 * part.length + 4 });
    const bytes = await storage.readBuffer(key);
    expect(bytes.subarray(-4).toString()).toBe('tail');
    storage.close();
  });

  it('writes a stream whatever length fields it carries (the upload inspector has `size`)', async () => {
    const storage = s3StorageOn(server, `sized-${randomUUID()}/`);
    const key = storage.newKey();
    const part = Buffer.alloc(5 * 1024 * 1024, 7);
    const source = Object.assign(Readable.from([part, part]), { size: 0, path: '/dev/null' });
    await storage.write(key, source);
    await expect(storage.stat(key)).resolves.toMatchObject({ size: 2 * part.length });
    storage.close();
  });

  it('reports itself writable, with no free-space figure, leaving no probe behind', async () => {
    const prefix = `health-${randomUUID()}/`;
    const storage = s3StorageOn(server, prefix);
    await expect(storage.health()).resolves.toEqual({ writable: true, freeBytes: null });
    const listed = await storage.client.send(
      new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix }),
    );
    expect(listed.Contents ?? []).toEqual([]);
    storage.close();
  });

  it('reports a bucket that does not exist as not writable; a write fails as storage does', async () => {
    const storage = new S3Storage({ ...server.storageOptions(), bucket: 'no-such-bucket' });
    await expect(storage.health()).resolves.toMatchObject({
      writable: false,
      reason: 'NoSuchBucket',
    });
    await expect(
      storage.write(storage.newKey(), Readable.from([Buffer.from('x')])),
    ).rejects.toMatchObject({ code: 'EIO', syscall: 's3.write', storeError: 'NoSuchBucket' });
    await expect(storage.read(storage.newKey())).rejects.toMatchObject({
      code: 'EIO',
      storeError: 'NoSuchBucket',
    });
    storage.close();
  });
});

describe('S3Storage when the store cannot be reached', () => {
  it('fails with EIO from a storage call, never as a database outage', async () => {
    const storage = new S3Storage({
      ...server.storageOptions(),
      endpoint: 'http://127.0.0.1:9', // discard port: connection refused
    });
    const key = storage.newKey();
    const failure = { code: 'EIO', syscall: 's3.stat' };
    await expect(storage.stat(key)).rejects.toMatchObject(failure);
    await expect(storage.exists(key)).rejects.toMatchObject(failure);
    await expect(storage.read(key)).rejects.toMatchObject({ code: 'EIO', syscall: 's3.read' });
    await expect(storage.health()).resolves.toMatchObject({
      writable: false,
      reason: 'ECONNREFUSED',
    });
    storage.close();
  });
});
