import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './config/project-root.js';
import type * as Server from './server.js';

/** The application's bundle (`npm run build`: src/server.ts and the packages it loads). */
export const APPLICATION_BUNDLE = join(projectRoot(), 'dist', 'service-app.cjs');

/**
 * The application (server.ts). When the service runs built, from dist/service.js, it comes from
 * its CommonJS bundle through Node's own loader (faster to load than the same bundle as an ES
 * module); from source (ts-jest, dist/src/main.js) it is the module itself.
 *
 * Not through V8's code cache (vm.Script with cachedData), tried and measured at ~40 % less
 * loading: on Node 20 a script compiled from a cache loses its dynamic-import callback, so every
 * `import()` in the application (sharp, pdfjs-dist, the S3 driver) failed.
 */
export function loadApplication(): Promise<typeof Server> {
  const entry = fileURLToPath(import.meta.url);
  if (entry !== join(projectRoot(), 'dist', 'service.js')) return import('./server.js');
  return Promise.resolve(createRequire(import.meta.url)(APPLICATION_BUNDLE) as typeof Server);
}
