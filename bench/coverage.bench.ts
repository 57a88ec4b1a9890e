/**
 * Coverage benchmark, on a real PostgreSQL or the embedded one: apprenticeships × 200 evidence ×
 * 4 tags (800 tags each; 160,000 per cohort of 200), with the same SQL run straight on the
 * database printed beside as the floor.
 *
 *   npm run build && npm run build:bench && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     node dist/bench/coverage.bench.js        (1,000 apprenticeships: 800,000 tags)
 *   node dist/bench/coverage.bench.js          (embedded: 200 apprenticeships, one cohort)
 *
 * DATABASE_URL names the server; the bench works in a database of its own on it
 * (ksb_coverage_bench: created if missing, wiped and migrated every run); without it, a new
 * embedded database in a temporary directory. It seeds with bulk SQL (COVERAGE_APPRENTICESHIPS
 * overrides the count), starts the real app on loopback and measures over HTTP. Targets (issue
 * 18): apprentice coverage p95 within 1.3× its SQL floor (both run as prepared statements, the
 * floor's query for the same apprenticeship right after each request, so that a machine whose
 * load drifts weighs on both alike; the cohort matrix's floor is printed the same way, without a
 * target); the 200-apprentice cohort matrix p95 < 80 ms on a real PostgreSQL; on the embedded
 * one, /api/health p99 < 50 ms while cohort reports run back to back. Exits 1 when a target is
 * missed. The cohort page's other report, its coverage timeline, is timed beside them (no target).
 */
import { createRequire } from 'node:module';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { apprenticeshipScope } from '../src/modules/access/access-scopes.js';
import {
  APPRENTICESHIP_COVERAGE_SQL,
  cohortCoverageSql,
  overviewSql,
} from '../src/modules/coverage/coverage-queries.js';
import { login, ms, seed, sequence, timed, startBenchApp } from './pg-seed.js';
import { percentile, probeHealth, summary } from './support.js';

const BENCH_DB = 'ksb_coverage_bench';
const EVIDENCE_EACH = 200; // × 4 tags: 800 tags per apprentice, 160,000 per cohort of 200
const TAGS_EACH = 4;
const COHORT_SIZE = 200;
const ADMIN = { email: 'operator@bench.example', password: 'correct-horse-2026' };
const PROVIDER = { email: 'tutor@bench.example', password: 'review-pass-2026' };

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no types (no @types/autocannon in the project): load it through require.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** The statement as the service runs it, straight on the server: prepared, planned once. */
function floorQuery(db: Client, dataSource: DataSource, label: string) {
  return async (sql: string, params: Record<string, unknown>) => {
    const [text, values] = dataSource.driver.escapeQueryWithParameters(sql, params);
    await db.query({ name: `floor_${label.replace(/\W+/g, '_')}`, text, values });
  };
}

/** p95 of the API against the floor's, and the ratio. */
function overFloor(label: string, api: number, floor: number): number {
  console.log(
    `SQL floor ${label.padEnd(34)} p95 ${ms(floor).padStart(9)}; API p95 ${ms(api)} = ${(api / floor).toFixed(2)}× the floor`,
  );
  return api / floor;
}

/**
 * The cohort statement straight on the server (no HTTP, no Nest), for `cohorts[index % n]`: run
 * alternately with the API's requests, like the apprentice's floor, so both see the same machine.
 */
function cohortFloor(
  db: Client,
  dataSource: DataSource,
  providerId: string,
  cohorts: { id: string }[],
) {
  const scope = apprenticeshipScope(
    { id: '', email: '', name: '', role: 'provider', organisationId: providerId, providerId },
    'a',
  );
  const run = floorQuery(db, dataSource, 'cohort');
  const sql = cohortCoverageSql(`a.cohort_id = :cohortId AND (${scope.sql})`);
  return {
    label: 'its SQL floor, straight on the server',
    run: (index: number) =>
      run(sql, { ...scope.params, cohortId: cohorts[index % cohorts.length].id }),
  };
}

async function explainAll(db: Client, dataSource: DataSource, providerId: string) {
  const ids = await db.query<{ id: string; cohort_id: string }>(
    `SELECT id, cohort_id FROM apprenticeships ORDER BY uln LIMIT 1 OFFSET (SELECT count(*) / 2 FROM apprenticeships)`,
  );
  const scope = apprenticeshipScope(
    { id: '', email: '', name: '', role: 'provider', organisationId: providerId, providerId },
    'a',
  );
  const statements: [string, string, Record<string, unknown>][] = [
    ['apprentice coverage', APPRENTICESHIP_COVERAGE_SQL.sql, { apprenticeshipId: ids.rows[0].id }],
    [
      'cohort matrix (200 apprentices)',
      cohortCoverageSql(`a.cohort_id = :cohortId AND (${scope.sql})`),
      { ...scope.params, cohortId: ids.rows[0].cohort_id },
    ],
    [
      'provider overview (first page of 50)',
      overviewSql(`(${scope.sql})`),
      {
        ...scope.params,
        today: new Date().toISOString().slice(0, 10),
        pageLimit: 50,
        pageOffset: 0,
      },
    ],
  ];
  const plans: { label: string; ms: number; plan: string }[] = [];
  for (const [label, sql, params] of statements) {
    const [text, values] = dataSource.driver.escapeQueryWithParameters(sql, params);
    await db.query(text, values); // warm
    const res = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
      values,
    );
    const plan = res.rows.map((r) => r['QUERY PLAN']).join('\n');
    const execution = Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? NaN);
    console.log(`EXPLAIN ANALYZE ${label.padEnd(44)} execution ${ms(execution)}`);
    plans.push({ label, ms: execution, plan });
  }
  const slowest = plans.sort((x, y) => y.ms - x.ms)[0];
  console.log(`\nSlowest query: ${slowest.label}\n${slowest.plan}\n`);
}

async function main(): Promise<void> {
  const { label, base, app, db, providerId, tutorId, poolSize, close } = await startBenchApp(
    BENCH_DB,
    ADMIN,
    PROVIDER,
  );
  try {
    const real = label === 'real PostgreSQL';
    const apprenticeshipCount = Number(process.env.COVERAGE_APPRENTICESHIPS ?? (real ? 1000 : 200));
    console.log(`${label}, ${apprenticeshipCount} apprenticeships`);
    const started = performance.now();
    await seed(db, providerId, tutorId, {
      apprenticeships: apprenticeshipCount,
      evidenceEach: EVIDENCE_EACH,
      tagsEach: TAGS_EACH,
      cohortSize: COHORT_SIZE,
    });
    const counts = await db.query<{ a: number; e: number; t: number }>(
      `SELECT (SELECT count(*) FROM apprenticeships)::int AS a, (SELECT count(*) FROM evidence)::int AS e,
              (SELECT count(*) FROM evidence_tags)::int AS t`,
    );
    const { a, e, t } = counts.rows[0];
    console.log(
      `seeded ${a} apprenticeships, ${e} evidence, ${t} tags in ${ms(performance.now() - started)}\n`,
    );

    const token = await login(base, PROVIDER);
    const apprenticeships = (await db.query<{ id: string }>('SELECT id FROM apprenticeships')).rows;
    const cohorts = (await db.query<{ id: string }>('SELECT id FROM cohorts')).rows;
    const pick = sequence(42);
    const coverageIds = Array.from(
      { length: 330 },
      () => apprenticeships[pick(apprenticeships.length)].id,
    );
    const coverageUrl = (i: number) => `/api/apprenticeships/${coverageIds[i]}/coverage`;
    const cohortUrl = (i: number, format = '') =>
      `/api/cohorts/${cohorts[i % cohorts.length].id}/coverage${format}`;
    const many = <T>(n: number, make: (i: number) => T) =>
      Array.from({ length: n }, (_, i) => make(i));

    // The floor: the same statement for the same apprenticeship straight on the server,
    // alternating with the API's requests so that both see the same machine.
    const floor = floorQuery(db, app.get(DataSource), 'apprentice');
    const floorFor = (offset: number) => ({
      label: 'its SQL floor, straight on the server',
      run: (i: number) =>
        floor(APPRENTICESHIP_COVERAGE_SQL.sql, { apprenticeshipId: coverageIds[offset + i] }),
    });
    await timed('warm-up', many(30, coverageUrl), token, base, floorFor(0));
    const single = await timed(
      'GET /apprenticeships/:id/coverage',
      many(300, (i) => coverageUrl(30 + i)),
      token,
      base,
      floorFor(30),
    );
    const json = await timed(
      'GET /cohorts/:id/coverage (200 × 79, JSON)',
      many(30, (i) => cohortUrl(i)),
      token,
      base,
      cohortFloor(db, app.get(DataSource), providerId, cohorts),
    );
    const csv = await timed(
      'GET /cohorts/:id/coverage?format=csv',
      many(30, (i) => cohortUrl(i, '?format=csv')),
      token,
      base,
    );
    // The cohort page's other report: coverage over time (first-evidenced times, kept counts).
    await timed(
      'GET /cohorts/:id/coverage/timeline',
      many(30, (i) => cohortUrl(i, '/timeline')),
      token,
      base,
    );
    // The health check while cohort reports run back to back: on the embedded database the SQL
    // runs on the database's own thread, so the event loop stays free to answer.
    const probe = probeHealth(base);
    await timed(
      'GET /cohorts/:id/coverage, /api/health probed',
      many(30, (i) => cohortUrl(i)),
      token,
      base,
    );
    const health = await probe.stop();
    console.log(`/api/health meanwhile: ${summary(health)} (target p99 < 50 ms)`);
    await timed(
      'GET /coverage/overview (page of 50)',
      many(30, () => '/api/coverage/overview'),
      token,
      base,
    );

    // The load generator runs in a worker thread, so it does not queue behind the app's event loop.
    const load = await autocannon({
      url: base,
      connections: 50,
      duration: 10,
      workers: 1,
      headers: { Authorization: `Bearer ${token}` },
      requests: many(500, (i) => ({ method: 'GET', path: coverageUrl(i % coverageIds.length) })),
    });
    console.log(
      `\nautocannon, 50 connections × 10 s on GET /apprenticeships/:id/coverage (random ids):\n` +
        `  ${load.requests.average.toFixed(0)} requests/s (total ${load.requests.total}), latency p50 ${load.latency.p50} ms, ` +
        `p97.5 ${load.latency.p97_5} ms, p99 ${load.latency.p99} ms, max ${load.latency.max} ms; ` +
        `non-2xx ${load.non2xx}, errors ${load.errors}; app pool ${poolSize} connections\n`,
    );

    const apprenticeRatio = overFloor('apprentice coverage', single.p95, single.pair!.p95);
    overFloor('cohort matrix (200 × 800 tags)', json.p95, json.pair!.p95);
    console.log('');
    await explainAll(db, app.get(DataSource), providerId);
    const ok =
      apprenticeRatio <= 1.3 &&
      (real ? json.p95 < 80 && csv.p95 < 80 : percentile(health, 99) < 50) &&
      load.non2xx === 0;
    console.log(
      `targets (apprentice p95 ≤ 1.3× its SQL floor${real ? ', cohort p95 < 80 ms' : ', health p99 < 50 ms during cohort reports'}): ` +
        (ok ? 'met' : 'MISSED'),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await close();
  }
}

await main();
