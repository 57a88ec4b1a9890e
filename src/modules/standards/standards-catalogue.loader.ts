import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../../config/project-root.js';
import { parseStandardDocument } from './standard-document.js';
import { StandardsService } from './standards.service.js';

export class CatalogueError extends Error {}

/** Where the built-in standard versions live, one JSON document per file. */
export const CATALOGUE_DIR = join(projectRoot(), 'standards');

/**
 * Loads every built-in standard version at start. Idempotent: unchanged files are no-ops, so every
 * start (and every instance) can run it. Invalid data stops the start with the file and field named.
 */
@Injectable()
export class StandardsCatalogueLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(StandardsCatalogueLoader.name);

  constructor(private readonly standards: StandardsService) {}

  async onApplicationBootstrap(): Promise<void> {
    const files = (await readdir(CATALOGUE_DIR)).filter((f) => f.endsWith('.json')).sort();
    for (const file of files) {
      const doc = await readDocument(join(CATALOGUE_DIR, file), `standards/${file}`);
      const result = await this.standards.import(doc);
      this.logger.log(`${result.code} v${result.version}: ${result.outcome} (standards/${file})`);
    }
  }
}

export async function readDocument(path: string, label: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CatalogueError(`${label}: not valid JSON (${(error as Error).message})`);
  }
  const { doc, errors } = parseStandardDocument(raw);
  if (!doc) {
    const lines = errors.map((e) => `  ${e.field || '(document)'}: ${e.message}`).join('\n');
    throw new CatalogueError(`${label} is not a valid standard document:\n${lines}`);
  }
  return doc;
}
