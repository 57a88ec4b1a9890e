/**
 * The one door to stored file bytes. Features talk to `FileStorage` (also the Nest injection
 * token), never to the file system, so an S3 implementation can replace local disk without touching
 * callers, and every key passes one safety check before it becomes a path or an object name.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

/** What `/api/health` reports about storage. */
export interface StorageHealth {
  writable: boolean;
  /** Space left for uploads; null where the backend cannot say. */
  freeBytes: number | null;
  /** The error code when not writable (ENOSPC, EROFS…). */
  reason?: string;
}

export interface StoredObject {
  key: string;
  size: number;
  modifiedAt: Date;
}

/** A key that could escape the storage root or was never made by `newKey()`: a bug, not input. */
export class UnsafeStorageKeyError extends Error {
  constructor(key: unknown, reason: string) {
    super(`Refused storage key ${JSON.stringify(String(key)).slice(0, 80)}: ${reason}`);
    this.name = 'UnsafeStorageKeyError';
  }
}

/** `ab/cd/abcd…-uuid`: two shard levels taken from the UUID itself, so keys spread evenly. */
const KEY_FORMAT =
  /^([0-9a-f]{2})\/([0-9a-f]{2})\/\1\2[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** C0, DEL, C1 and the bidirectional overrides that make `gpj.exe` read as `exe.jpg`. */
export function containsControlCharacters(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return true;
  }
  return false;
}

function keyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'not a non-empty string';
  if (containsControlCharacters(key)) return 'contains control characters';
  if (key.includes('\\')) return 'contains a backslash';
  if (key.startsWith('/') || /^[a-z]:/i.test(key)) return 'is absolute';
  if (key.includes('..')) return 'contains ".."';
  if (!KEY_FORMAT.test(key)) return 'is not a key made by newKey()';
  return undefined;
}

export function isValidKey(key: unknown): key is string {
  return keyProblem(key) === undefined;
}

/** The safety net every implementation runs before touching a key. */
export function assertSafeKey(key: unknown): asserts key is string {
  const problem = keyProblem(key);
  if (problem) throw new UnsafeStorageKeyError(key, problem);
}

/**
 * Where uploaded bytes live. Keys are made by the server (`newKey()`), never from client input.
 * Every method refuses an unsafe key with `UnsafeStorageKeyError`; reading a missing key throws
 * `AppError.notFound('File')`.
 */
export abstract class FileStorage {
  /** A fresh, unguessable key, e.g. `3f/a2/3fa2…`. */
  newKey(): string {
    const id = randomUUID();
    return `${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`;
  }

  /**
   * Stores everything `source` yields under `key`, replacing what was there. Atomic: readers and
   * `list()` see the whole file or nothing, and a failed or crashed write leaves nothing under `key`.
   * Rejects with the source's error when the source fails; the source is destroyed on failure.
   */
  abstract write(key: string, source: Readable): Promise<void>;

  /** A stream of the stored bytes; rejects before streaming when the key is missing. */
  abstract read(key: string): Promise<Readable>;

  /** Size and modification time; not found when missing. */
  abstract stat(key: string): Promise<StoredObject>;

  /** Idempotent: deleting a missing key succeeds. */
  abstract delete(key: string): Promise<void>;

  abstract exists(key: string): Promise<boolean>;

  /** Every stored file (never a write in progress), in no particular order. */
  abstract list(): AsyncIterable<StoredObject>;

  /** Removes leftovers of writes that started before `olderThan` and never finished; returns how many. */
  abstract removeStaleTemporaries(olderThan: Date): Promise<number>;

  /** Can a file be stored right now, and how much room is left? Never throws. */
  abstract health(): Promise<StorageHealth>;

  /** The whole file in memory: for small files only (e.g. an image embedded in a report). */
  async readBuffer(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.read(key)) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks);
  }
}
