import v8 from 'node:v8';

/**
 * How far a heap may grow past what its last full collection left before V8 starts the next one:
 * 100%, twice the live heap, for every thread of the process (V8's flags are the process's).
 *
 * V8's own factor had fallen to ~1.5 on the main thread: with 47–52 MB live it started the next
 * full collection with 24 MB to spare, and while a 50 MB PDF passed through (files read for the
 * worker, the PDF's chunks on their way to the socket) it marked the heap again every 100–300 ms,
 * freeing little of it (mostly those buffers): 43–47 full collections of the main thread in the
 * pdf-workers bench's run, each 30–40 ms of marking on the main thread and more on V8's helper
 * threads. With 100%: 2. Measured in that bench (same build, three alternating pairs of runs):
 * CPU of one PDF 0.63–0.65 s against 0.65–0.98 s, /api/health p99 while two PDFs render 20–36 ms
 * against 59–99 ms; the EPA pack bench's peaks on PostgreSQL stayed where they were (378.6–394.2
 * MB straight after the uploads, against 360.7–397.1 MB). 50% left half of those collections;
 * 200% did no better than 100%. What a PDF leaves in the old generation then waits for a full
 * collection that rarely comes: IdleHeapRelease.owe.
 *
 * Set once the service listens: from the start, it made a restart slower (startup bench, median
 * of three, alternating: 1.69–1.94 s against 1.26–1.66 s), the start allocating much and keeping
 * most of it, where V8's own factor is larger.
 */
export const HEAP_GROWING_PERCENT = 100;

/** Sets the heap's growth (HEAP_GROWING_PERCENT) for every thread, from now on. */
export function setHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
