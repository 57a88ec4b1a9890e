import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../config/project-root.js';

/**
 * The build's compiled file of a worker thread's script, by its path under `src/` (as
 * `modules/evidence/file-text-worker.js`), found from the project root: the service runs from a
 * bundle (dist/service.js), and ts-jest cannot load TypeScript into a worker thread, so neither
 * can find the script beside the module that starts it. Undefined before any build (unit tests),
 * where the caller does the work on its own thread instead.
 */
export function compiledScript(underSrc: string): URL | undefined {
  const script = join(projectRoot(), 'dist/src', underSrc);
  return existsSync(script) ? pathToFileURL(script) : undefined;
}
