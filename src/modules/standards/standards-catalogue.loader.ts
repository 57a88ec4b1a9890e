import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Database } from '../../common/database/database.js';
import { CATALOGUE_DIR } from './catalogue-files.js';
import { contentHashOf, parseStandardDocument } from './standard-document.js';
import { StandardsService } from './standards.service.js';

export class CatalogueError extends Error {}

/**
 * Loads every built-in standard version at start. Idempotent: unchanged files are no-ops, so every
 * start (and every instance) can run it. Invalid data stops the start with the file and field named.
 */
@Injectable()
export class StandardsCatalogueLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(StandardsCatalogueLoader.name);

  constructor(
    private readonly standards: StandardsService,
    private readonly db: Database,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // An unchanged catalogue is the usual case and not news: only changes are logged at info.
    await loadCatalogue(this.standards, this.db, (line, changed) =>
      changed ? this.logger.log(line) : this.logger.debug(line),
    );
  }
}

/**
 * Imports each catalogue file whose content the database does not already hold. A file whose
 * content hash matches the stored version's is skipped before validation and without a
 * transaction: the stored hash was computed from a document that passed validation, so the same
 * content needs no second look. That makes a restart's catalogue check one query.
 */
export async function loadCatalogue(
  standards: StandardsService,
  db: Database,
  log: (line: string, changed: boolean) => void,
  dir = CATALOGUE_DIR,
): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const stored = new Set(
    (
      await db.query<{ key: string }[]>(
        `SELECT code || ' ' || version || ' ' || content_hash AS key FROM standards`,
      )
    ).map((row) => row.key),
  );
  for (const file of files) {
    const label = `standards/${file}`;
    const raw = await readJson(join(dir, file), label);
    const known = storedKey(raw);
    if (known && stored.has(known)) {
      log(`${known.split(' ', 2).join(' v')}: unchanged (${label})`, false);
      continue;
    }
    const result = await standards.import(toDocument(raw, label));
    log(
      `${result.code} v${result.version}: ${result.outcome} (${label})`,
      result.outcome !== 'unchanged',
    );
  }
}

/** "code version hash" of an unvalidated document, or undefined when it is not shaped like one. */
function storedKey(raw: unknown): string | undefined {
  try {
    const doc = raw as Parameters<typeof contentHashOf>[0];
    if (typeof doc.code !== 'string' || typeof doc.version !== 'string') return undefined;
    return `${doc.code} ${doc.version} ${contentHashOf(doc)}`;
  } catch {
    return undefined;
  }
}

async function readJson(path: string, label: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CatalogueError(`${label}: not valid JSON (${(error as Error).message})`);
  }
}

function toDocument(raw: unknown, label: string) {
  const { doc, errors } = parseStandardDocument(raw);
  if (!doc) {
    const lines = errors.map((e) => `  ${e.field || '(document)'}: ${e.message}`).join('\n');
    throw new CatalogueError(`${label} is not a valid standard document:\n${lines}`);
  }
  return doc;
}

export async function readDocument(path: string, label: string) {
  return toDocument(await readJson(path, label), label);
}
