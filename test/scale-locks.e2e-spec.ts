/**
 * The locks that make periodic and start-up work safe with several instances. A second session
 * holding a lock stands in for another instance; that needs a real server (on the embedded
 * database every connection shares one session, and the lock is always granted: one process).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { MIGRATION_LOCK } from '../src/database/migration-lock.js';
import {
  EvidenceOrphanSweeper,
  ORPHAN_SWEEP_LOCK,
} from '../src/modules/evidence/evidence-orphans.js';
import { createTestApp, TestApp } from './support/test-app.js';

const DATABASE_URL = process.env.DATABASE_URL;
const itShared = DATABASE_URL ? it : it.skip;

async function holding<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const other = new Client({ connectionString: DATABASE_URL });
  await other.connect();
  try {
    await other.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
    return await work();
  } finally {
    await other.end(); // the session ends, and the lock with it
  }
}

describe('Periodic work under a lock', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sweeps orphans on the schedule when this instance takes the lock', async () => {
    const result = await t.app.get(EvidenceOrphanSweeper).runScheduled();
    expect(result).toMatchObject({ scanned: 0, deleted: 0, failed: 0 });
  });

  itShared(
    'skips the run while another instance holds the sweep lock (needs DATABASE_URL)',
    async () => {
      const sweeper = t.app.get(EvidenceOrphanSweeper);
      await expect(holding(ORPHAN_SWEEP_LOCK, () => sweeper.runScheduled())).resolves.toBe(
        'skipped',
      );
      await expect(sweeper.runScheduled()).resolves.toMatchObject({ scanned: 0 });
    },
  );
});

describe('Start-up under the migration lock', () => {
  itShared(
    'waits while another process applies migrations, then starts (needs DATABASE_URL)',
    async () => {
      const other = new Client({ connectionString: DATABASE_URL });
      await other.connect();
      let app: TestApp | undefined;
      try {
        await other.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
        const starting = createTestApp().then((started) => (app = started));
        await new Promise((resolve) => setTimeout(resolve, 2500));
        expect(app).toBeUndefined();
        await other.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
        // The lock is free: the start goes on and applies the migrations itself.
        await starting;
        const rows = await app!.dataSource.query('SELECT count(*)::int AS n FROM migrations');
        expect(rows[0].n).toBeGreaterThan(0);
      } finally {
        await other.end();
        await app?.close();
      }
    },
  );
});
