import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { projectRoot } from '../src/config/project-root.js';
import { reportPdf } from './support/epa-samples.js';
// @ts-expect-error: a build script in plain JavaScript, without type declarations.
import { asciiSource } from '../scripts/ascii-source.mjs';

/**
 * The built service as a newcomer starts it (`node dist/service.js`, the bundle `npm start` runs):
 * the embedded database on its worker thread, a new data directory from the build's template, a
 * restart on it, and what the console says. `npm run test:e2e` builds first.
 */
const MAIN = join(projectRoot(), 'dist/service.js');
const CLI = join(projectRoot(), 'dist/src/cli.js');
const ADMIN = { email: 'first-admin@startup.example', password: 'operator-password-2026' };
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

interface LogLine {
  level?: number;
  context?: string;
  msg?: string;
  raw: string;
}

interface Service {
  url: string;
  lines: LogLine[];
  /** The start-up summary ("Listening on …"). */
  summary: string;
  stop(): Promise<number | null>;
}

function start(env: Record<string, string>): Promise<Service> {
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      DATABASE_URL: '',
      PORT: '0',
      LOG_FORMAT: 'json',
      JWT_SECRET: 'startup-test-secret-long-enough-for-hs256',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start-up summary within 60 s; stderr: ${stderr}`));
    }, 60_000);
    void exited.then((code) => reject(new Error(`exited ${code} while starting: ${stderr}`)));
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const raw of complete.map((l) => l.replace(ANSI, ''))) {
        const line = raw.startsWith('{') ? { ...(JSON.parse(raw) as LogLine), raw } : { raw };
        lines.push(line);
        const port = /Listening on http:\/\/localhost:(\d+)/.exec(raw)?.[1];
        if (!port) continue;
        clearTimeout(timer);
        resolve({
          url: `http://127.0.0.1:${port}`,
          lines,
          summary: line.msg ?? raw,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
  });
}

const login = (url: string, email: string, password: string) =>
  fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('Starting the built service', () => {
  let dir: string;
  const dataDir = () => join(dir, 'data');
  const uploadDir = () => join(dir, 'uploads');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ksb-startup-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('starts a new data directory from the build’s template, with the catalogue loaded', async () => {
    const service = await start({
      DATA_DIR: dataDir(),
      UPLOAD_DIR: uploadDir(),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    try {
      expect(service.summary).toContain(
        `database: embedded PostgreSQL in ${dataDir()} (new, from the build’s template)`,
      );
      expect(service.summary).toContain(`storage: local disk in ${uploadDir()}`);
      expect(service.summary).toMatch(/ready in \d+ ms$/);
      const health = await fetch(`${service.url}/api/health`);
      expect(health.status).toBe(200);
      const standard = await fetch(`${service.url}/api/standards/ST1398`);
      expect(((await standard.json()) as { counts: { total: number } }).counts.total).toBe(79);
      expect((await login(service.url, ADMIN.email, ADMIN.password)).status).toBe(200);
    } finally {
      expect(await service.stop()).toBe(0);
    }
  });

  it('restarts on the same data directory with its data', async () => {
    const service = await start({ DATA_DIR: dataDir(), UPLOAD_DIR: uploadDir() });
    try {
      expect(service.summary).toContain(`database: embedded PostgreSQL in ${dataDir()} ·`);
      expect((await login(service.url, ADMIN.email, ADMIN.password)).status).toBe(200);
    } finally {
      expect(await service.stop()).toBe(0);
    }
  });

  it('keeps Nest’s module and route lines out of the info level', async () => {
    const info = await start({ DATA_DIR: dataDir(), UPLOAD_DIR: uploadDir() });
    expect(await info.stop()).toBe(0);
    const debug = await start({ DATA_DIR: dataDir(), UPLOAD_DIR: uploadDir(), LOG_LEVEL: 'debug' });
    expect(await debug.stop()).toBe(0);
    const routeLines = (s: Service) => s.lines.filter((l) => l.context === 'RouterExplorer');
    expect(routeLines(info)).toEqual([]);
    expect(info.lines.filter((l) => l.context === 'InstanceLoader')).toEqual([]);
    expect(routeLines(debug).length).toBeGreaterThan(40);
    expect(routeLines(debug).every((l) => l.level === 20)).toBe(true);
    expect(routeLines(debug).map((l) => l.msg)).toContainEqual(
      expect.stringContaining('{/api/health, GET}'),
    );
    // Everything at info before the summary is the summary's own business: nothing else.
    const before = info.lines.slice(
      0,
      info.lines.findIndex((l) => l.msg === info.summary),
    );
    expect(before.filter((l) => (l.level ?? 30) <= 30)).toEqual([]);
  });

  it('prints readable lines instead of JSON when asked (the default on a terminal)', async () => {
    const service = await start({
      DATA_DIR: dataDir(),
      UPLOAD_DIR: uploadDir(),
      LOG_FORMAT: 'pretty',
    });
    expect(await service.stop()).toBe(0);
    const summary = service.lines.find((l) => l.raw.includes('Listening on'))!;
    expect(summary.raw).not.toMatch(/^\{/);
    expect(summary.raw).toMatch(/INFO.*Bootstrap: Listening on http:\/\/localhost:\d+/);
  });

  it('tells how to sign in when the demo data exists, outside production', async () => {
    await promisify(execFile)(process.execPath, [CLI, 'seed:demo'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: '',
        DATA_DIR: dataDir(),
        UPLOAD_DIR: uploadDir(),
      },
    });
    // The hint is written right after the summary, before the service handles a signal: every
    // line it would print is there once it has stopped cleanly.
    const dev = await start({ DATA_DIR: dataDir(), UPLOAD_DIR: uploadDir() });
    expect(await dev.stop()).toBe(0);
    const hint = dev.lines.find((l) => l.msg?.startsWith('Demo data: sign in'));
    expect(hint?.msg).toContain('apprentice zoe@ksb-demo.example / apprentice-demo-2026');
    expect(dev.lines.indexOf(hint!)).toBe(dev.lines.findIndex((l) => l.msg === dev.summary) + 1);

    const production = await start({
      DATA_DIR: dataDir(),
      UPLOAD_DIR: uploadDir(),
      NODE_ENV: 'production',
    });
    expect(await production.stop()).toBe(0);
    expect(production.lines.filter((l) => l.raw.includes('Demo data'))).toEqual([]);
  });

  // The bundle loads these packages when first used, through require (see scripts/bundle.mjs):
  // each is used here as a user would, so a bundle that cannot load one fails.
  it('loads what it loads lazily: a PDF’s text for suggestions, a review’s PDF', async () => {
    const service = await start({ DATA_DIR: dataDir(), UPLOAD_DIR: uploadDir() });
    try {
      const signIn = await login(service.url, 'zoe@ksb-demo.example', 'apprentice-demo-2026');
      const auth = {
        authorization: `Bearer ${((await signIn.json()) as { accessToken: string }).accessToken}`,
      };
      const page = (await (
        await fetch(`${service.url}/api/apprenticeships`, { headers: auth })
      ).json()) as { items: { id: string }[] };
      const apprenticeship = page.items[0].id;

      const form = new FormData();
      form.set('title', 'Pricing model release');
      form.set('kind', 'project');
      form.set('activityDate', new Date().toISOString().slice(0, 10));
      const pdf = await reportPdf(1, 'We measured demographic parity across customer groups');
      form.set('files', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'card.pdf');
      const created = await fetch(`${service.url}/api/apprenticeships/${apprenticeship}/evidence`, {
        method: 'POST',
        headers: auth,
        body: form,
      });
      expect(created.status).toBe(201);
      const evidence = ((await created.json()) as { id: string }).id;
      const suggestions = (await (
        await fetch(`${service.url}/api/evidence/${evidence}/suggestions`, { headers: auth })
      ).json()) as { suggestions: { code: string; reason: string }[] };
      const s20 = suggestions.suggestions.find((s) => s.code === 'S20');
      expect(s20?.reason).toContain('“demographic parity”');

      const reviews = (await (
        await fetch(`${service.url}/api/apprenticeships/${apprenticeship}/progress-reviews`, {
          headers: auth,
        })
      ).json()) as { reviews: { id: string }[] };
      // The demo's first review waits for Zoë's signature; the last signature makes its PDF.
      const signed = await fetch(
        `${service.url}/api/progress-reviews/${reviews.reviews[0].id}/signatures`,
        { method: 'POST', headers: auth },
      );
      expect(signed.status).toBe(200);
      const review = await fetch(
        `${service.url}/api/progress-reviews/${reviews.reviews[0].id}/review.pdf`,
        { headers: auth },
      );
      expect(review.status).toBe(200);
      expect(
        Buffer.from(await review.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    } finally {
      expect(await service.stop()).toBe(0);
    }
  });

  it('is pure ASCII, so V8 keeps each bundle’s source at one byte a character', async () => {
    for (const file of ['dist/service.js', 'dist/service-app.cjs']) {
      const code = await readFile(join(projectRoot(), file), 'utf8');
      expect(/[\u0080-\uffff]/.test(code)).toBe(false);
    }
  });

  it('escapes patterns and comments to the same meaning', () => {
    const source = [
      '// Zoë’s check',
      'const da = /^[A-ZÆØÅ]+$/i;',
      'const emoji = /^[😀-😂]$/u;',
      'const pair = /^😀$/;',
      'module.exports = { da, emoji, pair };',
    ].join('\n');
    const { code, left } = asciiSource(source, 'script') as { code: string; left: number };
    expect(left).toBe(0);
    expect(/[\u0080-\uffff]/.test(code)).toBe(false);
    const load = (text: string) => {
      const module = { exports: {} as Record<string, RegExp> };
      runInNewContext(text, { module });
      return module.exports;
    };
    const [before, after] = [load(source), load(code)];
    for (const sample of ['ÆØÅ', 'Zoë', 'ABC', '😁', '😃', '😀', '\ud83d']) {
      for (const name of ['da', 'emoji', 'pair']) {
        expect([name, sample, after[name].test(sample)]).toEqual([
          name,
          sample,
          before[name].test(sample),
        ]);
      }
    }
  });
});
