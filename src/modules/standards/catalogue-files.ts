import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../config/project-root.js';

/** Where the built-in standard versions live, one JSON document per file. */
export const CATALOGUE_DIR = join(projectRoot(), 'standards');

/**
 * The code and text of every criterion in the built-in catalogue's files, read as they are (no
 * validation: loadCatalogue validates them at start). For code that runs without a database, such
 * as a PDF worker's warm-up; a file that cannot be read counts as none.
 */
export function catalogueCriteria(dir = CATALOGUE_DIR): { code: string; text: string }[] {
  const criteria: { code: string; text: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    try {
      const document = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        criteria?: { code?: unknown; text?: unknown }[];
      };
      for (const { code, text } of document.criteria ?? []) {
        if (typeof code === 'string' && typeof text === 'string') criteria.push({ code, text });
      }
    } catch {
      // Not readable or not JSON: loadCatalogue stops the start and names the file.
    }
  }
  return criteria;
}
