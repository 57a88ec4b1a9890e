/**
 * Outside /api an unknown address is a page in the site's own look; inside /api it stays the
 * API's JSON error with its stable code.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, TestApp } from './support/test-app.js';

describe('Unknown addresses', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers an unknown page with our 404 page, not the framework’s', async () => {
    const res = await request(t.http).get('/no-such-page').expect(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Page not found');
    expect(res.text).toContain('KSB Portfolio');
    expect(res.text).not.toContain('Cannot GET');
  });

  it('keeps the API’s JSON 404 under /api', async () => {
    const res = await request(t.http).get('/api/no-such-thing').expect(404);
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('still serves the real pages and assets', async () => {
    await request(t.http).get('/sign-in').expect(200);
    await request(t.http).get('/assets/favicon.svg').expect(200);
  });
});
