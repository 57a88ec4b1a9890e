/**
 * Pages benchmark: server time of every web page at demo scale, as each demo user sees them.
 *
 *   npm run build && npm run build:bench && node dist/bench/pages.bench.js
 *     PAGES_REQUESTS=60 per page (default), DATABASE_URL=… to run on a real PostgreSQL
 *
 * Seeds the demo data (`seed:demo`, the newcomer's data) into a new embedded database, starts the
 * built service as its own process, signs in through the sign-in page as each demo user, and
 * finds the pages by following the links each user is shown, from their home page on (so a new
 * page is measured without being listed here). Each page is requested sequentially; the figure is
 * the time to the last byte on loopback, an upper bound of server time. Prints p50/p95 per page
 * and the worst p95 against the 100 ms target; exits 1 when a page misses it or answers non-200.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSRF_COOKIE, SESSION_COOKIE } from '../src/common/auth/session-cookie.js';
import { projectRoot } from '../src/config/project-root.js';
import { DEMO_USERS } from '../src/modules/demo/demo-seed.js';
import { ms, pct } from './pg-seed.js';
import { startService } from './support.js';

const REQUESTS = Number(process.env.PAGES_REQUESTS ?? 60);
const WARM_UP = 5;
const TARGET_MS = 100;
/** Pages per role, and instances of one route shape (`/evidence/:id/view`) kept. */
const MAX_PAGES = 60;
const PER_SHAPE = 2;
/**
 * Links that are not pages: files, PDFs, CSVs, assets, and anything that changes state. A file's
 * reading in the page (…/files/:id/read) is a page.
 */
const NOT_A_PAGE = /^\/(assets|api)\/|\/files\/[^/]+$|\.(pdf|csv|zip)$|\/(sign-out|download)/;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const shapeOf = (path: string) => path.replace(UUID, ':id').replace(/\?.*$/, '');

async function signIn(base: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const csrf = new RegExp(`${CSRF_COOKIE}=([^;]+)`).exec(form.headers.get('set-cookie') ?? '')?.[1];
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf || !token) throw new Error('the sign-in page carries no CSRF token');
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `${CSRF_COOKIE}=${csrf}`,
    },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  const session = new RegExp(`(${SESSION_COOKIE}=[^;]+)`).exec(
    res.headers.get('set-cookie') ?? '',
  )?.[1];
  if (res.status !== 303 || !session) throw new Error(`sign-in as ${email}: ${res.status}`);
  return `${session}; ${CSRF_COOKIE}=${csrf}`;
}

/** Breadth-first over the links a signed-in user is shown, same site, pages only. */
async function discover(base: string, cookie: string): Promise<string[]> {
  const seen = new Set<string>(['/']);
  const shapes = new Map<string, number>();
  const queue = ['/'];
  const pages: string[] = [];
  while (queue.length > 0 && pages.length < MAX_PAGES) {
    const path = queue.shift()!;
    const res = await fetch(base + path, { headers: { cookie }, redirect: 'manual' });
    const type = res.headers.get('content-type') ?? '';
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location?.startsWith('/') && !seen.has(location)) {
      seen.add(location);
      queue.push(location);
    }
    if (res.status !== 200 || !type.startsWith('text/html')) {
      await res.arrayBuffer();
      continue;
    }
    pages.push(path);
    for (const [, href] of (await res.text()).matchAll(/href="(\/[^"#]*)/g)) {
      const link = href.replaceAll('&amp;', '&');
      const shape = shapeOf(link);
      if (seen.has(link) || NOT_A_PAGE.test(link)) continue;
      seen.add(link);
      if ((shapes.get(shape) ?? 0) >= PER_SHAPE) continue;
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      queue.push(link);
    }
  }
  return pages;
}

async function time(base: string, path: string, cookie: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < WARM_UP + REQUESTS; i++) {
    const started = performance.now();
    const res = await fetch(base + path, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    if (i >= WARM_UP) samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-pages-bench-'));
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    DATA_DIR: join(dir, 'data'),
    UPLOAD_DIR: join(dir, 'uploads'),
    LOG_LEVEL: 'warn',
  };
  const seeded = spawnSync(
    process.execPath,
    [join(projectRoot(), 'dist/src/cli.js'), 'seed:demo'],
    {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    },
  );
  if (seeded.status !== 0) throw new Error(`seed:demo failed: ${seeded.stderr}`);
  const service = await startService(env);
  let worst = 0;
  let failed = false;
  try {
    const database = process.env.DATABASE_URL ? 'real PostgreSQL' : 'embedded PostgreSQL';
    console.log(`Pages at demo scale on ${database}, ${REQUESTS} requests each (sequential)\n`);
    console.log(
      `${'role'.padEnd(11)}${'page'.padEnd(58)}${'p50'.padStart(10)}${'p95'.padStart(10)}`,
    );
    const row = (role: string, page: string, samples: number[]) => {
      worst = Math.max(worst, pct(samples, 95));
      console.log(
        `${role.padEnd(11)}${page.slice(0, 57).padEnd(58)}${ms(pct(samples, 50)).padStart(10)}${ms(pct(samples, 95)).padStart(10)}`,
      );
    };
    row('anyone', '/sign-in', await time(service.url, '/sign-in', ''));
    for (const user of DEMO_USERS) {
      const cookie = await signIn(service.url, user.email, user.password);
      for (const path of await discover(service.url, cookie)) {
        const samples = await time(service.url, path, cookie).catch((error: Error) => {
          console.log(`${user.role.padEnd(11)}${path}: ${error.message}`);
          failed = true;
          return null;
        });
        if (!samples) continue;
        row(
          user.role,
          shapeOf(path) + (path.includes('?') ? '?' + path.split('?')[1] : ''),
          samples,
        );
      }
    }
    console.log(`\nworst page p95: ${ms(worst)} (target < ${TARGET_MS} ms)`);
  } finally {
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  }
  if (failed || worst >= TARGET_MS) process.exit(1);
}

await main();
