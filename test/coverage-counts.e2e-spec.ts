import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addEvidence, isoDay } from './support/evidence-factories.js';
import { ADMIN, as, createTenant, login, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const CODES = ['K1', 'K2', 'K3', 'S1', 'S2', 'B1', 'D1'];

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

/**
 * The kept coverage counts (coverage_counts, kept by triggers) against a recount from the tags
 * themselves, after a random sequence of every kind of change the API makes to tags.
 */
describe('Kept coverage counts never drift from the tags', () => {
  let t: TestApp;
  let a: Tenant;

  type Counts = { a: string; c: string; accepted: number; claimed: number; times: string }[];
  const kept = () =>
    t.dataSource.query<Counts>(
      `SELECT apprenticeship_id AS a, criterion_id AS c, accepted_count AS accepted,
              claimed_count AS claimed, accepted_times::text AS times
       FROM coverage_counts WHERE accepted_count + claimed_count > 0 ORDER BY 1, 2`,
    );
  const recounted = () =>
    t.dataSource.query<Counts>(
      `SELECT e.apprenticeship_id AS a, t.criterion_id AS c,
              count(*) FILTER (WHERE t.status = 'accepted')::int AS accepted,
              count(*) FILTER (WHERE t.status = 'claimed')::int AS claimed,
              coalesce(array_agg(t.decided_at ORDER BY t.decided_at)
                         FILTER (WHERE t.status = 'accepted'), '{}')::text AS times
       FROM evidence_tags t JOIN evidence e ON e.id = t.evidence_id
       GROUP BY 1, 2 HAVING count(*) FILTER (WHERE t.status <> 'rejected') > 0 ORDER BY 1, 2`,
    );

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
  });
  afterAll(async () => {
    await t.close();
  });

  it('matches a recount after each of 120 random changes', async () => {
    const pick = random(20261202);
    const apprentice = as(t, a.apprentice.token);
    const provider = as(t, a.provider.token);
    const live: { id: string; status: string; codes: string[] }[] = [];
    const someCodes = () => [...new Set(Array.from({ length: 1 + pick(3) }, () => CODES[pick(7)]))];
    let checks = 0;
    for (let step = 0; step < 120; step++) {
      const e = live.length > 0 ? live[pick(live.length)] : undefined;
      const move = e ? pick(6) : 0;
      if (move === 0) {
        const codes = someCodes();
        const created = await addEvidence(t, a.apprentice.token, a.apprenticeshipId, codes);
        live.push({ id: created.id, status: 'draft', codes });
      } else if (move === 1 && e!.status !== 'accepted') {
        e!.codes = someCodes();
        await apprentice
          .put(`/api/evidence/${e!.id}/tags`)
          .send(e!.codes.map((code) => ({ code, justification: 'Shows it' })))
          .expect(200);
      } else if (move === 2 && e!.status !== 'accepted' && e!.status !== 'submitted') {
        await apprentice.post(`/api/evidence/${e!.id}/submit`).expect(200);
        e!.status = 'submitted';
      } else if (move === 3 && e!.status === 'submitted') {
        const decisions = e!.codes.map((code) => ({
          code,
          decision: pick(3) === 0 ? 'rejected' : 'accepted',
          reason: 'Decided',
        }));
        const outcome = decisions.some((d) => d.decision === 'accepted') && pick(2) === 0;
        await provider
          .post(`/api/evidence/${e!.id}/review`)
          .send({ decisions, outcome: outcome ? 'accepted' : 'changes_requested' })
          .expect(200);
        e!.status = outcome ? 'accepted' : 'changes_requested';
      } else if (move === 4 && e!.status !== 'accepted') {
        await apprentice.delete(`/api/evidence/${e!.id}`).expect(204);
        live.splice(live.indexOf(e!), 1);
      } else if (move === 5 && e!.status !== 'accepted') {
        await apprentice
          .patch(`/api/evidence/${e!.id}`)
          .send({ title: `Edited ${step}`, activityDate: isoDay(0) })
          .expect(200);
      }
      // After every change: a later change to the same pair recounts it from the tags, which
      // would hide a missed one.
      expect(await kept()).toEqual(await recounted());
      checks++;
    }
    expect(checks).toBe(120);
    expect((await recounted()).length).toBeGreaterThan(0);
  });
});
