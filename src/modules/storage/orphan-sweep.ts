/**
 * Files can outlive their database rows: a crash between storing an upload and committing its
 * evidence row, or a failed clean-up. The sweep deletes stored files no row references once they
 * are older than a grace period (so uploads still on their way to the database are safe), and
 * clears temporaries of writes that never finished. Run on a schedule by one instance at a time
 * (EvidenceOrphanSweeper) and from the CLI.
 */
import { FileStorage } from './storage.js';

export interface OrphanSweepResult {
  /** Stored files seen. */
  scanned: number;
  /** Younger than the grace period: not even asked about. */
  recent: number;
  referenced: number;
  deleted: number;
  /** Deletes that failed; the next sweep tries again. */
  failed: number;
  temporariesRemoved: number;
}

export interface OrphanSweepOptions {
  /** Keys per `isReferenced` call (default 500): one bounded `WHERE key = ANY($1)` each. */
  batchSize?: number;
  now?: Date;
  onDeleteError?: (key: string, error: unknown) => void;
}

/**
 * `isReferenced(keys)` returns the subset of `keys` the database still references. It must not
 * guess: a key it leaves out (while old enough) is deleted.
 */
export async function sweepOrphans(
  storage: FileStorage,
  isReferenced: (keys: string[]) => Promise<Set<string>>,
  olderThanMs: number,
  options: OrphanSweepOptions = {},
): Promise<OrphanSweepResult> {
  if (!Number.isFinite(olderThanMs) || olderThanMs < 0) {
    throw new RangeError(`olderThanMs must be a non-negative number, got ${olderThanMs}`);
  }
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const cutoff = (options.now ?? new Date()).getTime() - olderThanMs;
  const result: OrphanSweepResult = {
    scanned: 0,
    recent: 0,
    referenced: 0,
    deleted: 0,
    failed: 0,
    temporariesRemoved: 0,
  };

  const settle = async (keys: string[]): Promise<void> => {
    const referenced = await isReferenced(keys);
    for (const key of keys) {
      if (referenced.has(key)) {
        result.referenced += 1;
        continue;
      }
      try {
        await storage.delete(key);
        result.deleted += 1;
      } catch (error) {
        result.failed += 1;
        options.onDeleteError?.(key, error);
      }
    }
  };

  let batch: string[] = [];
  for await (const entry of storage.list()) {
    result.scanned += 1;
    if (entry.modifiedAt.getTime() > cutoff) {
      result.recent += 1;
      continue;
    }
    batch.push(entry.key);
    if (batch.length >= batchSize) {
      await settle(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await settle(batch);
  result.temporariesRemoved = await storage.removeStaleTemporaries(new Date(cutoff));
  return result;
}
