import type { Server } from 'node:http';
import v8 from 'node:v8';
import { releaseHeap } from './release-heap.js';

/** Quiet this long (no request in flight) after work before the heap is given back. */
export const IDLE_RELEASE_AFTER_MS = 3_000;
/** Grown this much (heap and buffers) since the last release: worth a full collection. */
export const RELEASE_GROWTH_BYTES = 24 * 1024 * 1024;
/** Grown this much (the heap in use) since the last release: collected before large work. */
export const WORK_RELEASE_GROWTH_BYTES = 16 * 1024 * 1024;

/** What a release looks at: the heap V8 holds and the buffers outside it. */
export const heapBytes = (): number => {
  const heap = v8.getHeapStatistics();
  return heap.total_heap_size + heap.external_memory;
};

/** The heap in use: what is live, and what died since V8 last collected. */
export const usedHeapBytes = (): number => v8.getHeapStatistics().used_heap_size;

/**
 * Gives a thread's emptied heap back to the system once it has gone quiet after work: the main
 * thread's once no request is in flight (`watch`), a PDF worker's once no PDF is (`start`, with
 * `begin` and `end` around each). V8 keeps the heap it grew for the next burst: after 58 MB of
 * uploads the main thread held a 102 MB heap (50 MB live) and 43 MB of buffers for as long as it
 * was left idle, 333 MB of resident memory against 157 MB after a restart. A full collection once
 * nothing has been in flight for a few seconds, and only when the heap grew since the last one
 * (not for a health check every few seconds), takes some tens of milliseconds that nothing is
 * waiting for. Work that will need much memory need not wait for the quiet: `releaseBeforeWork`.
 */
export class IdleHeapRelease {
  private readonly idleMs: number;
  private readonly growthBytes: number;
  private readonly release: () => void;
  private readonly measure: () => number;
  private readonly measureUsed: () => number;
  private readonly now: () => number;
  private inFlight = 0;
  private lastActivity = 0;
  private baseline: number;
  /** The heap in use right after the last release (or at the start). */
  private usedAfterRelease: number;
  /** Large work passed through since the last release (owe). */
  private owed = false;
  private timer?: NodeJS.Timeout;

  constructor(
    options: {
      idleMs?: number;
      growthBytes?: number;
      release?: () => void;
      measure?: () => number;
      measureUsed?: () => number;
      now?: () => number;
    } = {},
  ) {
    this.idleMs = options.idleMs ?? IDLE_RELEASE_AFTER_MS;
    this.growthBytes = options.growthBytes ?? RELEASE_GROWTH_BYTES;
    this.release = options.release ?? releaseHeap;
    this.measure = options.measure ?? heapBytes;
    this.measureUsed = options.measureUsed ?? usedHeapBytes;
    this.now = options.now ?? (() => performance.now());
    this.baseline = this.measure();
    this.usedAfterRelease = this.measureUsed();
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

  /** Releases when quiet and grown, or owed; says whether it did. */
  check(): boolean {
    if (this.inFlight > 0 || this.now() - this.lastActivity < this.idleMs) return false;
    const held = this.measure();
    // Growth counts from the lowest point since the last release (V8 collects on its own too).
    this.baseline = Math.min(this.baseline, held);
    if (!this.owed && held - this.baseline < this.growthBytes) return false;
    this.releaseNow();
    return true;
  }

  /**
   * Work passed much memory through this thread (a PDF: its files on their way to a worker, its
   * chunks on their way to the socket): release at the next quiet, whatever the sizes say. The
   * buffers a PDF leaves in the old generation wait for a full collection, which the heap's
   * growth (heap-growth.ts) makes rare, and the sizes may not show them: EPA pack bench on
   * PostgreSQL, 15 s after two renders, 350 MB resident against 250–275 MB with V8's own growth.
   */
  owe(): void {
    this.owed = true;
  }

  /**
   * Before work that will need much memory on top of what the thread holds (a portfolio render,
   * the EPA pack's 85 MB passing through), releases now, quiet or not, if the heap in use grew by
   * WORK_RELEASE_GROWTH_BYTES since the last release: what a burst of uploads left is collected
   * before the render's own memory comes on top. EPA pack bench on a PostgreSQL server, a render
   * straight after the uploads: peak RSS 453 MB without, 386 and 391 MB with (the collection took
   * 52 and 76 ms). Renders that follow, the heap not grown, do not pay for it. Says whether it did.
   */
  releaseBeforeWork(): boolean {
    if (this.measureUsed() - this.usedAfterRelease < WORK_RELEASE_GROWTH_BYTES) return false;
    this.releaseNow();
    return true;
  }

  private releaseNow(): void {
    this.owed = false;
    this.release();
    this.baseline = this.measure();
    this.usedAfterRelease = this.measureUsed();
  }
}

let shared: IdleHeapRelease | undefined;

/** This thread's IdleHeapRelease: the one the server watches, and work asks before it starts. */
export const threadHeapRelease = (): IdleHeapRelease => (shared ??= new IdleHeapRelease());
