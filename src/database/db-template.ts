import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { projectRoot } from '../config/project-root.js';

/**
 * A new embedded data directory starts as a copy of a template made at build time (`npm run
 * build`): PostgreSQL's initdb, every migration and the standards catalogue, already done. initdb
 * alone takes seconds; copying the finished directory takes a fraction of one. Migrations and the
 * catalogue still run at start, so a template older than the code is brought up to date (they are
 * no-ops when it is current). The template lives under dist/ and is never committed.
 */
export const TEMPLATE_DIR = join(projectRoot(), 'dist', 'db-template');
/** Beside the template, not in it, so it is never copied into a data directory. */
export const MANIFEST_FILE = join(projectRoot(), 'dist', 'db-template.json');
/** Written by PostgreSQL's initdb; a directory without it has never been initialised. */
export const INITIALISED_MARKER = 'PG_VERSION';

/** What a template was made from: when any of it changes, the build makes a new one. */
export interface TemplateManifest {
  /** The data directory format is PGlite's: another version may not read it. */
  pglite: string;
  migrations: string;
  catalogue: string;
}

export async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version: string })
    .version;
}

export async function readManifest(
  template = TEMPLATE_DIR,
  manifestFile = MANIFEST_FILE,
): Promise<TemplateManifest | undefined> {
  if (!existsSync(join(template, INITIALISED_MARKER))) return undefined;
  return readFile(manifestFile, 'utf8').then(
    (text) => JSON.parse(text) as TemplateManifest,
    () => undefined,
  );
}

/** How an embedded data directory came to be, for the start-up log. */
export type DataDirOrigin = 'existing' | 'template' | 'initdb';

/**
 * Fills a new data directory from the template when there is a usable one. 'initdb' means PGlite
 * will initialise the directory itself (no template built, or one from another PGlite version).
 */
export async function prepareDataDir(
  dataDir: string,
  template = TEMPLATE_DIR,
  manifestFile = MANIFEST_FILE,
): Promise<DataDirOrigin> {
  if (existsSync(join(dataDir, INITIALISED_MARKER))) return 'existing';
  const manifest = await readManifest(template, manifestFile);
  if (!manifest || manifest.pglite !== (await pgliteVersion())) return 'initdb';
  await copyTree(template, dataDir);
  return 'template';
}

/**
 * Copies the template, PG_VERSION last: a copy cut short leaves a directory without it, which the
 * next start copies again instead of opening half a database. copyFile per file, in parallel, is
 * several times faster than fs.cp on a data directory's thousand small files.
 */
async function copyTree(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  const path = (e: (typeof entries)[number]) => relative(from, join(e.parentPath, e.name));
  const dirs = entries.filter((e) => e.isDirectory()).map(path);
  const files = entries.filter((e) => e.isFile()).map(path);
  await mkdir(to, { recursive: true });
  for (const dir of dirs.sort()) await mkdir(join(to, dir), { recursive: true });
  const last = files.filter((f) => f === INITIALISED_MARKER);
  await Promise.all(
    files.filter((f) => f !== INITIALISED_MARKER).map((f) => copyFile(join(from, f), join(to, f))),
  );
  for (const f of last) await copyFile(join(from, f), join(to, f));
}
