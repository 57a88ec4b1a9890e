import { describe, expect, it } from '@jest/globals';
import { createServer, request } from 'node:http';
import { once } from 'node:events';
import v8 from 'node:v8';
import type { AddressInfo } from 'node:net';
import {
  heapBytes,
  IdleHeapRelease,
  threadHeapRelease,
  usedHeapBytes,
} from './idle-heap-release.js';
import { releaseHeap } from './release-heap.js';

const MB = 1024 * 1024;

/** A release with a clock and a heap size the test sets. */
function harness() {
  const state = { now: 0, held: 100 * MB, used: 50 * MB, releases: 0 };
  const release = new IdleHeapRelease({
    idleMs: 3000,
    growthBytes: 24 * MB,
    now: () => state.now,
    measure: () => state.held,
    measureUsed: () => state.used,
    release: () => {
      state.releases++;
      state.held = 110 * MB;
      state.used = 45 * MB;
    },
  });
  return { state, release };
}

/** Waits until `condition` holds, for as long as a loaded machine may delay a timer (5 s). */
async function until(condition: () => boolean): Promise<boolean> {
  for (let waited = 0; !condition() && waited < 5_000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return condition();
}

describe('IdleHeapRelease', () => {
  it('releases once the service has been quiet for a while after the heap grew', () => {
    const { state, release } = harness();
    release.begin();
    state.held = 180 * MB;
    state.now = 10_000;
    expect(release.check()).toBe(false); // a request is in flight
    release.end();
    state.now = 12_000;
    expect(release.check()).toBe(false); // quiet for 2 s only
    state.now = 13_000;
    expect(release.check()).toBe(true);
    expect(state.releases).toBe(1);
    state.now = 60_000;
    expect(release.check()).toBe(false); // nothing grew since
  });

  it('leaves a heap alone that grew little (a health check now and then)', () => {
    const { state, release } = harness();
    for (let i = 1; i <= 5; i++) {
      release.begin();
      release.end();
      state.held += 2 * MB;
      state.now = i * 10_000;
      expect(release.check()).toBe(false);
    }
    expect(state.releases).toBe(0);
  });

  it('releases at the next quiet once owed, however little the sizes grew', () => {
    const { state, release } = harness();
    release.begin();
    release.owe(); // a PDF passed through
    release.end();
    state.now = 10_000;
    expect(release.check()).toBe(true);
    expect(state.releases).toBe(1);
    state.now = 20_000;
    expect(release.check()).toBe(false); // paid
  });

  it('counts growth from the lowest point since the last release', () => {
    const { state, release } = harness();
    state.held = 60 * MB; // V8 collected on its own
    state.now = 10_000;
    expect(release.check()).toBe(false);
    state.held = 90 * MB; // 30 MB above that low point, though below the first measure
    state.now = 20_000;
    expect(release.check()).toBe(true);
  });

  it('releases before large work, requests in flight or not, once the heap in use grew', () => {
    const { state, release } = harness();
    release.begin(); // an upload still in flight: no quiet needed
    state.used = 65 * MB;
    expect(release.releaseBeforeWork()).toBe(false); // 15 MB more than at the start
    state.used = 67 * MB;
    expect(release.releaseBeforeWork()).toBe(true);
    expect(state.releases).toBe(1);
    state.used = 60 * MB; // the next render: grown less since that release
    expect(release.releaseBeforeWork()).toBe(false);
    expect(state.releases).toBe(1);
  });

  it('counts work growth from its last release, whichever released', () => {
    const { state, release } = harness();
    state.held = 180 * MB;
    state.used = 90 * MB;
    state.now = 10_000;
    expect(release.check()).toBe(true); // the quiet release sets the mark too
    state.used = 55 * MB;
    expect(release.releaseBeforeWork()).toBe(false);
    expect(state.releases).toBe(1);
  });

  it("counts a real server's requests in flight", async () => {
    // When the server took the request and when it answered, as the server saw them: the client's
    // clock would count the connection and the answer's way back too, which a loaded machine
    // stretches past the idle time.
    const served = { received: 0, answered: 0 };
    const server = createServer((_request, response) => {
      served.received = Date.now();
      setTimeout(() => {
        served.answered = Date.now();
        response.end('ok');
      }, 100);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const releases: number[] = [];
    const release = new IdleHeapRelease({
      idleMs: 20,
      growthBytes: 0,
      release: () => releases.push(Date.now()),
    }).watch(server);
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) =>
      request({ port, host: '127.0.0.1' }, (response) => {
        response.resume();
        response.on('end', () => resolve());
      }).end(),
    );
    const releasedOnceQuiet = await until(() => releases.some((t) => t >= served.answered));
    release.stop();
    server.close();
    // Checked every 10 ms: never while the 100 ms answer was being made, and again after it.
    expect(releases.filter((t) => t > served.received && t < served.answered)).toEqual([]);
    expect(releasedOnceQuiet).toBe(true);
  });

  it('checks on its own once started, for work its owner counts (a PDF worker)', async () => {
    let held = 100 * MB;
    let releases = 0;
    const release = new IdleHeapRelease({
      idleMs: 20,
      growthBytes: 24 * MB,
      measure: () => held,
      release: () => {
        releases++;
        held = 100 * MB;
      },
    }).start();
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    release.begin();
    held = 160 * MB;
    await wait(60);
    expect(releases).toBe(0); // a PDF is being made
    release.end();
    release.begin(); // the next PDF of a burst, straight after
    await wait(60);
    expect(releases).toBe(0);
    release.end();
    await until(() => releases > 0); // once, after the burst
    await wait(60);
    release.stop();
    expect(releases).toBe(1);
  });

  it('measures the heap and the buffers outside it', () => {
    // Beside the heap, not as a difference over time: a 64 MB buffer may start a collection that
    // shrinks the heap meanwhile (seen in CI, under jest's parallel workers: +32 MB read as +17 MB).
    const held = Buffer.alloc(64 * MB, 1);
    expect(heapBytes() - v8.getHeapStatistics().total_heap_size).toBeGreaterThanOrEqual(60 * MB);
    expect(held.length).toBe(64 * MB);
  });

  it('measures the heap in use', () => {
    releaseHeap(); // the test process's garbage, collected now rather than while this allocates
    const before = usedHeapBytes();
    const held = Array.from({ length: 1_000_000 }, (_, i) => ({ i }));
    expect(usedHeapBytes() - before).toBeGreaterThan(8 * MB);
    expect(held.length).toBe(1_000_000);
  });

  it('is one per thread: the server watches the one work asks before it starts', () => {
    expect(threadHeapRelease()).toBe(threadHeapRelease());
  });
});
