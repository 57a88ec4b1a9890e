import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteVersion, prepareDataDir } from './db-template.js';

describe('prepareDataDir', () => {
  let dir: string;
  let template: string;
  let manifest: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'db-template-'));
    template = join(dir, 'template');
    manifest = join(dir, 'template.json');
    await mkdir(join(template, 'base', '1'), { recursive: true });
    await writeFile(join(template, 'PG_VERSION'), '17\n');
    await writeFile(join(template, 'postgresql.conf'), 'shared_buffers = 16MB\n');
    await writeFile(join(template, 'base', '1', '1259'), Buffer.alloc(8192, 7));
    const wanted = { pglite: await pgliteVersion(), migrations: 'm', catalogue: 'c' };
    await writeFile(manifest, JSON.stringify(wanted));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('fills a new data directory with a copy of the template', async () => {
    const data = join(dir, 'data');
    await mkdir(data);
    await writeFile(join(data, 'ksb-portfolio.pid'), '123');
    await expect(prepareDataDir(data, template, manifest)).resolves.toBe('template');
    expect(await readFile(join(data, 'PG_VERSION'), 'utf8')).toBe('17\n');
    expect(await readFile(join(data, 'base', '1', '1259'))).toEqual(Buffer.alloc(8192, 7));
    expect(await readFile(join(data, 'ksb-portfolio.pid'), 'utf8')).toBe('123');
  });

  it('leaves an initialised data directory alone', async () => {
    const data = join(dir, 'data');
    await mkdir(data);
    await writeFile(join(data, 'PG_VERSION'), '17\n');
    await expect(prepareDataDir(data, template, manifest)).resolves.toBe('existing');
    expect(existsSync(join(data, 'postgresql.conf'))).toBe(false);
  });

  it('copies again over a copy that was cut short (no PG_VERSION yet)', async () => {
    const data = join(dir, 'data');
    await mkdir(join(data, 'base', '1'), { recursive: true });
    await writeFile(join(data, 'base', '1', '1259'), 'half');
    await expect(prepareDataDir(data, template, manifest)).resolves.toBe('template');
    expect(await readFile(join(data, 'base', '1', '1259'))).toEqual(Buffer.alloc(8192, 7));
  });

  it("lets PGlite initialise when the template is missing or another PGlite's", async () => {
    const data = join(dir, 'data');
    await expect(prepareDataDir(data, join(dir, 'none'), manifest)).resolves.toBe('initdb');
    await writeFile(manifest, JSON.stringify({ pglite: '0.0.1', migrations: 'm', catalogue: 'c' }));
    await expect(prepareDataDir(data, template, manifest)).resolves.toBe('initdb');
    await rm(manifest);
    await expect(prepareDataDir(data, template, manifest)).resolves.toBe('initdb');
    expect(existsSync(join(data, 'PG_VERSION'))).toBe(false);
  });
});
