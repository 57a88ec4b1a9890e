/**
 * Coverage benchmark on real PostgreSQL: 1,000 apprenticeships × 40 evidence × 4 tags (160,000).
 *
 *   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     node dist/bench/coverage.bench.js
 *
 * DATABASE_URL names the server; the bench works in a database of its own on it
 * (ksb_coverage_bench: created if missing, wiped and migrated every run), seeds it with bulk SQL,
 * starts the real app on loopback and measures over HTTP. Targets: apprentice coverage p95 < 20 ms,
 * 200-apprentice cohort matrix p95 < 200 ms (JSON and CSV). Exits 1 when a target is missed.
 */
import { createRequire } from 'node:module';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/app-config.js';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';
import { startDatabase } from '../src/database/embedded-postgres.js';
import { apprenticeshipScope } from '../src/modules/access/access-scopes.js';
import {
  APPRENTICESHIP_COVERAGE_SQL,
  cohortCoverageSql,
  overviewSql,
} from '../src/modules/coverage/coverage-queries.js';

const BENCH_DB = 'ksb_coverage_bench';
const APPRENTICESHIPS = 1000;
const EVIDENCE_EACH = 40;
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

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** A deterministic pseudo-random sequence, so every run measures the same requests. */
function sequence(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

async function benchDatabaseUrl(serverUrl: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${BENCH_DB}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DB}`;
  return url.toString();
}

async function wipeAndMigrate(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
  await client.end();
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ url, poolSize: 2, migrationsRun: false }),
    logging: ['error'],
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}

/** Everything after the provider and its tutor: one employer, apprentices, cohorts, evidence, tags. */
async function seed(db: Client, providerId: string, tutorId: string): Promise<void> {
  const standard = await db.query<{ id: string }>(
    `SELECT id FROM standards WHERE code = 'ST1398' AND version = '1.0'`,
  );
  const standardId = standard.rows[0].id;
  await db.query('BEGIN');
  const employer = await db.query<{ id: string }>(
    `INSERT INTO organisations (kind, name, provider_id) VALUES ('employer', 'Bench Employer', $1)
     RETURNING id`,
    [providerId],
  );
  const employerId = employer.rows[0].id;
  await db.query(
    `INSERT INTO users (email, name, role, organisation_id, provider_id, password_hash)
     SELECT 'apprentice' || i || '@bench.example', 'Apprentice ' || lpad(i::text, 4, '0'),
            'apprentice', $1, $2, 'not-a-login'
     FROM generate_series(1, $3::int) i`,
    [employerId, providerId, APPRENTICESHIPS],
  );
  await db.query(
    `INSERT INTO cohorts (provider_id, standard_id, name, start_date)
     SELECT $1, $2, 'Bench cohort ' || c, current_date - 400 FROM generate_series(1, $3::int) c`,
    [providerId, standardId, APPRENTICESHIPS / COHORT_SIZE],
  );
  // Apprentice i: ULN 1000000000 + i, cohort by blocks of 200, starts spread over 600 days.
  await db.query(
    `INSERT INTO apprenticeships (apprentice_id, standard_id, provider_id, employer_id, cohort_id,
                                  tutor_id, uln, start_date, planned_gateway_date, status,
                                  next_evidence_number)
     SELECT u.id, $1, $2, $3, co.id, $4, (1000000000 + n)::text,
            current_date - (30 + n % 600), current_date - (30 + n % 600) + 540,
            CASE WHEN n % 50 = 0 THEN 'withdrawn' ELSE 'in_training' END::apprenticeship_status,
            $5::int + 1
     FROM (SELECT id, substring(email FROM 'apprentice(\\d+)@')::int AS n FROM users
           WHERE role = 'apprentice' AND provider_id = $2) u
     JOIN cohorts co ON co.provider_id = $2
                    AND co.name = 'Bench cohort ' || ((u.n - 1) / $6::int + 1)`,
    [standardId, providerId, employerId, tutorId, EVIDENCE_EACH, COHORT_SIZE],
  );
  await db.query(
    `INSERT INTO evidence (apprenticeship_id, number, title, kind, activity_date, status,
                           created_by_id, submitted_at)
     SELECT a.id, k, 'Evidence ' || k || ' of ' || a.uln, 'work_product', a.start_date,
            (ARRAY['draft', 'submitted', 'accepted', 'accepted', 'changes_requested'])[1 + k % 5]
              ::evidence_status,
            a.apprentice_id, CASE WHEN k % 5 <> 0 THEN now() - (k || ' days')::interval END
     FROM apprenticeships a CROSS JOIN generate_series(1, $1::int) k`,
    [EVIDENCE_EACH],
  );
  // Four distinct criteria per evidence (19 is invertible mod 79); 60 % accepted, 25 % claimed,
  // 15 % rejected, decided over the past days.
  await db.query(
    `WITH crit AS (
       SELECT id, (row_number() OVER (ORDER BY position) - 1)::int AS idx
       FROM criteria WHERE standard_id = $1),
     n AS (SELECT (SELECT count(*) FROM crit)::int AS total)
     INSERT INTO evidence_tags (evidence_id, criterion_id, justification, status, decided_by_id,
                                decided_at)
     SELECT e.id, crit.id, 'Shows it', s.status::tag_status,
            CASE WHEN s.status <> 'claimed' THEN $2::uuid END,
            CASE WHEN s.status <> 'claimed' THEN now() - ((e.number * 7 + k) || ' hours')::interval END
     FROM evidence e
     JOIN apprenticeships a ON a.id = e.apprenticeship_id
     CROSS JOIN generate_series(0, $3::int - 1) k
     CROSS JOIN n
     JOIN crit ON crit.idx = (e.number * 7 + k * 19 + a.uln::bigint * 13) % n.total
     CROSS JOIN LATERAL (SELECT CASE
       WHEN (e.number * 31 + k * 17 + a.uln::bigint * 7) % 20 < 12 THEN 'accepted'
       WHEN (e.number * 31 + k * 17 + a.uln::bigint * 7) % 20 < 17 THEN 'claimed'
       ELSE 'rejected' END AS status) s`,
    [standardId, tutorId, TAGS_EACH],
  );
  await db.query('COMMIT');
  await db.query('ANALYZE');
}

async function timed(label: string, urls: string[], token: string, base: string) {
  const times: number[] = [];
  let bytes = 0;
  for (const url of urls) {
    const started = performance.now();
    const res = await fetch(base + url, { headers: { Authorization: `Bearer ${token}` } });
    const body = await res.arrayBuffer();
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${label}: ${url} answered ${res.status}`);
    bytes = body.byteLength;
  }
  const sorted = [...times].sort((x, y) => x - y);
  const summary = { p50: pct(sorted, 50), p95: pct(sorted, 95), max: sorted[sorted.length - 1] };
  console.log(
    `${label.padEnd(44)} n=${String(urls.length).padStart(3)}  p50 ${ms(summary.p50).padStart(9)}` +
      `  p95 ${ms(summary.p95).padStart(9)}  max ${ms(summary.max).padStart(9)}  (${bytes} bytes)`,
  );
  return summary;
}

async function login(base: string, user: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (res.status !== 200) throw new Error(`login ${user.email}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function post(base: string, token: string, path: string, body: object) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/** The provider and its tutor go through the API, as in real life; the rest is bulk SQL. */
async function createProvider(base: string) {
  const admin = await login(base, ADMIN);
  const provider = await post(base, admin, '/api/organisations', {
    kind: 'provider',
    name: 'Bench Training Ltd',
    ukprn: '10012345',
  });
  const tutor = await post(base, admin, '/api/users', {
    role: 'provider',
    organisationId: provider.id,
    name: 'Bench Tutor',
    ...PROVIDER,
  });
  return { providerId: provider.id, tutorId: tutor.id };
}

async function explainAll(db: Client, dataSource: DataSource, providerId: string) {
  const ids = await db.query<{ id: string; cohort_id: string }>(
    `SELECT id, cohort_id FROM apprenticeships ORDER BY uln LIMIT 1 OFFSET 500`,
  );
  const scope = apprenticeshipScope(
    { id: '', email: '', name: '', role: 'provider', organisationId: providerId, providerId },
    'a',
  );
  const statements: [string, string, Record<string, unknown>][] = [
    ['apprentice coverage', APPRENTICESHIP_COVERAGE_SQL, { apprenticeshipId: ids.rows[0].id }],
    [
      'cohort matrix (200 apprentices)',
      cohortCoverageSql(`a.cohort_id = :cohortId AND (${scope.sql})`),
      { ...scope.params, cohortId: ids.rows[0].cohort_id },
    ],
    [
      'provider overview (1,000, first page of 50)',
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
  const serverUrl = loadConfig().database.url;
  if (!serverUrl)
    throw new Error('Set DATABASE_URL to a PostgreSQL server (the bench makes its own database)');
  const url = await benchDatabaseUrl(serverUrl);
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_MAX_ATTEMPTS_PER_MINUTE: '1000',
  });
  let started = performance.now();
  await wipeAndMigrate(url);
  const database = await startDatabase(config.database);
  const app = await createApp(config, database);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { providerId, tutorId } = await createProvider(base);
    console.log(`migrated and started in ${ms(performance.now() - started)}`);
    started = performance.now();
    await seed(db, providerId, tutorId);
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
    const coverageUrl = () =>
      `/api/apprenticeships/${apprenticeships[pick(apprenticeships.length)].id}/coverage`;
    const cohortUrl = (i: number, format = '') =>
      `/api/cohorts/${cohorts[i % cohorts.length].id}/coverage${format}`;
    const many = <T>(n: number, make: (i: number) => T) =>
      Array.from({ length: n }, (_, i) => make(i));

    await timed('warm-up', many(30, coverageUrl), token, base);
    const single = await timed(
      'GET /apprenticeships/:id/coverage',
      many(300, coverageUrl),
      token,
      base,
    );
    const json = await timed(
      'GET /cohorts/:id/coverage (200 × 79, JSON)',
      many(30, (i) => cohortUrl(i)),
      token,
      base,
    );
    const csv = await timed(
      'GET /cohorts/:id/coverage?format=csv',
      many(30, (i) => cohortUrl(i, '?format=csv')),
      token,
      base,
    );
    await timed(
      'GET /coverage/overview (1,000, page of 50)',
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
      requests: many(500, () => ({ method: 'GET', path: coverageUrl() })),
    });
    console.log(
      `\nautocannon, 50 connections × 10 s on GET /apprenticeships/:id/coverage (random ids):\n` +
        `  ${load.requests.average.toFixed(0)} requests/s (total ${load.requests.total}), latency p50 ${load.latency.p50} ms, ` +
        `p97.5 ${load.latency.p97_5} ms, p99 ${load.latency.p99} ms, max ${load.latency.max} ms; ` +
        `non-2xx ${load.non2xx}, errors ${load.errors}; app pool ${config.database.poolSize} connections\n`,
    );

    await explainAll(db, app.get(DataSource), providerId);
    const ok = single.p95 < 20 && json.p95 < 200 && csv.p95 < 200 && load.non2xx === 0;
    console.log(`targets (apprentice p95 < 20 ms, cohort p95 < 200 ms): ${ok ? 'met' : 'MISSED'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await db.end();
    await app.close();
    await database.stop();
  }
}

await main();
