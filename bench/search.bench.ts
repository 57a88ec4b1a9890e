/**
 * Search and review-queue benchmark on real PostgreSQL: 2,500 apprenticeships × 40 evidence
 * (100,000 evidence rows, 200,000 tags), all at one provider, so the tutor's queue spans them all.
 *
 *   npm run build:bench && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     node dist/bench/search.bench.js
 *
 * Works in a database of its own (ksb_search_bench: created if missing, wiped and migrated every
 * run), seeds it with bulk SQL, starts the real app on loopback and measures over HTTP.
 * Targets: review queue p95 < 50 ms and name search p95 < 50 ms. Exits 1 when one is missed.
 */
import { login, ms, seed, sequence, timed, startBenchApp } from './pg-seed.js';

const BENCH_DB = 'ksb_search_bench';
const SCALE = { apprenticeships: 2500, evidenceEach: 40, tagsEach: 2, cohortSize: 250 };
const ADMIN = { email: 'operator@bench.example', password: 'correct-horse-2026' };
const TUTOR = { email: 'tutor@bench.example', password: 'review-pass-2026' };
const NAMES = ['zoe', 'lukasiewicz', 'nguyen thi', 'siobhan ni', 'jurgen muller', 'priya patel'];
const TOPICS = ['drift', 'feature store', 'model card', 'fairness', 'mlops', 'churn model'];

async function main(): Promise<void> {
  const { base, db, providerId, tutorId, close } = await startBenchApp(BENCH_DB, ADMIN, TUTOR);
  try {
    let started = performance.now();
    started = performance.now();
    await seed(db, providerId, tutorId, SCALE);
    const counts = await db.query<{ e: number; s: number }>(
      `SELECT (SELECT count(*) FROM evidence)::int AS e,
              (SELECT count(*) FROM evidence WHERE status = 'submitted')::int AS s`,
    );
    console.log(
      `seeded ${counts.rows[0].e} evidence (${counts.rows[0].s} waiting for review) in ` +
        `${ms(performance.now() - started)}\n`,
    );
    const token = await login(base, TUTOR);
    const cohorts = (await db.query<{ id: string }>('SELECT id FROM cohorts')).rows;
    const pick = sequence(7);
    const many = <T>(n: number, make: (i: number) => T) =>
      Array.from({ length: n }, (_, i) => make(i));
    const q = (words: string) => encodeURIComponent(words);

    await timed(
      'warm-up',
      many(20, () => '/api/evidence?status=submitted'),
      token,
      base,
    );
    const queue = await timed(
      'GET /evidence?status=submitted (page of 50)',
      many(100, (i) => `/api/evidence?status=submitted&offset=${(i % 5) * 50}`),
      token,
      base,
    );
    await timed(
      'GET /evidence?status=submitted&cohortId=',
      many(50, () => `/api/evidence?status=submitted&cohortId=${cohorts[pick(cohorts.length)].id}`),
      token,
      base,
    );
    const names = await timed(
      'GET /apprenticeships?q=<name>',
      many(100, () => `/api/apprenticeships?q=${q(NAMES[pick(NAMES.length)])}`),
      token,
      base,
    );
    await timed(
      'GET /users?q=<name>',
      many(50, () => `/api/users?q=${q(NAMES[pick(NAMES.length)])}`),
      token,
      base,
    );
    await timed(
      'GET /evidence?q=<topic> (title and description)',
      many(50, () => `/api/evidence?q=${q(TOPICS[pick(TOPICS.length)])}`),
      token,
      base,
    );
    const ok = queue.p95 < 50 && names.p95 < 50;
    console.log(`\ntargets (queue p95 < 50 ms, name search p95 < 50 ms): ${ok ? 'met' : 'MISSED'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await close();
  }
}

await main();
