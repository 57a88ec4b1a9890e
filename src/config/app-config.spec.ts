import { describe, expect, it } from '@jest/globals';
import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const config = loadConfig({}, {});
    expect(config.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toMatch(/data$/);
    expect(config.uploads.maxFileBytes).toBe(50 * 1024 * 1024);
    expect(config.uploads.maxFiles).toBe(10);
    expect(config.uploads.allowedMediaTypes).toBeUndefined();
    expect(config.uploads.orphanGraceMs).toBe(60 * 60_000);
    expect(config.auth.jwtSecretGenerated).toBe(true);
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('converts numbers and keeps a database URL', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@h:5432/db' }, {});
    expect(config.port).toBe(8080);
    expect(config.database.url).toBe('postgres://u@h:5432/db');
  });

  it('names the variable when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' }, {})).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' }, {})).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ MAX_FILE_SIZE_MB: '0' }, {})).toThrow(/MAX_FILE_SIZE_MB/);
  });

  it('gives every rule a whole-number setting breaks, and takes its bounds', () => {
    expect(() => loadConfig({ PORT: '70000.5' }, {})).toThrow(
      'PORT must not be greater than 65535; must be an integer number (got 70000.5)',
    );
    expect(() => loadConfig({ RATE_LIMIT_REQUESTS_PER_MINUTE: '-1' }, {})).toThrow(
      'RATE_LIMIT_REQUESTS_PER_MINUTE must not be less than 0',
    );
    expect(loadConfig({ PORT: '0', RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000' }, {}).port).toBe(0);
  });

  it('reads an upload media type allow-list and orphan grace period', () => {
    const config = loadConfig(
      { ALLOWED_MEDIA_TYPES: ' application/PDF, image/png ', UPLOAD_ORPHAN_GRACE_MINUTES: '15' },
      {},
    );
    expect(config.uploads.allowedMediaTypes).toEqual(['application/pdf', 'image/png']);
    expect(config.uploads.orphanGraceMs).toBe(15 * 60_000);
    expect(loadConfig({ ALLOWED_MEDIA_TYPES: '' }, {}).uploads.allowedMediaTypes).toBeUndefined();
    expect(() => loadConfig({ ALLOWED_MEDIA_TYPES: 'pdf' }, {})).toThrow(/ALLOWED_MEDIA_TYPES/);
    expect(() => loadConfig({ ALLOWED_MEDIA_TYPES: 'application/pdf,' }, {})).toThrow(
      /ALLOWED_MEDIA_TYPES/,
    );
    expect(() => loadConfig({ UPLOAD_ORPHAN_GRACE_MINUTES: '1' }, {})).toThrow(
      /UPLOAD_ORPHAN_GRACE_MINUTES/,
    );
  });

  it('requires a long JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, {})).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ JWT_SECRET: 'short' }, {})).toThrow(/JWT_SECRET/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, {});
    expect(config.auth.jwtSecretGenerated).toBe(false);
  });

  it('requires an admin password with an admin email', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'admin@example.com' }, {})).toThrow(/ADMIN_PASSWORD/);
    expect(() =>
      loadConfig({ ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'aaaaaaaaaaaa' }, {}),
    ).toThrow(/ADMIN_PASSWORD must use more than a few different characters/);
    const config = loadConfig(
      { ADMIN_EMAIL: 'a@example.com', ADMIN_PASSWORD: 'long-enough-pass' },
      {},
    );
    expect(config.auth.admin).toEqual({ email: 'a@example.com', password: 'long-enough-pass' });
  });

  it('logs readable lines on a terminal outside production, JSON lines otherwise', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig({}, {}, true).logFormat).toBe('pretty');
    expect(loadConfig({}, {}, false).logFormat).toBe('json');
    expect(loadConfig(production, {}, true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }, {}, true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, {}, false).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' }, {})).toThrow(/LOG_FORMAT/);
  });

  it('reads which proxies to trust', () => {
    expect(loadConfig({}, {}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }, {}).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }, {}).http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, {}).http.trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' }, {})).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' }, {})).toThrow(/TRUST_PROXY/);
  });

  it('keeps a thread-pool thread free of password hashing', () => {
    const cores = availableParallelism();
    expect(loadConfig({}, {}).auth.passwordHashConcurrency).toBe(Math.min(2, cores));
    expect(loadConfig({ UV_THREADPOOL_SIZE: '16' }, {}).auth.passwordHashConcurrency).toBe(
      Math.min(8, cores),
    );
    expect(loadConfig({ PASSWORD_HASH_CONCURRENCY: '3' }, {}).auth.passwordHashConcurrency).toBe(3);
    expect(() => loadConfig({ PASSWORD_HASH_CONCURRENCY: '4' }, {})).toThrow(
      /PASSWORD_HASH_CONCURRENCY must be below UV_THREADPOOL_SIZE/,
    );
  });

  it('serves OpenAPI unless production, or unless switched off', () => {
    expect(loadConfig({}, {}).http.openApi).toBe(true);
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(production, {}).http.openApi).toBe(false);
    expect(loadConfig({ ...production, OPENAPI_ENABLED: 'true' }, {}).http.openApi).toBe(true);
    expect(loadConfig({ OPENAPI_ENABLED: 'false' }, {}).http.openApi).toBe(false);
    expect(() => loadConfig({ OPENAPI_ENABLED: 'maybe' }, {})).toThrow(/OPENAPI_ENABLED/);
  });

  it('bounds waiting for the database', () => {
    const config = loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '2500' }, {});
    expect(config.database).toMatchObject({ connectTimeoutMs: 5000, statementTimeoutMs: 2500 });
    expect(() => loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '0' }, {})).toThrow(
      /DATABASE_CONNECT_TIMEOUT_MS/,
    );
  });
});
