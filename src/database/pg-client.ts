import pg from 'pg';

type QueryCallback = (error: Error | null, result?: unknown) => void;

const isReadTimeout = (error: unknown): boolean =>
  error instanceof Error && error.message === 'Query read timeout';

/**
 * pg's Client, except that a query which timed out (`query_timeout`) takes its connection with
 * it. pg gives up waiting but keeps the connection, with the abandoned statement still on the
 * wire: in a network partition the next request would queue behind it, and once the network
 * heals the server would run a BEGIN whose ROLLBACK was never sent, leaving the connection in a
 * transaction nobody owns. Closing it makes the pool (and TypeORM) drop it and open a clean one.
 * Given to the pool as `extra.Client`.
 */
export class TimeoutSafeClient extends pg.Client {
  /** The promise-style query before this one (see query). */
  private previous: Promise<unknown> = Promise.resolve();

  /**
   * Promise-style queries (TypeORM's) also wait for the one before on this connection: inside a
   * transaction, code may ask for several at once (a page's Promise.all), which pg 8 queues
   * itself but deprecates, and pg 9 refuses.
   */
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    const submittable = typeof (args[0] as { submit?: unknown } | null)?.submit === 'function';
    if (typeof callback === 'function' || submittable) {
      if (typeof callback === 'function') {
        args[last] = (error: Error | null, result?: unknown) => {
          if (isReadTimeout(error)) this.abandon();
          (callback as QueryCallback)(error, result);
        };
      }
      return (super.query as (...a: unknown[]) => unknown)(...args) as never;
    }
    const run = () => {
      const result = (super.query as (...a: unknown[]) => Promise<unknown>)(...args);
      result.catch((error: unknown) => {
        if (isReadTimeout(error)) this.abandon();
      });
      return result;
    };
    const result = this.previous.then(run, run);
    this.previous = result.then(
      () => undefined,
      () => undefined,
    );
    return result as never;
  }

  private abandon(): void {
    (
      this as unknown as { connection?: { stream?: { destroy(): void } } }
    ).connection?.stream?.destroy();
  }
}
