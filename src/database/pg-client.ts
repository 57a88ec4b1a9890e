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
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: Error | null, result?: unknown) => {
        if (isReadTimeout(error)) this.abandon();
        (callback as QueryCallback)(error, result);
      };
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (isReadTimeout(error)) this.abandon();
      });
    }
    return result as never;
  }

  private abandon(): void {
    (
      this as unknown as { connection?: { stream?: { destroy(): void } } }
    ).connection?.stream?.destroy();
  }
}
