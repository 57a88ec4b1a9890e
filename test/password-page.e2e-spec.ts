/**
 * Changing one's own password in the pages: the current one is needed, the new one twice, each
 * problem at its field; once changed, every session ends and the new password signs in.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ADMIN, createTenant, login, Tenant } from './support/factories.js';
import { errorSummaryTargets } from './support/page-html.js';
import { createTestApp, TestApp } from './support/test-app.js';

const CSRF = 'csrf-token-for-the-password-form';

describe('The change-password page', () => {
  let t: TestApp;
  let a: Tenant;
  const post = (token: string, fields: Record<string, string>) =>
    request(t.http)
      .post('/account/password')
      .set('Cookie', `ksb_session=${token}; ksb_csrf=${CSRF}`)
      .type('form')
      .send(new URLSearchParams({ ...fields, _csrf: CSRF }).toString());

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is linked from every page for the signed-in user', async () => {
    const home = await request(t.http).get('/').set('Cookie', `ksb_session=${a.employer.token}`);
    expect(home.text).toContain('href="/account/password"');
    const form = await request(t.http)
      .get('/account/password')
      .set('Cookie', `ksb_session=${a.employer.token}`)
      .expect(200);
    expect(form.text).toContain('Change your password');
    expect(form.text).toContain('autocomplete="current-password"');
  });

  it('names each problem at its field, and changes nothing until all are right', async () => {
    const token = a.employer.token;
    const empty = await post(token, { currentPassword: '', password: '', confirmPassword: '' });
    expect(empty.status).toBe(422);
    expect(errorSummaryTargets(empty.text)).toEqual(['currentPassword', 'password']);
    const mismatch = await post(token, {
      currentPassword: a.employer.password,
      password: 'a-brand-new-secret-2026',
      confirmPassword: 'a-brand-new-secret-2027',
    });
    expect(errorSummaryTargets(mismatch.text)).toEqual(['confirmPassword']);
    const weak = await post(token, {
      currentPassword: a.employer.password,
      password: 'short1',
      confirmPassword: 'short1',
    });
    expect(weak.status).toBe(422);
    expect(weak.text).toContain('The new password must be at least 12 characters');
    const wrong = await post(token, {
      currentPassword: 'not-the-password-2026',
      password: 'a-brand-new-secret-2026',
      confirmPassword: 'a-brand-new-secret-2026',
    });
    expect(wrong.status).toBe(422);
    expect(errorSummaryTargets(wrong.text)).toEqual(['currentPassword']);
    expect(wrong.text).toContain('Your current password is not right');
    // Still signed in, the old password still good.
    await request(t.http).get('/').set('Cookie', `ksb_session=${token}`).expect(200);
    await login(t, a.employer.email, a.employer.password);
  });

  it('changes it, ends every session and asks to sign in with the new one', async () => {
    const token = await login(t, a.provider.email, a.provider.password);
    const other = await login(t, a.provider.email, a.provider.password);
    const fresh = 'my-own-choice-of-secret-2026';
    const res = await post(token, {
      currentPassword: a.provider.password,
      password: fresh,
      confirmPassword: fresh,
    });
    expect([res.status, res.headers.location]).toEqual([303, '/sign-in?passwordChanged=1']);
    expect(String(res.headers['set-cookie'])).toMatch(/ksb_session=;/);
    const told = await request(t.http).get(res.headers.location).expect(200);
    expect(told.text).toContain('Your password has been changed');
    // Every earlier session ends; the new password signs in, the old one does not.
    const stale = await request(t.http).get('/').set('Cookie', `ksb_session=${other}`);
    expect([stale.status, stale.headers.location]).toEqual([303, '/sign-in?next=%2F']);
    await login(t, a.provider.email, fresh);
    await request(t.http)
      .post('/api/auth/login')
      .send({ email: a.provider.email, password: a.provider.password })
      .expect(401);
  });
});
