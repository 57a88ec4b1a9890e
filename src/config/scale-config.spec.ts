import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

const S3 = { STORAGE: 's3', S3_BUCKET: 'ksb-files', S3_REGION: 'eu-west-2' };

describe('loadConfig: running several instances', () => {
  it('keeps the embedded default free of servers: disk, memory limits', () => {
    const config = loadConfig({}, {});
    expect(config.storage).toEqual({ driver: 'disk' });
    expect(config.limits).toEqual({ store: 'memory', redisUrl: undefined, requestsPerMinute: 600 });
    expect(config.uploads.orphanSweepEveryMs).toBe(60 * 60_000);
  });

  it('reads an S3 store, path-style by default behind a custom endpoint', () => {
    const config = loadConfig(
      {
        ...S3,
        S3_ENDPOINT: 'http://minio:9000',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
        S3_PREFIX: 'ksb/',
      },
      {},
    );
    expect(config.storage).toEqual({
      driver: 's3',
      bucket: 'ksb-files',
      region: 'eu-west-2',
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      prefix: 'ksb/',
    });
    const aws = loadConfig({ ...S3, S3_FORCE_PATH_STYLE: 'false' }, {});
    expect(aws.storage).toMatchObject({ forcePathStyle: false, credentials: undefined });
  });

  it.each([
    [{ STORAGE: 'nfs' }, /STORAGE/],
    [{ STORAGE: 's3', S3_REGION: 'eu-west-2' }, /S3_BUCKET .*is required when STORAGE=s3/],
    [{ STORAGE: 's3', S3_BUCKET: 'b-1' }, /S3_REGION .*is required when STORAGE=s3/],
    [{ ...S3, S3_BUCKET: 'Bad_Bucket' }, /S3_BUCKET must be a valid bucket name/],
    [{ ...S3, S3_ENDPOINT: 'minio:9000' }, /S3_ENDPOINT must be an http/],
    [{ ...S3, S3_ACCESS_KEY_ID: 'id' }, /S3_SECRET_ACCESS_KEY is required with S3_ACCESS_KEY_ID/],
    [{ ...S3, S3_SECRET_ACCESS_KEY: 's' }, /S3_ACCESS_KEY_ID is required with/],
    [{ ...S3, S3_PREFIX: '/abs' }, /S3_PREFIX/],
    [{ ...S3, S3_FORCE_PATH_STYLE: 'yes' }, /S3_FORCE_PATH_STYLE must be true or false/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must be a redis/],
    [{ RATE_LIMIT_STORE: 'redis' }, /RATE_LIMIT_STORE=redis needs REDIS_URL/],
    [{ RATE_LIMIT_REQUESTS_PER_MINUTE: '-1' }, /RATE_LIMIT_REQUESTS_PER_MINUTE/],
    [{ UPLOAD_ORPHAN_SWEEP_MINUTES: '0' }, /UPLOAD_ORPHAN_SWEEP_MINUTES/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadConfig(env as Record<string, string>, {})).toThrow(ConfigError);
    expect(() => loadConfig(env as Record<string, string>, {})).toThrow(message);
  });

  it('counts limits in PostgreSQL with a database server, in Redis when given one', () => {
    const url = 'postgres://u@h/db';
    expect(loadConfig({ DATABASE_URL: url }, {}).limits.store).toBe('postgres');
    expect(
      loadConfig({ DATABASE_URL: url, REDIS_URL: 'redis://127.0.0.1:6379' }, {}).limits,
    ).toMatchObject({ store: 'redis', redisUrl: 'redis://127.0.0.1:6379' });
    expect(loadConfig({ DATABASE_URL: url, RATE_LIMIT_STORE: 'memory' }, {}).limits.store).toBe(
      'memory',
    );
  });
});
