/**
 * Off-the-job progress benchmark: one provider with 1,000 apprenticeships × 300 entries each
 * (300,000 entries), on a real PostgreSQL.
 *
 *   npm run build && npm run build:bench && \
 *     DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node dist/bench/otj.bench.js
 *
 * The bench works in a database of its own on that server (ksb_otj: created if missing, wiped
 * and migrated every run); without DATABASE_URL, the embedded database. It seeds with bulk SQL
 * (generate_series; OTJ_APPRENTICESHIPS and OTJ_ENTRIES override the counts), then times the
 * progress of every apprenticeship of the provider — the one aggregate statement of otj-sql.ts —
 * straight on the database, and over HTTP through the learner-record endpoint and the provider
 * overview. Target: p95 < 300 ms on a real PostgreSQL. Exits 1 when it is missed.
 */
import { DataSource } from 'typeorm';
import { progressSql } from '../src/modules/otj/otj-sql.js';
import { apprenticeshipScope } from '../src/modules/access/access-scopes.js';
import { login, ms, pct, seed, startBenchApp, timed } from './pg-seed.js';

const APPRENTICESHIPS = Number(process.env.OTJ_APPRENTICESHIPS ?? 1000);
const ENTRIES_EACH = Number(process.env.OTJ_ENTRIES ?? 300);
const RUNS = 40;
const TARGET_P95 = 300;
const ADMIN = { email: 'operator@bench.example', password: 'correct-horse-2026' };
const PROVIDER = { email: 'tutor@bench.example', password: 'review-pass-2026' };

async function main(): Promise<void> {
  const bench = await startBenchApp('ksb_otj', ADMIN, PROVIDER);
  const { db, providerId, tutorId, base } = bench;
  try {
    let started = performance.now();
    await seed(db, providerId, tutorId, {
      apprenticeships: APPRENTICESHIPS,
      evidenceEach: 1,
      tagsEach: 1,
      cohortSize: 200,
    });
    // A plan for nine in ten; entries on days from the start, a mix of statuses and categories
    // (one in six does not count), authored by the apprentice, decided by the tutor.
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO otj_plans (apprenticeship_id, planned_hours, rpl_hours)
       SELECT id, 300 + (uln::bigint % 200), (uln::bigint % 3) * 10 FROM apprenticeships
       WHERE uln::bigint % 10 <> 0`,
    );
    await db.query(
      `WITH cats AS (SELECT id, (row_number() OVER (ORDER BY position) - 1)::int AS idx
                     FROM otj_categories WHERE rule_year = '2025/26')
       INSERT INTO otj_entries (apprenticeship_id, activity_date, start_time, duration_minutes,
                                description, category_id, delivered_by, criteria, status,
                                author_id, decided_by_id, decided_at)
       SELECT a.id, least(a.start_date + (k * 2) % greatest(current_date - a.start_date, 1), current_date),
              time '09:00' + (k % 6) * interval '1 hour', 30 + (k % 8) * 30,
              'Training session ' || k, cats.id,
              (ARRAY['provider', 'employer', 'subcontractor'])[1 + k % 3]::otj_deliverer, '{K5,S3}',
              (ARRAY['approved', 'approved', 'approved', 'pending', 'rejected'])[1 + k % 5]::otj_entry_status,
              a.apprentice_id, CASE WHEN k % 5 <> 3 THEN $1::uuid END,
              CASE WHEN k % 5 <> 3 THEN now() END
       FROM apprenticeships a CROSS JOIN generate_series(1, $2::int) k
       JOIN cats ON cats.idx = CASE WHEN k % 6 = 0 THEN 3 ELSE k % 3 END`,
      [tutorId, ENTRIES_EACH],
    );
    await db.query('COMMIT');
    await db.query('ANALYZE');
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM otj_entries'))
      .rows;
    console.log(
      `${bench.label}: seeded ${APPRENTICESHIPS} apprenticeships × ${ENTRIES_EACH} entries ` +
        `(${n} entries) in ${ms(performance.now() - started)}`,
    );

    // The statement itself, straight on the server: the provider's whole progress, one query.
    const scope = apprenticeshipScope(
      { id: '', email: '', name: '', role: 'provider', organisationId: providerId, providerId },
      'a',
    );
    const [text, values] = bench.app
      .get(DataSource)
      .driver.escapeQueryWithParameters(progressSql(scope.sql), {
        ...scope.params,
        today: new Date().toISOString().slice(0, 10),
      });
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      rows = (await db.query(text, values)).rowCount ?? 0;
      times.push(performance.now() - started);
    }
    const sorted = times.sort((x, y) => x - y);
    const sql = { p50: pct(sorted, 50), p95: pct(sorted, 95) };
    console.log(
      `${'progress SQL, one statement'.padEnd(44)} n=${String(RUNS).padStart(3)}  p50 ${ms(sql.p50).padStart(9)}` +
        `  p95 ${ms(sql.p95).padStart(9)}  (${rows} rows)`,
    );
    const token = await login(base, PROVIDER);
    const api = await timed(
      'GET /api/otj/learner-record (all 1,000)',
      Array.from({ length: RUNS }, () => '/api/otj/learner-record'),
      token,
      base,
    );
    await timed(
      'GET /api/coverage/overview?limit=200 (+ OTJ)',
      Array.from({ length: 10 }, () => '/api/coverage/overview?limit=200'),
      token,
      base,
    );
    const ok = sql.p95 < TARGET_P95 && api.p95 < TARGET_P95;
    console.log(
      `target p95 < ${TARGET_P95} ms: SQL ${ms(sql.p95)}, API ${ms(api.p95)} — ${ok ? 'met' : 'MISSED'}`,
    );
    if (!ok && bench.label === 'real PostgreSQL') process.exitCode = 1;
  } finally {
    await bench.close();
  }
}

await main();
