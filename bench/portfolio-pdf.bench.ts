/**
 * Portfolio PDF benchmark: 60 evidence, 240 tags, 20 embedded images of 1–2 MB each.
 *
 *   npm run build && node dist/bench/portfolio-pdf.bench.js
 *
 * Renders the same portfolio twice in one process: the first rendering pays the one-time cost of
 * parsing the fonts (as the first PDF after a server start does), the second shows steady state.
 * Targets: under 2 s per rendering and under 300 MB peak RSS. Exits 1 when a target is missed.
 *
 * Then the same document through the worker pool the service uses (one worker per core), for
 * information: first and second PDF of a fresh pool, one alone against two at once, and the main
 * thread's event-loop delay meanwhile (what /api/health would wait), beside the same figures for
 * two renderings at once on the main thread. bench/pdf-workers.bench.ts measures it over HTTP.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { renderPortfolio } from '../src/modules/portfolio/pdf/portfolio-renderer.js';
import {
  loadPortfolioTemplate,
  type PortfolioTemplate,
} from '../src/modules/portfolio/pdf/portfolio-template.js';
import { PdfRenderPool } from '../src/modules/portfolio/workers/pdf-render-pool.js';
import { buildPortfolio, makePng } from '../test/support/portfolio-fixtures.js';
import { readPdf } from '../test/support/pdf-tools.js';

const EVIDENCE = 60;
const TAGS_PER_EVIDENCE = 4;
const IMAGES = 20;
const TARGET_MS = 2000;
const TARGET_RSS_MB = 300;

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function images(): Map<number, Buffer> {
  // Noise does not compress, so the PNG is as big as its pixels: 1.0 MB to 1.95 MB.
  const byEvidence = new Map<number, Buffer>();
  for (let i = 0; i < IMAGES; i++) {
    const bytes = (1 + (0.95 * i) / (IMAGES - 1)) * 1024 * 1024;
    const width = 800;
    const height = Math.round(bytes / (3 * width));
    byEvidence.set(i * 3, makePng(width, height, i + 1, 255));
  }
  return byEvidence;
}

async function renderOnce(label: string, path: string, pngs: Map<number, Buffer>) {
  const doc = buildPortfolio({
    kind: 'gateway',
    apprentice: 'Nguyễn Thị Minh',
    evidence: EVIDENCE,
    tagsPerEvidence: TAGS_PER_EVIDENCE,
    image: (i) => pngs.get(i),
  });
  const tags = doc.evidence.reduce((n, e) => n + e.tags.length, 0);
  const imageBytes = [...pngs.values()].reduce((n, b) => n + b.length, 0);
  const template = await loadPortfolioTemplate('default');
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { pages } = await renderPortfolio(doc, template, createWriteStream(path));
  const ms = Math.round(performance.now() - started);
  // CPU time as well as wall time: on a shared machine the wall time also measures the neighbours.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  console.log(
    `${label}: ${ms} ms (${cpuMs} ms CPU), ${pages} pages, ${mb(statSync(path).size)} MB PDF ` +
      `(${doc.evidence.length} evidence, ${tags} tags, ${pngs.size} images, ${mb(imageBytes)} MB)`,
  );
  return ms;
}

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const ms = (value: number) => `${Math.round(value)} ms`;

/** Wall time of `run`, and the main thread's event-loop delay p99 and max meanwhile. */
async function timed(run: () => Promise<unknown>) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  await run();
  const wall = performance.now() - started;
  delay.disable();
  return { wall, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
}

async function concurrency(pngs: Map<number, Buffer>, template: PortfolioTemplate) {
  const doc = () =>
    buildPortfolio({
      kind: 'gateway',
      apprentice: 'Nguyễn Thị Minh',
      evidence: EVIDENCE,
      tagsPerEvidence: TAGS_PER_EVIDENCE,
      image: (i) => pngs.get(i),
    });
  const options = { images: { maxPixels: 50_000_000 } };
  const pool = new PdfRenderPool({ workers: availableParallelism(), queueLimit: 8, template });
  const inPool = () => pool.render(doc(), template, discard(), options);
  const inMain = () => renderPortfolio(doc(), template, discard(), options);
  console.log(`
worker pool: ${availableParallelism()} workers (load average ${loadavg()[0].toFixed(2)})`);
  try {
    const first = await timed(inPool);
    const second = await timed(inPool);
    console.log(
      `first PDF of a fresh pool ${ms(first.wall)}, second ${ms(second.wall)} ` +
        `(${(first.wall / second.wall).toFixed(2)}×)`,
    );
    // Every worker renders once, so the figures below are steady state for all of them.
    await Promise.all([inPool(), inPool()]);
    for (const [label, render] of [
      ['pool', inPool],
      ['main thread', inMain],
    ] as const) {
      const one = await timed(render);
      const two = await timed(() => Promise.all([render(), render()]));
      console.log(
        `${label}: one ${ms(one.wall)}, two at once ${ms(two.wall)} (${(two.wall / one.wall).toFixed(2)}×); ` +
          `event-loop delay during two: p99 ${ms(two.p99)}, max ${ms(two.max)}`,
      );
    }
  } finally {
    await pool.close();
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'portfolio-bench-'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const pngs = images();
    const cold = await renderOnce('first rendering (cold)', join(dir, 'cold.pdf'), pngs);
    const warm = await renderOnce('second rendering (warm)', join(dir, 'warm.pdf'), pngs);
    clearInterval(sampler);
    peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
    console.log(
      `page count (read back with PDF.js): ${(await readPdf(join(dir, 'warm.pdf'))).info.pages}`,
    );
    const same = readFileSync(join(dir, 'cold.pdf')).equals(readFileSync(join(dir, 'warm.pdf')));
    console.log(`both renderings byte-identical: ${same ? 'yes' : 'NO'}`);
    console.log(`peak RSS: ${mb(peak)} MB (includes the ${IMAGES} source images held in memory)`);
    const ok = same && Math.max(cold, warm) < TARGET_MS && mb(peak) < TARGET_RSS_MB;
    console.log(`targets (< ${TARGET_MS} ms, < ${TARGET_RSS_MB} MB): ${ok ? 'met' : 'MISSED'}`);
    if (!ok) process.exitCode = 1;
    await concurrency(pngs, await loadPortfolioTemplate('default'));
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
