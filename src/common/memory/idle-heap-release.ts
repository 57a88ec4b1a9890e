import type { Server } from 'node:http';
import v8 from 'node:v8';
import { releaseHeap } from './release-heap.js';

/** Quiet this long (no request in flight) after work before the heap is given back. */
export const IDLE_RELEASE_AFTER_MS = 3_000;
/** Grown this much (heap and buffers) since the last release: worth a full collection. */
export const RELEASE_GROWTH_BYTES = 24 * 1024 * 1024;

/** What a release looks at: the heap V8 holds and the buffers outside it. */
export const heapBytes = (): number => {
  const heap = v8.getHeapStatistics();
  return heap.total_heap_size + heap.external_memory;
};

/**
 * Gives a thread's emptied heap back to the system once it has gone quiet after work: the main
 * thread's once no request is in flight (`watch`), a PDF worker's once no PDF is (`start`, with
 * `begin` and `end` around each). V8 keeps the heap it grew for the next burst: after 58 MB of
 * uploads the main thread held a 102 MB heap (50 MB live) and 43 MB of buffers for as long as it
 * was left idle, 333 MB of resident memory against 157 MB after a restart. A full collection once
 * nothing has been in flight for a few seconds, and only when the heap grew since the last one
 * (not for a health check every few seconds), takes some tens of milliseconds that nothing is
 * waiting for.
 */
export class IdleHeapRelease {
  private readonly idleMs: number;
  private readonly growthBytes: number;
  private readonly release: () => void;
  private readonly measure: () => number;
  private readonly now: () => number;
  private inFlight = 0;
  private lastActivity = 0;
  private baseline: number;
  private timer?: NodeJS.Timeout;

  constructor(
    options: {
      idleMs?: number;
      growthBytes?: number;
      release?: () => void;
      measure?: () => number;
      now?: () => number;
    } = {},
  ) {
    this.idleMs = options.idleMs ?? IDLE_RELEASE_AFTER_MS;
    this.growthBytes = options.growthBytes ?? RELEASE_GROWTH_BYTES;
    this.release = options.release ?? releaseHeap;
    this.measure = options.measure ?? heapBytes;
    this.now = options.now ?? (() => performance.now());
    this.baseline = this.measure();
  }

  /** Counts the server's requests in flight and checks, now and then, whether to release. */
  watch(server: Server): this {
    server.on('request', (_request, response) => {
      this.begin();
      response.once('close', () => this.end());
    });
    return this.start();
  }

  /** Checks, now and then, whether to release; the caller counts its work with begin and end. */
  start(): this {
    this.timer ??= setInterval(() => this.check(), this.idleMs / 2).unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  begin(): void {
    this.inFlight++;
  }

  /** Quiet is counted from the end of the last request. */
  end(): void {
    this.inFlight--;
    this.lastActivity = this.now();
  }

  /** Releases when quiet and grown; says whether it did. */
  check(): boolean {
    if (this.inFlight > 0 || this.now() - this.lastActivity < this.idleMs) return false;
    const held = this.measure();
    // Growth counts from the lowest point since the last release (V8 collects on its own too).
    this.baseline = Math.min(this.baseline, held);
    if (held - this.baseline < this.growthBytes) return false;
    this.release();
    this.baseline = this.measure();
    return true;
  }
}
