import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_USERS, seedDemo } from '../src/modules/demo/demo-seed.js';
import { readPdf } from './support/pdf-tools.js';
import { readZip } from './support/zip-reader.js';
import { as, login, binary } from './support/factories.js';
import { createTestApp, DEMO_SEED_TIMEOUT_MS, TestApp } from './support/test-app.js';

const credentials = (email: string) => {
  const user = DEMO_USERS.find((u) => u.email === email)!;
  return [user.email, user.password] as const;
};

/**
 * The demo a newcomer signs in to: Zoë in training, and Samir's portfolio frozen at gateway for
 * the assessor, through the same rules as the API (no override: every K, S and B is evidenced).
 */
describe('Demo seed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.app);
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(() => t.close());

  it('freezes Samir’s portfolio at gateway with every K, S and B accepted, without an override', async () => {
    const samir = as(t, await login(t, ...credentials('samir@ksb-demo.example')));
    const [mine] = (await samir.get('/api/apprenticeships').expect(200)).body.items;
    expect(mine.status).toBe('gateway');
    const coverage = (await samir.get(`/api/apprenticeships/${mine.id}/coverage`).expect(200)).body;
    const missing = coverage.criteria
      .filter((c: { status: string }) => c.status !== 'evidenced')
      .map((c: { code: string }) => c.code);
    expect(missing).toEqual([]);
    const snapshots = (await samir.get(`/api/apprenticeships/${mine.id}/snapshots`).expect(200))
      .body.items;
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0].overrideReason).toBeNull();
    expect(snapshots[0].evidence).toHaveLength(12);
  });

  it('gives the assessor the frozen EPA pack, files and all, and Zoë’s portfolio still in training', async () => {
    const assessor = as(t, await login(t, ...credentials('assessor@ksb-demo.example')));
    const assigned = (await assessor.get('/api/apprenticeships').expect(200)).body.items as {
      id: string;
      status: string;
    }[];
    expect(assigned.map((a) => a.status).sort()).toEqual(['gateway', 'in_training']);
    const frozen = assigned.find((a) => a.status === 'gateway')!;
    const [snapshot] = (
      await assessor.get(`/api/apprenticeships/${frozen.id}/snapshots`).expect(200)
    ).body.items;
    const pdf = await binary(assessor.get(`/api/snapshots/${snapshot.id}/portfolio.pdf`)).expect(
      200,
    );
    const text = (await readPdf(pdf.body as Buffer)).pageTexts().join('\n');
    expect(text).toContain('Samir Haddad');
    expect(text).toContain('Frozen by Priya Tutor');
    expect(text).toContain('(1 day)'); // a signature the day after its meeting
    expect(text).not.toContain('(1 days)');
    expect(text).toContain('Returns-fraud model: the first year'); // the appended handover PDF
    expect(text).toContain('Model card: returns-fraud classifier'); // the Markdown file, in the page
    const zip = await binary(assessor.get(`/api/snapshots/${snapshot.id}/portfolio.zip`)).expect(
      200,
    );
    const names = readZip(zip.body as Buffer).map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^E3-.*\/tuning-results\.csv$/),
        expect.stringMatching(/^E7-.*\/model-card\.md$/),
        expect.stringMatching(/^E11-.*\/handover-summary\.pdf$/),
        'manifest.json',
      ]),
    );
  });

  it('dates its history as it happened: reviews each quarter, signed and decided in time', async () => {
    for (const email of ['samir@ksb-demo.example', 'zoe@ksb-demo.example']) {
      const user = as(t, await login(t, ...credentials(email)));
      const [mine] = (await user.get('/api/apprenticeships').expect(200)).body.items;
      const { schedule, reviews } = (
        await user.get(`/api/apprenticeships/${mine.id}/progress-reviews`).expect(200)
      ).body;
      expect(reviews.length).toBeGreaterThanOrEqual(email.startsWith('samir') ? 10 : 4);
      expect(schedule.overdue).toBe(false);
      for (const review of reviews) {
        expect({ number: review.number, heldLate: review.heldLate }).toEqual({
          number: review.number,
          heldLate: false,
        });
        for (const s of review.signatures.filter((x: { signed: boolean }) => x.signed)) {
          expect({ review: review.number, party: s.party, late: s.late }).toEqual({
            review: review.number,
            party: s.party,
            late: false,
          });
        }
      }
    }
    // Samir's last review: what changed since the one before, each criterion with its date.
    const samir = as(t, await login(t, ...credentials('samir@ksb-demo.example')));
    const [his] = (await samir.get('/api/apprenticeships').expect(200)).body.items;
    const [last] = (await samir.get(`/api/apprenticeships/${his.id}/progress-reviews`).expect(200))
      .body.reviews;
    const pdf = await binary(samir.get(`/api/progress-reviews/${last.id}/review.pdf`)).expect(200);
    const review = (await readPdf(pdf.body as Buffer)).pageTexts().join('\n');
    expect(review).toMatch(/Criteria newly evidenced[\s\S]*Evidenced on[\s\S]*K28/);
    expect(review).toContain('Training provider Priya Tutor 20 October 2026, 10:00 UTC 1 day');
    // Every decision a week or so after the work it decides, none on the day of the seeding.
    const [decisions] = await t.dataSource.query(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE t.decided_at::date NOT BETWEEN e.activity_date + 1
                                                          AND e.activity_date + 30)::int AS off
       FROM evidence_tags t JOIN evidence e ON e.id = t.evidence_id WHERE t.decided_at IS NOT NULL`,
    );
    expect(decisions.n).toBeGreaterThan(50);
    expect(decisions.off).toBe(0);
    // Every hour of training logged the day after it, those still waiting for the tutor too.
    const [logged] = await t.dataSource.query(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE (created_at AT TIME ZONE 'UTC')::date <> activity_date + 1)::int AS off,
              count(*) FILTER (WHERE status = 'pending')::int AS pending
       FROM otj_entries`,
    );
    expect(logged).toMatchObject({ off: 0, pending: 2 });
    expect(logged.n).toBeGreaterThan(20);
    const frozen = await t.dataSource.query(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM portfolio_snapshots`,
    );
    expect(frozen).toEqual([{ day: '2026-11-02' }]);
    // The organisations and people were added before anyone started, each apprenticeship and its
    // cohort before its start: none of them on the day of the seeding.
    const added = await t.dataSource.query(
      `SELECT what, to_char(min(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS first,
              to_char(max(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS last
       FROM (SELECT 'organisations' AS what, created_at AS at FROM organisations
             UNION ALL SELECT CASE role WHEN 'apprentice' THEN 'apprentices' ELSE 'staff' END,
                              created_at FROM users WHERE email LIKE '%@ksb-demo.example'
             UNION ALL SELECT 'cohorts', created_at FROM cohorts
             UNION ALL SELECT 'apprenticeships', created_at FROM apprenticeships
             UNION ALL SELECT 'training plans', created_at FROM otj_plans) x
       GROUP BY what ORDER BY what`,
    );
    expect(added).toEqual([
      { what: 'apprentices', first: '2024-08-19', last: '2025-12-15' },
      { what: 'apprenticeships', first: '2024-08-19', last: '2025-12-15' },
      { what: 'cohorts', first: '2024-08-19', last: '2025-12-15' },
      { what: 'organisations', first: '2024-08-19', last: '2024-08-19' },
      { what: 'staff', first: '2024-08-19', last: '2024-08-19' },
      { what: 'training plans', first: '2024-09-02', last: '2026-01-05' },
    ]);
  });

  it('runs again without changing anything', async () => {
    const count = async (table: string) =>
      Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
    const before = await Promise.all(
      ['evidence', 'portfolio_snapshots', 'gateway_declarations', 'otj_entries'].map(count),
    );
    await seedDemo(t.app);
    const after = await Promise.all(
      ['evidence', 'portfolio_snapshots', 'gateway_declarations', 'otj_entries'].map(count),
    );
    expect(after).toEqual(before);
  });
});
