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

  it('sends a reload of a form’s address to the page the form is on, a level up', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    for (const [path, page] of [
      [`/otj-approvals/${id}`, '/otj-approvals'],
      [`/progress-review/${id}/sign`, `/progress-review/${id}`],
    ]) {
      const res = await request(t.http).get(path).expect(303);
      expect(res.headers.location).toBe(page);
    }
  });

  it('answers a form’s address opened without its form, no page above it, with the 404 page', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    for (const path of [
      `/evidence/${id}/add-comment`,
      `/evidence/${id}/send-for-review`,
      `/admin/users/${id}/disable`,
    ]) {
      const res = await request(t.http).get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('Page not found');
      expect(res.text).toContain('KSB Portfolio');
      expect(res.text).not.toContain('ROUTE_NOT_FOUND');
    }
    // The same rule for any method a page does not take, and a page's own methods still work.
    const put = await request(t.http).put('/review-queue').expect(404);
    expect(put.text).toContain('Page not found');
    await request(t.http).head('/sign-in').expect(200);
  });

  it('keeps the API’s JSON 404 under /api', async () => {
    const res = await request(t.http).get('/api/no-such-thing').expect(404);
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    // An API address asked with a method it does not take stays JSON too.
    const wrong = await request(t.http).delete('/api/evidence').expect(404);
    expect(wrong.body).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('still serves the real pages and assets; no page is kept in a cache, the assets may be', async () => {
    const page = await request(t.http).get('/sign-in').expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const missing = await request(t.http).get('/no-such-page').expect(404);
    expect(missing.headers['cache-control']).toBe('no-store');
    const asset = await request(t.http).get('/assets/favicon.svg').expect(200);
    expect(asset.headers['cache-control']).not.toContain('no-store');
  });
});
