/**
 * At most `limit` tasks at once; the rest wait in line, up to `maxWaiting`, beyond which `run`
 * refuses at once (the caller turns that into a 503 rather than a queue without end).
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most tasks ever seen running at once, and how many ran (tests and benches read them). */
  peak = 0;
  started = 0;

  constructor(
    private limit: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Changes the limit for tasks not yet started. */
  resize(limit: number): void {
    this.limit = Math.max(1, limit);
    this.next();
  }

  /** Undefined when the line is full; otherwise the task's result, once its turn came. */
  run<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (this.active >= this.limit && this.waiting.length >= this.maxWaiting) return undefined;
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.next();
    }).then(async () => {
      try {
        return await task();
      } finally {
        this.active -= 1;
        this.next();
      }
    });
  }

  private next(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active += 1;
      this.started += 1;
      this.peak = Math.max(this.peak, this.active);
      (this.waiting.shift() as () => void)();
    }
  }
}
