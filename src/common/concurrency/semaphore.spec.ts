import { describe, expect, it } from '@jest/globals';
import { Semaphore } from './semaphore.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once and the rest in order', async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    const gates = [0, 1, 2, 3].map(() => {
      let open!: () => void;
      return { promise: new Promise<void>((r) => (open = r)), open };
    });
    const runs = gates.map((gate, i) =>
      semaphore.run(async () => {
        order.push(i);
        await gate.promise;
      }),
    );
    await tick();
    expect(order).toEqual([0, 1]);
    expect(semaphore.running).toBe(2);
    gates[1].open();
    await tick();
    expect(order).toEqual([0, 1, 2]);
    gates.forEach((g) => g.open());
    await Promise.all(runs.map((run) => run!));
    expect(semaphore.peak).toBe(2);
    expect(semaphore.started).toBe(4);
  });

  it('refuses once the line is full, and frees the slot when a task fails', async () => {
    const semaphore = new Semaphore(1, 1);
    let release!: () => void;
    const first = semaphore.run(() => new Promise<void>((r) => (release = r)));
    const second = semaphore.run(() => Promise.reject(new Error('boom')));
    expect(semaphore.run(() => Promise.resolve())).toBeUndefined();
    await tick();
    release();
    await first;
    await expect(second).rejects.toThrow('boom');
    await expect(semaphore.run(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
