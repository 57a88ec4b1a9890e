import argon2 from 'argon2';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { Semaphore } from '../concurrency/semaphore.js';

/**
 * argon2 runs on libuv's thread pool, which file I/O, DNS and zlib share: 50 sign-ins at once
 * held every thread and made a download wait 18 s. So at most `concurrency` hashes run at once
 * (PASSWORD_HASH_CONCURRENCY, below UV_THREADPOOL_SIZE) and the rest wait their turn on the
 * event loop, where waiting costs nothing; past `MAX_WAITING` a sign-in answers 503 at once.
 */
const MAX_WAITING = 200;
const hashing = new Semaphore(1, MAX_WAITING);

/** Called once at start with the configured concurrency. */
export function configurePasswordHashing(concurrency: number): void {
  hashing.resize(concurrency);
}

/** For tests and benches: how many hashes ran at once at most, and how many ran. */
export function passwordHashingStats(): { peak: number; started: number } {
  return { peak: hashing.peak, started: hashing.started };
}

function limited<T>(task: () => Promise<T>): Promise<T> {
  return (
    hashing.run(task) ??
    Promise.reject(
      AppError.retryLater(
        ErrorCode.ServiceUnavailable,
        'Too many sign-ins at once; try again in a moment',
        1,
      ),
    )
  );
}

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4), which meet OWASP's guidance. */
export function hashPassword(password: string): Promise<string> {
  return limited(() => argon2.hash(password, { type: argon2.argon2id }));
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await limited(() => argon2.verify(hash, password));
  } catch (error) {
    if (error instanceof AppError) throw error;
    return false;
  }
}

/** A hash of a random password: verifying against it costs the same as a real check. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`).catch((error: unknown) => {
    dummyHash = undefined; // a refusal (queue full) must not stick
    throw error;
  });
  return dummyHash;
}

export { passwordWeakness } from './password-policy.js';
