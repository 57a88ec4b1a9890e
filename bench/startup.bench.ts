/**
 * Startup benchmark: how long from process start to the first healthy `/api/health`.
 *
 *   npm run build && node dist/bench/startup.bench.js        (STARTUP_RUNS=5 by default)
 *
 * Each run starts `node dist/service.js` (the bundle) on the embedded database three ways, as a user would:
 *   - cold:    a new, empty DATA_DIR (the first `npm start` on a fresh clone),
 *   - restart: the same DATA_DIR again (every later start),
 * and a bare NestJS application (bench/bare-app: one health controller) bundled and started the same way, so
 * the ratio says what the service adds to Nest itself. Prints medians; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/config/project-root.js';
import { SERVICE_RUNTIME } from '../src/config/service-runtime.js';

const RUNS = Number(process.env.STARTUP_RUNS ?? 5);
const POLL_MS = 10;
const GIVE_UP_MS = 60_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `script`, polls its health endpoint, returns the milliseconds to the first 200. */
async function timeToHealthy(script: string, env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  // Both started in the environment the Dockerfile and npm start give the service.
  const child = spawn(process.execPath, [join(projectRoot(), script)], {
    env: {
      ...SERVICE_RUNTIME.env,
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    while (performance.now() - started < GIVE_UP_MS) {
      if (child.exitCode !== null) throw new Error(`${script} exited ${child.exitCode}: ${stderr}`);
      const healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (healthy) return performance.now() - started;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    throw new Error(`${script} not healthy after ${GIVE_UP_MS} ms: ${stderr}`);
  } finally {
    // SIGTERM runs the service's orderly shutdown, so the data directory is reusable.
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value: number) => `${Math.round(value)} ms`;

async function main(): Promise<void> {
  const times = { cold: [] as number[], restart: [] as number[], bare: [] as number[] };
  for (let run = 1; run <= RUNS; run++) {
    const dir = await mkdtemp(join(tmpdir(), 'ksb-startup-'));
    try {
      const env = { DATA_DIR: join(dir, 'data'), UPLOAD_DIR: join(dir, 'uploads') };
      times.cold.push(await timeToHealthy('dist/service.js', env));
      times.restart.push(await timeToHealthy('dist/service.js', env));
      times.bare.push(await timeToHealthy('dist/bench/bare-app.js', {}));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    console.log(
      `run ${run}/${RUNS}: cold ${ms(times.cold.at(-1)!)}, restart ${ms(times.restart.at(-1)!)}, ` +
        `bare NestJS ${ms(times.bare.at(-1)!)}`,
    );
  }
  const bare = median(times.bare);
  const line = (label: string, values: number[]) =>
    `${label.padEnd(12)} median ${ms(median(values)).padStart(8)}  ` +
    `(min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))})  ` +
    `${(median(values) / bare).toFixed(1)}× bare NestJS`;
  console.log(`\nProcess start to first healthy /api/health, ${RUNS} runs, embedded database:`);
  console.log(line('cold start', times.cold));
  console.log(line('restart', times.restart));
  console.log(line('bare NestJS', times.bare));
}

await main();
