/**
 * How the built service is started, in one place: what the Dockerfile and `npm start` set, and
 * what the benches start it with, so that their figures are the service's as deployed
 * (service-runtime.spec.ts checks that the three agree). Both settings are read before any code
 * of ours runs, so they cannot be part of the configuration read at boot.
 */
export const SERVICE_RUNTIME = {
  env: {
    // libuv's thread pool: file I/O, argon2 and image work share it.
    UV_THREADPOOL_SIZE: '8',
    // glibc gives every thread (PDF workers, libvips, the thread pool) malloc arenas of its own,
    // which keep what was freed: the EPA pack bench's peak RSS straight after its uploads was
    // 937-1,018 MB with glibc's default and 787 MB with 2 (the same build).
    MALLOC_ARENA_MAX: '2',
  },
  /**
   * The main thread's young generation: semi-spaces of 4 MB instead of 16 (the worker threads
   * get the same through WORKER_RESOURCE_LIMITS). Requests' garbage dies young in either; the
   * EPA pack bench's peak fell by about 55 MB.
   */
  nodeFlags: ['--max-semi-space-size=4'],
} as const;
