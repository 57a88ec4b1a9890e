/**
 * How the built service is started, in one place: the environment the Dockerfile and `npm start`
 * set, and the benches start it with, so that their figures are the service's as deployed
 * (service-runtime.spec.ts checks that the three agree). Both settings are read before any code
 * of ours runs, so they cannot be part of the configuration read at boot.
 *
 * The one V8 flag, the heap's growth, is set by the service itself as it starts (heap-growth.ts).
 * No other is set for the main thread. Semi-spaces of 4 MB (what the worker threads get,
 * WORKER_RESOURCE_LIMITS) took about 24 MB off the EPA pack bench's peak, but made a restart
 * slower: median 2.64 s against 2.19 s without (startup bench, 5 runs each, on a slow machine),
 * as the application's start allocates far more than a small young generation holds.
 */
export const SERVICE_RUNTIME = {
  env: {
    // libuv's thread pool: file I/O, argon2 and image work share it.
    UV_THREADPOOL_SIZE: '8',
    // glibc gives every thread (PDF workers, libvips, the thread pool) malloc arenas of its own,
    // which keep what was freed: the EPA pack bench's peak RSS straight after its uploads was
    // 937-1,018 MB with glibc's default and 787 MB with 2 (the same build).
    MALLOC_ARENA_MAX: '2',
    // Blocks of 128 KB and more (upload chunks, files read for a PDF, libvips' pixel buffers) are
    // mapped on their own and unmapped when freed. glibc's default raises this threshold to the
    // size of each large block freed, up to 32 MB, after which such blocks come from the arenas
    // and stay there. EPA pack bench, embedded database: peak RSS 557 MB against 607 MB straight
    // after the uploads, 455 MB against 486 MB after a restart; uploads as fast as before.
    // Lower is not better: at 32 KB the peaks fell by another 15-25 MB (PostgreSQL server: 369-374
    // against 389-391 MB straight after the uploads), but the first PDF then cost 3.5-3.9 s of
    // the service's CPU against 2.2-2.3 s (two runs each, alternating; 64 KB in between).
    MALLOC_MMAP_THRESHOLD_: '131072',
  },
} as const;
