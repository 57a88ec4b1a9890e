/**
 * `npm run build` runs this after compiling: it makes dist/db-template, the data directory a new
 * embedded database starts from (see db-template.ts), unless the one there is already current.
 *
 *   node dist/src/database/build-db-template.js [--force]
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { CATALOGUE_DIR } from '../modules/standards/catalogue-files.js';
import { loadCatalogue } from '../modules/standards/standards-catalogue.loader.js';
import { StandardsService } from '../modules/standards/standards.service.js';
import { buildDataSourceOptions } from './data-source-options.js';
import {
  MANIFEST_FILE,
  pgliteVersion,
  readManifest,
  TEMPLATE_DIR,
  type TemplateManifest,
} from './db-template.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { Clock } from '../common/clock/clock.js';
import { AuditWriter } from '../common/audit/audit-writer.js';
import { Database } from '../common/database/database.js';

const sha256 = (parts: (string | Buffer)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/** What the template is made from; a change to any of it makes the next build make a new one. */
async function wantedManifest(): Promise<TemplateManifest> {
  const files = (await readdir(CATALOGUE_DIR)).filter((f) => f.endsWith('.json')).sort();
  const catalogue = await Promise.all(
    files.map(async (f) => [f, await readFile(join(CATALOGUE_DIR, f))] as const),
  );
  return {
    pglite: await pgliteVersion(),
    migrations: sha256(MIGRATIONS.flatMap((m) => [m.name, String(m.prototype.up)])),
    catalogue: sha256(catalogue.flat()),
  };
}

/** initdb, every migration and the catalogue, in a directory renamed into place when complete. */
async function makeTemplate(manifest: TemplateManifest): Promise<void> {
  const building = `${TEMPLATE_DIR}.building`;
  await rm(building, { recursive: true, force: true });
  const database = await startEmbeddedPostgres({ dataDir: building, maxConnections: 2 });
  try {
    const dataSource = new DataSource(
      buildDataSourceOptions({ url: database.url, poolSize: 1, migrationsRun: true }),
    );
    await dataSource.initialize();
    try {
      const db = new Database(dataSource, true);
      await loadCatalogue(
        new StandardsService(db, new AuditWriter(db, new Clock())),
        db,
        () => undefined,
      );
    } finally {
      await dataSource.destroy();
    }
  } finally {
    // Stopping removes the lock file, so no pid is copied into data directories.
    await database.stop();
  }
  await rm(MANIFEST_FILE, { force: true });
  await rm(TEMPLATE_DIR, { recursive: true, force: true });
  await rename(building, TEMPLATE_DIR);
  await writeFile(MANIFEST_FILE, JSON.stringify(manifest, null, 2) + '\n');
}

async function main(): Promise<void> {
  // Migrations log each step at debug; a build prints one line.
  Logger.overrideLogger(['error', 'warn']);
  const wanted = await wantedManifest();
  const current = await readManifest();
  if (!process.argv.includes('--force') && JSON.stringify(current) === JSON.stringify(wanted)) {
    console.log('database template: up to date');
    return;
  }
  const started = performance.now();
  await makeTemplate(wanted);
  console.log(`database template: made in ${Math.round(performance.now() - started)} ms`);
}

await main();
