/** What the PostgreSQL benches share: a database of their own, bulk seeding, timing over HTTP. */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.setup.js';
import { setHeapGrowth } from '../src/common/memory/heap-growth.js';
import { loadConfig } from '../src/config/app-config.js';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';
import { startDatabase } from '../src/database/embedded-postgres.js';

export interface Scale {
  apprenticeships: number;
  evidenceEach: number;
  tagsEach: number;
  cohortSize: number;
}

export const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
export const ms = (n: number) => `${n.toFixed(1)} ms`;

/** A deterministic pseudo-random sequence, so every run measures the same requests. */
export function sequence(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

export async function benchDatabaseUrl(serverUrl: string, BENCH_DB: string): Promise<string> {
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

export async function wipeAndMigrate(url: string): Promise<void> {
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
export async function seed(
  db: Client,
  providerId: string,
  tutorId: string,
  scale: Scale,
): Promise<void> {
  const {
    apprenticeships: APPRENTICESHIPS,
    evidenceEach: EVIDENCE_EACH,
    tagsEach: TAGS_EACH,
    cohortSize: COHORT_SIZE,
  } = scale;
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
     SELECT 'apprentice' || i || '@bench.example',
            (ARRAY['Zoë', 'Amara', 'Nguyễn', 'Siobhán', 'Jürgen', 'Priya', 'Tomasz', 'Aoife'])[1 + i % 8]
              || ' ' || (ARRAY['Łukasiewicz', 'Okafor', 'Thị Minh', 'Ní Bhriain', 'Müller', 'Patel',
                               'Kowalski', 'Byrne', 'Smith', 'Jones', 'Williams'])[1 + (i / 8) % 11]
              || ' ' || lpad(i::text, 5, '0'),
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
     SELECT a.id, k,
            (ARRAY['Churn model', 'Feature pipeline', 'Drift monitoring', 'Model card', 'A/B test',
                   'Fairness review', 'MLOps CI/CD', 'Feature store', 'Data quality report',
                   'Stakeholder demo'])[1 + (k + a.uln::bigint) % 10]
              || ' ' || k || ' of ' || a.uln, 'work_product', a.start_date,
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

/** p50, p95 and max of a series of times. */
function summarise(times: number[]) {
  const sorted = [...times].sort((x, y) => x - y);
  return { p50: pct(sorted, 50), p95: pct(sorted, 95), max: sorted[sorted.length - 1] };
}

const line = (label: string, n: number, s: ReturnType<typeof summarise>, extra = '') =>
  console.log(
    `${label.padEnd(44)} n=${String(n).padStart(3)}  p50 ${ms(s.p50).padStart(9)}` +
      `  p95 ${ms(s.p95).padStart(9)}  max ${ms(s.max).padStart(9)}${extra}`,
  );

/**
 * One GET as a lean client makes it (as curl or wrk would): node:http on a kept-alive connection,
 * the body read and counted. The client runs in the service's own process and event loop, so what
 * it spends is taken from the service: for a 139 KB coverage report fetch cost 0.4–1.3 ms more
 * at p50 and 1.3–1.8 ms more at p95 (two runs of 350 requests each, interleaved with node:http).
 */
function get(url: string, token: string, agent: Agent): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { agent, headers: { Authorization: `Bearer ${token}` } });
    request.on('error', reject);
    request.on('response', (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
  });
}

/**
 * GETs each of `urls` in turn and prints the times. With `pair`, runs it beside each request (the
 * same work straight on the database, say) and prints its times too: taken in alternation, the
 * two series see the same machine, however its load drifts. Which of the two goes first
 * alternates as well, so neither always finds the caches the other just warmed.
 */
export async function timed(
  label: string,
  urls: string[],
  token: string,
  base: string,
  pair?: { label: string; run(index: number): Promise<void> },
) {
  const times: number[] = [];
  const paired: number[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let bytes = 0;
  const request = async (url: string) => {
    const started = performance.now();
    const res = await get(base + url, token, agent);
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${label}: ${url} answered ${res.status}`);
    bytes = res.bytes;
  };
  const other = async (index: number) => {
    if (!pair) return;
    const started = performance.now();
    await pair.run(index);
    paired.push(performance.now() - started);
  };
  for (const [index, url] of urls.entries()) {
    if (index % 2 === 0) {
      await request(url);
      await other(index);
    } else {
      await other(index);
      await request(url);
    }
  }
  agent.destroy();
  const summary = summarise(times);
  line(label, urls.length, summary, `  (${bytes} bytes)`);
  if (!pair) return { ...summary, pair: undefined };
  const pairSummary = summarise(paired);
  line(`  ${pair.label}`, paired.length, pairSummary, `  (alternating with the above)`);
  return { ...summary, pair: pairSummary };
}

export async function login(
  base: string,
  user: { email: string; password: string },
): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (res.status !== 200) throw new Error(`login ${user.email}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function post(base: string, token: string, path: string, body: object) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/** The provider and its tutor go through the API, as in real life; the rest is bulk SQL. */
export async function createProvider(
  base: string,
  admin: { email: string; password: string },
  tutor: { email: string; password: string },
) {
  const adminToken = await login(base, admin);
  const provider = await post(base, adminToken, '/api/organisations', {
    kind: 'provider',
    name: 'Bench Training Ltd',
    ukprn: '10012345',
  });
  const created = await post(base, adminToken, '/api/users', {
    role: 'provider',
    organisationId: provider.id,
    name: 'Bench Tutor',
    ...tutor,
  });
  return { providerId: provider.id, tutorId: created.id };
}

export interface BenchApp {
  /** 'real PostgreSQL' or 'embedded PostgreSQL'. */
  label: string;
  /** The service's address on 127.0.0.1. */
  base: string;
  app: NestExpressApplication;
  /** A client of the bench's own database, for seeding and for the SQL floors. */
  db: Client;
  providerId: string;
  tutorId: string;
  poolSize: number;
  close(): Promise<void>;
}

/**
 * What every coverage/search bench starts with: a database of its own, the service on it (in
 * this process, on a free port), and a provider with one tutor made through the API. With
 * DATABASE_URL, a database `benchDb` on that server, wiped and migrated; without, the embedded
 * database in a new temporary directory (migrated as the service starts), which `db` reaches
 * through the embedded server's socket (it takes a few tool connections beside the service's).
 */
export async function startBenchApp(
  benchDb: string,
  admin: { email: string; password: string },
  tutor: { email: string; password: string },
): Promise<BenchApp> {
  const serverUrl = loadConfig().database.url;
  const url = serverUrl ? await benchDatabaseUrl(serverUrl, benchDb) : undefined;
  const dataDir = url ? undefined : await mkdtemp(join(tmpdir(), `${benchDb}-`));
  const config = loadConfig({
    ...(url ? { DATABASE_URL: url } : { DATA_DIR: join(dataDir!, 'data') }),
    ...(dataDir ? { UPLOAD_DIR: join(dataDir, 'uploads') } : {}),
    LOG_LEVEL: 'warn',
    // The bench fires thousands of requests from one address: the per-address limit is not measured.
    RATE_LIMIT_REQUESTS_PER_MINUTE: '0',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOGIN_MAX_ATTEMPTS_PER_MINUTE: '1000',
  });
  const started = performance.now();
  if (url) await wipeAndMigrate(url);
  const database = await startDatabase(config.database).running;
  const app = await createApp(config, database);
  await app.listen(0, '127.0.0.1');
  // The app runs in this process: the heap's growth as the service sets it once listening.
  setHeapGrowth();
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const { providerId, tutorId } = await createProvider(base, admin, tutor);
  console.log(`migrated and started in ${ms(performance.now() - started)}`);
  return {
    label: url ? 'real PostgreSQL' : 'embedded PostgreSQL',
    base,
    app,
    db,
    providerId,
    tutorId,
    poolSize: config.database.poolSize,
    async close() {
      await db.end();
      await app.close();
      await database.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
