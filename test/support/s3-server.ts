/**
 * A real S3-protocol server for tests and benches: `s3rver` (npm) on 127.0.0.1, port 0, with its
 * objects in a temporary directory, and an `S3Storage` (or just its options) pointing at it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Storage, S3StorageOptions } from '../../src/modules/storage/s3.storage.js';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

// s3rver is CommonJS without type declarations.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

/** s3rver's default credentials: any non-empty pair signs, these are what it documents. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface RunningS3Server {
  endpoint: string;
  bucket: string;
  /** What STORAGE=s3 needs in the environment to use this server. */
  env: Record<string, string>;
  storageOptions(prefix?: string): S3StorageOptions;
  stop(): Promise<void>;
}

export async function startS3Server(bucket = 'ksb-test'): Promise<RunningS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'ksb-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      STORAGE: 's3',
      S3_BUCKET: bucket,
      S3_REGION: 'eu-west-2',
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    },
    storageOptions: (prefix = '') => ({
      bucket,
      region: 'eu-west-2',
      endpoint,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
      prefix,
    }),
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A storage on its own prefix, so parallel users of one server never see each other's objects. */
export function s3StorageOn(server: RunningS3Server, prefix: string): S3Storage {
  return new S3Storage(server.storageOptions(prefix));
}
