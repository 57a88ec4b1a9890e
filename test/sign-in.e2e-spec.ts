/**
 * Issue 11, items 5, 7 and (sign-ins) 9: sign-in limits that cannot be raced or turned against
 * the account's owner, bounded hashing, tokens revoked by a password change and refused for any
 * malformed claim, and every sign-in audited.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import { passwordHashingStats } from '../src/common/security/password.js';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token signed with the service's own key, carrying whatever claims the test wants. */
function signed(claims: object): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
}

const signIn = (t: TestApp, email: string, password: string, from?: string) => {
  const r = request(t.http).post('/api/auth/login');
  if (from) r.set('X-Forwarded-For', from);
  return r.send({ email, password });
};

describe('Sign-in limits, hashing, tokens and their audit', () => {
  let t: TestApp;
  let tenant: Tenant;

  beforeAll(async () => {
    t = await createTestApp({
      LOGIN_MAX_ATTEMPTS_PER_MINUTE: '5',
      LOGIN_MAX_ATTEMPTS_PER_ACCOUNT_PER_HOUR: '12',
      TRUST_PROXY: 'loopback',
      UV_THREADPOOL_SIZE: '4',
      PASSWORD_HASH_CONCURRENCY: '2',
    });
    tenant = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
  });
  afterAll(async () => {
    await t.close();
  });

  it('checks 5 passwords, not 50, when 50 wrong ones arrive at once, and says when to retry', async () => {
    const before = passwordHashingStats().started;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        signIn(t, tenant.employer.email, 'wrong-password-1', '198.51.100.7'),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(45);
    expect(passwordHashingStats().started - before).toBe(5);
    const limited = responses.find((r) => r.status === 429)!;
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('never runs more password hashes at once than PASSWORD_HASH_CONCURRENCY', () => {
    expect(passwordHashingStats().peak).toBeLessThanOrEqual(2);
    expect(passwordHashingStats().peak).toBeGreaterThan(0);
  });

  it('locks out the address that guessed, not the account owner elsewhere', async () => {
    for (let i = 0; i < 5; i++) {
      await signIn(t, ADMIN.email, `guess-${i}`, '203.0.113.66').expect(401);
    }
    const blocked = await signIn(t, ADMIN.email, ADMIN.password, '203.0.113.66').expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    await signIn(t, ADMIN.email, ADMIN.password, '192.0.2.10').expect(200);
  });

  it('stops guessing spread over many addresses with the account-wide limit', async () => {
    const email = tenant.apprentice.email;
    // 12 per hour for the account: the admin test above left this account untouched.
    for (let i = 0; i < 12; i++) {
      await signIn(t, email, 'wrong-password-1', `198.18.0.${i + 1}`).expect(401);
    }
    const res = await signIn(t, email, tenant.apprentice.password, '198.18.1.1').expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(60);
  });

  it('records every sign-in, successful or not, with the address', async () => {
    await signIn(t, tenant.provider.email, tenant.provider.password, '192.0.2.44').expect(200);
    await signIn(t, tenant.provider.email, 'not-the-password', '192.0.2.44').expect(401);
    await signIn(t, 'nobody@test.example', 'whatever-password', '192.0.2.44').expect(401);
    const rows = await t.dataSource.query(
      `SELECT action, actor_id, entity_id, after FROM audit_events
       WHERE action LIKE 'auth.%' AND after->>'address' = '192.0.2.44' ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        action: 'auth.signed_in',
        actor_id: tenant.provider.id,
        entity_id: null,
        after: { address: '192.0.2.44' },
      },
      {
        action: 'auth.sign_in_failed',
        actor_id: null,
        entity_id: null,
        after: {
          email: tenant.provider.email,
          userId: tenant.provider.id,
          address: '192.0.2.44',
          reason: 'wrong_password',
        },
      },
      {
        action: 'auth.sign_in_failed',
        actor_id: null,
        entity_id: null,
        after: { email: 'nobody@test.example', address: '192.0.2.44', reason: 'unknown_account' },
      },
    ]);
  });

  it('revokes tokens issued before a password change', async () => {
    const person = tenant.employer;
    // The race test above spent this account's budget from another address only.
    const old = await login(t, person.email, person.password);
    await as(t, old).get('/api/me').expect(200);
    const password = 'changed-password-2026';
    await as(t, old)
      .patch(`/api/users/${person.id}`)
      .send({ password, currentPassword: person.password })
      .expect(200);
    const revoked = await as(t, old).get('/api/me').expect(401);
    expect(revoked.body.code).toBe('UNAUTHENTICATED');
    const fresh = await login(t, person.email, password);
    await as(t, fresh).get('/api/me').expect(200);
  });

  it('changes one’s own password only with the current one: a token alone is not enough', async () => {
    // The provider user: the apprentice's and employer's budgets were spent above.
    const person = tenant.provider;
    const token = await login(t, person.email, person.password);
    const url = `/api/users/${person.id}`;
    const password = 'a-new-password-2026';
    const missing = await as(t, token).patch(url).send({ password }).expect(422);
    expect(missing.body.details).toEqual([
      { field: 'currentPassword', message: 'is required to change your own password' },
    ]);
    const wrong = await as(t, token)
      .patch(url)
      .send({ password, currentPassword: 'not-my-password-2026' })
      .expect(422);
    expect(wrong.body.details[0]).toMatchObject({ field: 'currentPassword' });
    // Neither changed anything: the old password still signs in, the token still works.
    await as(t, token).get('/api/me').expect(200);
    await login(t, person.email, person.password);
    // Guessing counts against the sign-in budget of the account and address.
    let status = 0;
    for (let i = 0; i < 8 && status !== 429; i++) {
      status = (
        await as(t, token)
          .patch(url)
          .send({ password, currentPassword: `guess-${i}-wrong-2026` })
      ).status;
    }
    expect(status).toBe(429);
  });

  it.each([
    ['no sub', { sub: undefined, ver: 0 }],
    ['a sub that is not a UUID', { sub: 'admin', ver: 0 }],
    ['a numeric sub', { sub: 42, ver: 0 }],
    ['no token version', {}],
    ['a token version that is text', { ver: '0' }],
    ['no expiry', { noExpiry: true, ver: 0 }],
  ])('answers 401, not 500, to a token with %s', async (_, claims) => {
    const now = Math.floor(Date.now() / 1000);
    const { noExpiry, ...rest } = claims as { noExpiry?: boolean };
    const token = signed({
      sub: tenant.apprentice.id,
      iat: now,
      ...(noExpiry ? {} : { exp: now + 600 }),
      ...rest,
    });
    const res = await as(t, token).get('/api/me');
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });

  it('accepts a well-formed token made the same way (the cases above are not all refused)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = signed({ sub: tenant.apprentice.id, ver: 0, iat: now, exp: now + 600 });
    await as(t, token).get('/api/me').expect(200);
    await as(t, signed({ sub: randomUUID(), ver: 0, iat: now, exp: now + 600 }))
      .get('/api/me')
      .expect(401);
  });
});

describe('Sign-in addresses without a trusted proxy', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says to believe it', async () => {
    for (let i = 0; i < 3; i++) {
      await signIn(t, ADMIN.email, `guess-${i}`, `203.0.113.${i + 1}`).expect(401);
    }
    await signIn(t, ADMIN.email, ADMIN.password, '203.0.113.200').expect(429);
  });
});
