/** How long a background job waits before each look for the rows an upload inserted. */
const LOOKS_AFTER_MS = [0, 50, 250, 1000];

/**
 * For work that follows an upload off its request: the rows it inserted become visible when its
 * transaction commits, and on a real server the job may look before that, so it looks again a few
 * times. `find` answers the rows (of `ids`) still to do, `each` does one; ids never found are
 * left, for the callers' lazy paths to catch up. Stops when `stopped()` says so.
 */
export async function whenCommitted<Row extends { id: string }>(
  ids: string[],
  find: (ids: string[]) => Promise<Row[]>,
  each: (row: Row) => Promise<void>,
  stopped: () => boolean,
): Promise<void> {
  let left = ids;
  for (const wait of LOOKS_AFTER_MS) {
    if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
    if (stopped()) return;
    const found = await find(left);
    for (const row of found) {
      if (stopped()) return;
      await each(row);
    }
    const done = new Set(found.map((row) => row.id));
    left = left.filter((id) => !done.has(id));
    if (left.length === 0) return;
  }
}
