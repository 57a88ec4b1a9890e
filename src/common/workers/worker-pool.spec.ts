import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Lease, PoolFullError, WorkerCrashedError, WorkerPool } from './worker-pool.js';

// A worker speaking the pool's one rule (post "ready" when it can work) and a tiny task protocol:
// "echo" answers after `ms`, "crash" ends the thread mid-task as a native crash or OOM would.
const WORKER = `
import { parentPort, workerData, threadId } from 'node:worker_threads';
if (workerData?.failAtStart) throw new Error('cannot start');
parentPort.on('message', (m) => {
  if (m.type === 'crash') process.exit(7);
  if (m.type === 'echo') setTimeout(() => parentPort.postMessage({ type: 'echo', value: m.value, threadId }), m.ms ?? 0);
});
parentPort.postMessage({ type: 'ready' });
`;

let dir: string;
let script: URL;
const pools: WorkerPool[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'worker-pool-'));
  await writeFile(join(dir, 'worker.mjs'), WORKER);
  script = pathToFileURL(join(dir, 'worker.mjs'));
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function pool(size: number, queueLimit: number, workerData?: unknown, idleMs?: number): WorkerPool {
  const p = new WorkerPool({ script, size, queueLimit, workerOptions: { workerData }, idleMs });
  pools.push(p);
  return p;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

interface Echo {
  value: number;
  threadId: number;
}

/** A task: sends one message and waits for the echo, or for the worker to be lost. */
const task =
  (message: Record<string, unknown>) =>
  ({ worker, lost }: Lease): Promise<Echo> =>
    Promise.race([
      lost,
      new Promise<Echo>((resolve) => {
        const onMessage = (m: { type: string } & Echo) => {
          if (m.type !== 'echo') return;
          worker.off('message', onMessage);
          resolve(m);
        };
        worker.on('message', onMessage);
        worker.postMessage(message);
      }),
    ]);

describe('WorkerPool', () => {
  it('starts no worker until the first task, then one for tasks one after another', async () => {
    const p = pool(2, 0);
    expect(p.stats).toEqual({ workers: 0, busy: 0, waiting: 0 });
    await expect(p.run(task({ type: 'echo', value: 1 }))).resolves.toMatchObject({ value: 1 });
    await expect(p.run(task({ type: 'echo', value: 2 }))).resolves.toMatchObject({ value: 2 });
    expect(p.stats).toEqual({ workers: 1, busy: 0, waiting: 0 });
  });

  it('starts a second worker when a task would wait behind work, and keeps it', async () => {
    const p = pool(2, 1);
    p.start();
    expect(p.stats.workers).toBe(1);
    const first = await p.run(task({ type: 'echo', value: 1 }));
    const long = p.run(task({ type: 'echo', value: 2, ms: 500 }));
    await until(() => p.stats.busy === 1);
    const beside = await p.run(task({ type: 'echo', value: 3 }));
    expect(beside.threadId).not.toBe(first.threadId);
    expect((await long).threadId).toBe(first.threadId);
    expect(p.stats).toEqual({ workers: 2, busy: 0, waiting: 0 });
  });

  it('runs `size` tasks at once on different threads, queues up to the limit, refuses the rest', async () => {
    const p = pool(2, 1);
    const running = [1, 2, 3].map((value) => p.run(task({ type: 'echo', value, ms: 1000 })));
    const refused = p.run(task({ type: 'echo', value: 4 }));
    await expect(refused).rejects.toBeInstanceOf(PoolFullError);
    // All three wait for the workers to start; two of them will not wait behind work.
    expect(p.stats).toEqual({ workers: 2, busy: 0, waiting: 3 });
    await until(() => p.stats.busy === 2);
    expect(p.stats.waiting).toBe(1);
    await expect(p.run(task({ type: 'echo', value: 4 }))).rejects.toBeInstanceOf(PoolFullError);
    const results = await Promise.all(running);
    expect(results.map((r) => r.value)).toEqual([1, 2, 3]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
    // Room again once the burst is over.
    await expect(p.run(task({ type: 'echo', value: 5 }))).resolves.toMatchObject({ value: 5 });
  });

  it('with no queue, still lets a task wait for a worker that is starting', async () => {
    const p = pool(1, 0);
    const first = p.run(task({ type: 'echo', value: 1, ms: 200 }));
    await expect(p.run(task({ type: 'echo', value: 2 }))).rejects.toBeInstanceOf(PoolFullError);
    await expect(first).resolves.toMatchObject({ value: 1 });
  });

  it('rejects the task of a worker that crashes, replaces the worker, and goes on', async () => {
    const p = pool(1, 2);
    const crashed = p.run(task({ type: 'crash' }));
    const queued = p.run(task({ type: 'echo', value: 2 }));
    await expect(crashed).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(crashed).rejects.toThrow(/exit code 7/);
    const after = await queued;
    expect(after.value).toBe(2);
    const again = await p.run(task({ type: 'echo', value: 3 }));
    expect(again.threadId).toBe(after.threadId);
    expect(p.stats).toEqual({ workers: 1, busy: 0, waiting: 0 });
  });

  it('fails waiting tasks when no worker can start, and tries again on the next task', async () => {
    const p = pool(2, 4, { failAtStart: true });
    const tasks = [1, 2, 3].map((value) => p.run(task({ type: 'echo', value })));
    for (const t of tasks) await expect(t).rejects.toThrow(/did not start: cannot start/);
    await until(() => p.stats.workers === 0);
    await expect(p.run(task({ type: 'echo', value: 4 }))).rejects.toBeInstanceOf(
      WorkerCrashedError,
    );
  });

  it('with idleMs, stops a worker that has been idle that long and starts one for the next task', async () => {
    const p = pool(1, 1, undefined, 200);
    const first = await p.run(task({ type: 'echo', value: 1 }));
    // Busy for longer than idleMs: a worker at work is never stopped.
    const long = await p.run(task({ type: 'echo', value: 2, ms: 400 }));
    expect(long.threadId).toBe(first.threadId);
    expect(p.stats.workers).toBe(1);
    await until(() => p.stats.workers === 0);
    const again = await p.run(task({ type: 'echo', value: 3 }));
    expect(again.value).toBe(3);
    expect(again.threadId).not.toBe(first.threadId);
  });

  it('without idleMs, keeps an idle worker', async () => {
    const p = pool(1, 1);
    const first = await p.run(task({ type: 'echo', value: 1 }));
    await new Promise((r) => setTimeout(r, 300));
    expect(p.stats.workers).toBe(1);
    expect((await p.run(task({ type: 'echo', value: 2 }))).threadId).toBe(first.threadId);
  });

  it('rejects waiting tasks and new ones once closed', async () => {
    const p = pool(1, 1);
    const running = p.run(task({ type: 'echo', value: 1, ms: 500 }));
    const waiting = p.run(task({ type: 'echo', value: 2 }));
    await until(() => p.stats.busy === 1);
    const outcomes = Promise.all([
      expect(waiting).rejects.toThrow(/closed/),
      expect(running).rejects.toBeInstanceOf(WorkerCrashedError),
    ]);
    await p.close();
    await outcomes;
    await expect(p.run(task({ type: 'echo', value: 3 }))).rejects.toThrow(/closed/);
  });
});
