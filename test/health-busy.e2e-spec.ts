/**
 * The embedded database has one session: a long report occupies it. /api/health answers at once
 * that the database is up and busy, instead of queueing its own round trip behind that work; with
 * nothing else running it still measures a real round trip. Runs on the embedded database in its
 * worker thread, as the service runs it, whatever DATABASE_URL the suite was given.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Database } from '../src/common/database/database.js';
import {
  EMBEDDED_MAX_CONNECTIONS,
  RunningDatabase,
  startEmbeddedPostgresInWorker,
} from '../src/database/embedded-postgres.js';
import { createTestApp, TestApp } from './support/test-app.js';

/** CPU-bound work of about a second on the embedded database (no sleeping in PGlite). */
const LONG_REPORT = 'SELECT count(*) FROM generate_series(1, 6000000) g WHERE g % 7 = 3';

describe('Health while the single embedded session is busy', () => {
  let database: RunningDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await startEmbeddedPostgresInWorker({ maxConnections: EMBEDDED_MAX_CONNECTIONS });
    t = await createTestApp({}, { database });
  });
  afterAll(async () => {
    await t.close();
    await database.stop();
  });

  it('measures a round trip when the database is free', async () => {
    const res = await request(t.http).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ database: 'up', databaseBusy: false });
    expect(typeof res.body.databaseLatencyMs).toBe('number');
  });

  it('answers up and busy at once while a long query holds the only connection', async () => {
    const started = performance.now();
    const report = t.app.get(Database).query(LONG_REPORT);
    await new Promise((r) => setTimeout(r, 50));
    const res = await request(t.http).get('/api/health').expect(200);
    const answeredAfter = performance.now() - started;
    const reportDone = await report.then(() => performance.now() - started);
    expect(res.body).toMatchObject({ database: 'up', databaseBusy: true, databaseLatencyMs: null });
    // Answered while the report was still running, not after it.
    expect(answeredAfter).toBeLessThan(reportDone);
  });

  it('measures a real round trip again once the work is done', async () => {
    const res = await request(t.http).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ databaseBusy: false });
  });
});
