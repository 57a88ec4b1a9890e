/**
 * `FileStorage` on an S3-compatible object store (AWS S3, MinIO, Ceph, s3rver…), which several
 * instances share. Bytes stream both ways: a write is a multipart upload of `partSize` parts (at
 * most `queueSize` in flight: memory bounded whatever the size); a read is the response body.
 * Atomicity is S3's: an object appears only when its upload completes, so readers and `list()`
 * never see half a file and a failed write leaves the previous object. The unfinished multipart
 * uploads a crash leaves are the "temporaries" `removeStaleTemporaries` aborts (where listable).
 */
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../common/errors/app-error.js';
import { isMissing, isNotImplemented, storeFailure, unhealthyReason } from './s3-errors.js';
import { assertSafeKey, FileStorage, isValidKey, StorageHealth, StoredObject } from './storage.js';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** Unset: AWS's own endpoint for the region. */
  endpoint?: string;
  /** `http://host/bucket/key` rather than `http://bucket.host/key` (MinIO, s3rver, most others). */
  forcePathStyle: boolean;
  /** Unset: the SDK's default chain (environment, instance role, …). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Folder-like prefix inside the bucket, '' or ending in '/'. */
  prefix?: string;
  /** Bytes per multipart part (S3's minimum is 5 MiB); memory per write is about part × queue. */
  partSize?: number;
  queueSize?: number;
}

const MIB = 1024 * 1024;

export class S3Storage extends FileStorage {
  readonly client: S3Client;
  readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3StorageOptions) {
    super();
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    this.partSize = Math.max(5 * MIB, options.partSize ?? 5 * MIB);
    this.queueSize = Math.max(1, options.queueSize ?? 2);
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // Checksums only where S3 demands them: S3-compatible stores reject the newer default ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** The object name of a key; refuses anything `newKey()` did not make. */
  objectName(key: string): string {
    assertSafeKey(key);
    return this.prefix + key;
  }

  async write(key: string, source: Readable): Promise<void> {
    let name: string;
    try {
      name = this.objectName(key);
    } catch (error) {
      source.destroy();
      throw error;
    }
    // A source that failed before we were handed it would never yield its error to the upload.
    if (source.errored) throw source.errored;
    // A plain stream for the library: it guesses a body's length from any `size` or `path` field
    // (the upload inspector has a `size`, 0 at the start) and then refuses the parts it gets.
    const body = new PassThrough();
    pipeline(source, body).catch(() => undefined); // the source's error reaches `done()` via `body`
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: name, Body: body },
      partSize: this.partSize,
      queueSize: this.queueSize,
      // Aborted below instead: the library's own abort, when it fails (s3rver has no abort),
      // replaces the error that caused it.
      leavePartsOnError: true,
    });
    try {
      await upload.done();
    } catch (error) {
      source.destroy();
      body.destroy();
      await this.abortQuietly(name, upload.uploadId);
      throw source.errored ?? storeFailure(error, 'write');
    }
  }

  /** Frees the parts of a failed multipart upload; one left behind is swept later. */
  private async abortQuietly(name: string, uploadId: string | undefined): Promise<void> {
    if (!uploadId) return;
    await this.client
      .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: name, UploadId: uploadId }))
      .catch(() => undefined);
  }

  async read(key: string): Promise<Readable> {
    const name = this.objectName(key);
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: name }),
      );
      return answer.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw AppError.notFound('File');
      throw storeFailure(error, 'read');
    }
  }

  async stat(key: string): Promise<StoredObject> {
    const name = this.objectName(key);
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: name }),
      );
      return { key, size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isMissing(error)) throw AppError.notFound('File');
      throw storeFailure(error, 'stat');
    }
  }

  async delete(key: string): Promise<void> {
    const name = this.objectName(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: name }));
    } catch (error) {
      if (!isMissing(error)) throw storeFailure(error, 'delete');
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.stat(key);
      return true;
    } catch (error) {
      if (error instanceof AppError) return false;
      throw error;
    }
  }

  async *list(): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.client
        .send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.prefix || undefined,
            ContinuationToken: token,
          }),
        )
        .catch((error: unknown) => {
          throw storeFailure(error, 'list');
        });
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.prefix.length);
        if (!key || !isValidKey(key)) continue;
        yield { key, size: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /**
   * Aborts multipart uploads started before `olderThan` (a crashed instance's unfinished writes).
   * A store that cannot list them (s3rver) has none to show: 0. A bucket lifecycle rule
   * (AbortIncompleteMultipartUpload) does the same on AWS; see README.
   */
  async removeStaleTemporaries(olderThan: Date): Promise<number> {
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListMultipartUploadsCommand({
            Bucket: this.bucket,
            Prefix: this.prefix || undefined,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
        );
        for (const upload of page.Uploads ?? []) {
          if (!upload.Key || !upload.UploadId || !upload.Initiated) continue;
          if (upload.Initiated >= olderThan) continue;
          await this.client.send(
            new AbortMultipartUploadCommand({
              Bucket: this.bucket,
              Key: upload.Key,
              UploadId: upload.UploadId,
            }),
          );
          removed += 1;
        }
        const more = page.IsTruncated === true;
        keyMarker = more ? page.NextKeyMarker : undefined;
        uploadIdMarker = more ? page.NextUploadIdMarker : undefined;
      } while (keyMarker);
    } catch (error) {
      if (isNotImplemented(error)) return removed;
      throw storeFailure(error, 'removeStaleTemporaries');
    }
    return removed;
  }

  /** Writes and deletes a one-byte probe object outside the key space; free space is unknown. */
  async health(): Promise<StorageHealth> {
    const probe = `${this.prefix}.probe/${randomUUID()}`;
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: probe, Body: Buffer.from([0]) }),
      );
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: probe }));
      return { writable: true, freeBytes: null };
    } catch (error) {
      const reason = unhealthyReason(error);
      return { writable: false, freeBytes: null, reason };
    }
  }

  /** Closes the client's sockets. */
  close(): void {
    this.client.destroy();
  }

  onApplicationShutdown(): void {
    this.close();
  }
}
