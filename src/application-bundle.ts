import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { projectRoot } from './config/project-root.js';
import type * as Server from './server.js';

/** The application's bundle (`npm run build`: src/server.ts and the packages it loads). */
export const APPLICATION_BUNDLE = join(projectRoot(), 'dist', 'service-app.cjs');
/** V8's code cache for that bundle, made by the build right after the bundle. */
export const CODE_CACHE = `${APPLICATION_BUNDLE}.cache`;

/**
 * The application (server.ts). When the service runs built, from dist/service.js, it comes from
 * its bundle with V8's code cache, so its 10 MB are not compiled again at every start (~40 % of
 * loading it); from source (ts-jest, dist/src/main.js) it is the module itself.
 */
export function loadApplication(): Promise<typeof Server> {
  const entry = fileURLToPath(import.meta.url);
  if (entry !== join(projectRoot(), 'dist', 'service.js')) return import('./server.js');
  return Promise.resolve(runBundle(APPLICATION_BUNDLE, CODE_CACHE).exports as typeof Server);
}

/**
 * Runs a CommonJS bundle as Node's own loader would (same wrapper, `require` from its folder),
 * compiled with the code cache at `cachePath` when there is one made from this very file. A cache
 * starts with the SHA-256 of the source it was made from (V8 itself compares only the source's
 * length, its own version and flags); one that does not fit is ignored (`rejected`) and the bundle
 * is compiled as usual. No `import()`: on Node 20 a script compiled from a cache has no dynamic-
 * import callback, so scripts/bundle.mjs turns every `import()` of the bundle into `require`.
 */
export function runBundle(file: string, cachePath?: string): LoadedBundle {
  const code = readFileSync(file);
  const digest = createHash('sha256').update(code).digest();
  const cache = cachePath && existsSync(cachePath) ? readFileSync(cachePath) : undefined;
  const fits = cache !== undefined && digest.equals(cache.subarray(0, digest.length));
  const script = new vm.Script(Module.wrap(code.toString('utf8')), {
    filename: file,
    cachedData: fits ? cache.subarray(digest.length) : undefined,
  });
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    rejected: (cache !== undefined && !fits) || script.cachedDataRejected === true,
    codeCache: () => Buffer.concat([digest, script.createCachedData()]),
  };
}

export interface LoadedBundle {
  exports: unknown;
  /** A cache was there but could not be used. */
  rejected: boolean;
  /** The code cache for this file as compiled so far (what the build writes). */
  codeCache(): Buffer;
}
