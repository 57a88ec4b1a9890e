/**
 * Throughput benchmark: requests per second of the coverage endpoint and of the standards
 * catalogue against a bare endpoint behind the same guard, in the same application.
 *
 *   npm run build && npm run build:bench && node dist/bench/throughput.bench.js
 *     (embedded database; DATABASE_URL=… for a real PostgreSQL: the bench makes its own database)
 *
 * The bare endpoint (`GET /api/bench/bare`) is a controller of this bench added beside the
 * service's modules: it answers a constant, but only after the global AuthGuard has checked the
 * bearer token and loaded the user, as every API route does. So the ratios say what coverage and
 * the catalogue cost beyond authentication and Nest itself. The catalogue is asked twice: plain
 * GETs and conditional ones (If-None-Match, answered 304). autocannon runs in a worker thread,
 * 20 connections × 10 s per endpoint, after a warm-up. Prints requests/s and the ratios against
 * the targets (coverage ≥ 0.35 on PostgreSQL, ≥ 0.2 embedded; catalogue ≥ 0.6).
 */
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../src/app.module.js';
import { configureApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/app-config.js';
import { startDatabase } from '../src/database/embedded-postgres.js';
import { benchDatabaseUrl, wipeAndMigrate } from './pg-seed.js';
import { api, seedApprenticeship } from './support.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no types: load it through require.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const ADMIN = { email: 'operator@bench.example', password: 'correct-horse-2026' };
const LEARNER = { email: 'learner@bench.example', password: 'apprentice-pass-2026' };
const DURATION_S = Number(process.env.THROUGHPUT_SECONDS ?? 10);

@Controller('bench')
class BareController {
  @Get('bare')
  bare() {
    return { status: 'ok' };
  }
}

async function startApp(dataDir: string) {
  const serverUrl = loadConfig().database.url;
  const url = serverUrl ? await benchDatabaseUrl(serverUrl, 'ksb_throughput_bench') : undefined;
  if (url) await wipeAndMigrate(url);
  const config = loadConfig({
    ...(url ? { DATABASE_URL: url } : { DATA_DIR: join(dataDir, 'data') }),
    UPLOAD_DIR: join(dataDir, 'uploads'),
    LOG_LEVEL: 'warn',
    // The bench fires thousands of requests from one address: the per-address limit is not measured.
    RATE_LIMIT_REQUESTS_PER_MINUTE: '0',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_MAX_ATTEMPTS_PER_MINUTE: '1000',
  });
  const database = await startDatabase(config.database).running;
  @Module({ imports: [AppModule.forRoot(config, database)], controllers: [BareController] })
  class BenchModule {}
  const app = await NestFactory.create<NestExpressApplication>(BenchModule, { bufferLogs: true });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    base,
    label: url ? 'real PostgreSQL' : 'embedded PostgreSQL',
    async close() {
      await app.close();
      await database.stop();
    },
  };
}

/** A provider, an employer, a learner with one apprenticeship and evidence tagged on 40 criteria. */
async function seed(base: string): Promise<{ token: string; apprenticeshipId: string }> {
  const { apprenticeshipId, token } = await seedApprenticeship(base, ADMIN, LEARNER);
  const codes = [
    ...Array.from({ length: 20 }, (_, i) => `K${i + 1}`),
    ...Array.from({ length: 20 }, (_, i) => `S${i + 1}`),
  ];
  for (let i = 0; i < 10; i++) {
    const evidence = await api<{ id: string }>(
      base,
      `/api/apprenticeships/${apprenticeshipId}/evidence`,
      token,
      { title: `Bench evidence ${i + 1}`, kind: 'project', activityDate: '2026-03-02' },
    );
    const tags = codes.slice(i * 4, i * 4 + 8).map((code) => ({
      code,
      justification: `Shows ${code} in the bench project`,
    }));
    const res = await fetch(`${base}/api/evidence/${evidence.id}/tags`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(tags),
    });
    if (!res.ok) throw new Error(`tags: ${res.status} ${await res.text()}`);
  }
  return { token, apprenticeshipId };
}

async function load(
  base: string,
  path: string,
  headers: Record<string, string>,
  duration = DURATION_S,
): Promise<AutocannonResult> {
  return autocannon({
    url: base + path,
    connections: 20,
    duration,
    workers: 1,
    headers,
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-throughput-'));
  const app = await startApp(dir);
  try {
    const { token, apprenticeshipId } = await seed(app.base);
    const auth = { Authorization: `Bearer ${token}` };
    const catalogue = await fetch(`${app.base}/api/standards/ST1398`, { headers: auth });
    const etag = catalogue.headers.get('etag');
    await catalogue.arrayBuffer();
    if (!etag) throw new Error('the catalogue carries no ETag');
    const endpoints: [string, string, Record<string, string>][] = [
      ['bare endpoint (same guard)', '/api/bench/bare', auth],
      ['coverage of one apprentice', `/api/apprenticeships/${apprenticeshipId}/coverage`, auth],
      ['catalogue GET /standards/ST1398', '/api/standards/ST1398', auth],
      [
        'catalogue, If-None-Match (304)',
        '/api/standards/ST1398',
        { ...auth, 'If-None-Match': etag },
      ],
    ];
    console.log(`Throughput on ${app.label}, 20 connections × ${DURATION_S} s each\n`);
    const rates: number[] = [];
    for (const [label, path, headers] of endpoints) {
      await load(app.base, path, headers, 2); // warm-up
      const result = await load(app.base, path, headers);
      const codes = Object.keys(result.statusCodeStats).join('/');
      rates.push(result.requests.average);
      const ratio =
        rates.length > 1 ? `${(result.requests.average / rates[0]).toFixed(2)} of bare` : '';
      console.log(
        `${label.padEnd(34)}${result.requests.average.toFixed(0).padStart(7)} req/s  ` +
          `p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  (${codes}, errors ${result.errors})  ${ratio}`,
      );
      if (result.errors > 0) process.exitCode = 1;
    }
    const coverageTarget = app.label === 'real PostgreSQL' ? 0.35 : 0.2;
    const [bare, coverage, plain, conditional] = rates;
    const met = coverage / bare >= coverageTarget && Math.min(plain, conditional) / bare >= 0.6;
    console.log(
      `\ntargets (coverage ≥ ${coverageTarget} of bare, catalogue ≥ 0.6): ${met ? 'met' : 'MISSED'}`,
    );
    if (!met) process.exitCode = 1;
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
