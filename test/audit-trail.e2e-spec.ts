import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { importStandard } from './support/evidence-factories.js';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

/** Changes outside any one apprenticeship are on the trail too, with who made them. */
describe('Audit trail of people, organisations, cohorts and standards', () => {
  let t: TestApp;
  let adminToken: string;
  let adminId: string;
  let a: Tenant;

  const events = (entityId: string) =>
    t.dataSource.query<
      { action: string; actor_id: string | null; before: object; after: object }[]
    >('SELECT action, actor_id, before, after FROM audit_events WHERE entity_id = $1 ORDER BY id', [
      entityId,
    ]);

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await login(t, ADMIN.email, ADMIN.password);
    adminId = (await as(t, adminToken).get('/api/me').expect(200)).body.id;
    a = await createTenant(t, adminToken);
  });
  afterAll(async () => {
    await t.close();
  });

  it('records the users, organisations and cohort a tenant was set up with', async () => {
    expect((await events(a.apprentice.id)).map((e) => e.action)).toEqual(['user.created']);
    expect((await events(a.employerId)).map((e) => e.action)).toEqual(['organisation.created']);
    const [cohort] = await events(a.cohortId);
    expect(cohort).toMatchObject({ action: 'cohort.created', actor_id: a.provider.id });
  });

  it('records an evidence threshold change, before and after (it flips coverage)', async () => {
    await as(t, a.provider.token)
      .patch(`/api/organisations/${a.providerId}`)
      .send({ evidenceThreshold: 2 })
      .expect(200);
    const changes = (await events(a.providerId)).filter((e) => e.action === 'organisation.updated');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      actor_id: a.provider.id,
      before: { evidenceThreshold: null },
      after: { evidenceThreshold: 2 },
    });
  });

  it('records cohort changes and deletion', async () => {
    const created = await as(t, a.provider.token)
      .post('/api/cohorts')
      .send({ name: 'Short-lived cohort', standardCode: 'ST1398' })
      .expect(201);
    await as(t, a.provider.token)
      .patch(`/api/cohorts/${created.body.id}`)
      .send({ name: 'Renamed' })
      .expect(200);
    await as(t, a.provider.token).delete(`/api/cohorts/${created.body.id}`).expect(204);
    const trail = await events(created.body.id);
    expect(trail.map((e) => e.action)).toEqual([
      'cohort.created',
      'cohort.updated',
      'cohort.deleted',
    ]);
    expect(trail[1]).toMatchObject({
      before: { name: 'Short-lived cohort' },
      after: { name: 'Renamed' },
    });
  });

  it('records a standard import by the admin who made it, and not an unchanged re-import', async () => {
    const doc = {
      code: 'ST9301',
      criteria: [{ kind: 'knowledge' as const, code: 'K1', text: 'Knows' }],
    };
    await importStandard(t, adminToken, doc);
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM standards WHERE code = 'ST9301'`,
    );
    await as(t, adminToken)
      .post('/api/standards')
      .send({
        version: '1.0',
        title: 'Test standard ST9301',
        level: 4,
        status: 'approved_for_delivery',
        ...doc,
      })
      .expect(200);
    const trail = await events(id);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ action: 'standard.imported', actor_id: adminId });
  });
});
