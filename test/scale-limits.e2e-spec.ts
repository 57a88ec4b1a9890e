/**
 * The general per-address request limit on one instance (memory in embedded mode, the
 * rate_limits table with DATABASE_URL): API and pages alike, Retry-After, health exempt.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, TestApp } from './support/test-app.js';

describe('Requests per address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REQUESTS_PER_MINUTE: '10', TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const from = (address: string, path: string) =>
    request(t.http).get(path).set('X-Forwarded-For', address);

  it('answers 429 RATE_LIMITED with Retry-After once an address spends its minute', async () => {
    for (let i = 0; i < 10; i++) await from('192.0.2.1', '/api/me').expect(401);
    const refused = await from('192.0.2.1', '/api/me').expect(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
  });

  it('counts pages too, with the site’s own error page', async () => {
    for (let i = 0; i < 10; i++) await from('192.0.2.2', '/sign-in').expect(200);
    const page = await from('192.0.2.2', '/sign-in').expect(429);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['retry-after']).toBeDefined();
  });

  it('leaves other addresses and the health check alone', async () => {
    await from('192.0.2.3', '/api/me').expect(401);
    await from('192.0.2.1', '/api/health').expect(200);
  });
});
