/**
 * Memory of the service's worker threads (the PDF workers, the embedded database's thread). Each
 * is a V8 heap of its own beside the main thread's, and V8 sizes every heap for throughput: a
 * 32 MB young generation each, and old space that keeps what a PDF grew until the next full
 * collection, which an idle thread never reaches. Measured in bench/portfolio-pdf.bench.ts.
 */
import type { ResourceLimits } from 'node:worker_threads';

/**
 * A young generation of 12 MB (semi-spaces of 4 MB) instead of V8's 32 MB: a rendering's
 * short-lived objects (lines, glyph runs, chunks) die young in either (a PDF took the same CPU,
 * measured), and the worker threads no longer hold 32 MB of new space each while idle.
 */
export const WORKER_RESOURCE_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 12 };
