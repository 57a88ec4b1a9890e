import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Every worker is busy and `queueLimit` tasks already wait: the caller should answer 503. */
export class PoolFullError extends Error {
  constructor(readonly queueLimit: number) {
    super(`all workers are busy and ${queueLimit} tasks are waiting`);
    this.name = 'PoolFullError';
  }
}

/** The worker running a task stopped (crashed, ran out of memory, was terminated). */
export class WorkerCrashedError extends Error {
  constructor(reason: string) {
    super(`the worker stopped while working: ${reason}`);
    this.name = 'WorkerCrashedError';
  }
}

/** One worker, lent to one task until the task settles. */
export interface Lease {
  worker: Worker;
  /** Rejects (WorkerCrashedError) if the worker stops before the task settles; never resolves. */
  lost: Promise<never>;
}

export interface WorkerPoolOptions {
  /** The worker's script: it posts `{ type: 'ready' }` once it can take tasks. */
  script: URL;
  size: number;
  /** Tasks allowed to wait while every worker is busy; one more is refused with PoolFullError. */
  queueLimit: number;
  workerOptions?: WorkerOptions;
  /**
   * A worker with nothing to do for this long stops, and its heap goes back to the system; the
   * next task starts one again. Unset: a worker, once started, stays.
   */
  idleMs?: number;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  busy: boolean;
  /** When it last took a task (a counter), so idle workers can be told apart by warmth. */
  used: number;
  lose?: (error: Error) => void;
  /** Stops it once it has been idle for idleMs. */
  idleTimer?: NodeJS.Timeout;
  /** Stopped for being idle: not replaced. */
  retired?: boolean;
}

interface Waiting {
  task(lease: Lease): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * A pool of up to `size` worker threads, each doing one task at a time. Workers start as they are
 * needed: none until the first task (or `start()`), then one more whenever a task would otherwise
 * wait behind work, up to `size`; once started a worker stays, or with `idleMs` stops after that
 * long without a task. Every worker is a heap of its own (tens of MB for a PDF worker), so a
 * service that renders one PDF at a time keeps one. A worker that stops while working is replaced
 * and its task rejected; a worker that fails before it is ready is not retried until the next
 * task, so a broken script cannot spin.
 */
export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Waiting[] = [];
  private closed = false;
  private dispatched = 0;

  constructor(private readonly options: WorkerPoolOptions) {
    if (options.size < 1) throw new Error('a worker pool needs at least one worker');
  }

  /** Workers started (ready or not) and tasks waiting: for tests and health figures. */
  get stats(): { workers: number; busy: number; waiting: number } {
    const busy = [...this.slots].filter((s) => s.busy).length;
    return { workers: this.slots.size, busy, waiting: this.queue.length };
  }

  /** Starts a first worker now rather than with the first task. */
  start(): void {
    if (!this.closed && this.slots.size === 0) this.spawn();
  }

  /** Runs `task` with a worker of its own; refuses at once (PoolFullError) when the queue is full. */
  run<T>(task: (lease: Lease) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    // The most recently used idle worker: its caches (fonts, shaped words, images) are warmest.
    const idle = [...this.slots]
      .filter((s) => s.ready && !s.busy)
      .sort((a, b) => b.used - a.used)[0];
    // Workers still starting count as free: a task waiting for one is not "queued" behind work.
    const busy = [...this.slots].filter((s) => s.busy).length;
    if (busy + this.queue.length >= this.options.size + this.options.queueLimit) {
      return Promise.reject(new PoolFullError(this.options.queueLimit));
    }
    return new Promise<T>((resolve, reject) => {
      const waiting: Waiting = { task, resolve: resolve, reject };
      if (idle) this.dispatch(idle, waiting);
      else {
        this.queue.push(waiting);
        this.grow();
      }
    });
  }

  /** One more worker for each waiting task that no starting worker will take, up to `size`. */
  private grow(): void {
    const starting = () => [...this.slots].filter((s) => !s.ready).length;
    while (this.slots.size < this.options.size && starting() < this.queue.length) this.spawn();
  }

  /** Stops every worker; waiting tasks are rejected and running ones see their lease lost. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) waiting.reject(new Error('the worker pool closed'));
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
  }

  private spawn(): void {
    const worker = new Worker(this.options.script, this.options.workerOptions);
    // Idle workers must not keep the process alive after everything else has stopped.
    worker.unref();
    const slot: Slot = { worker, ready: false, busy: false, used: 0 };
    this.slots.add(slot);
    let reason = 'it exited';
    worker.on('message', (message: { type?: string }) => {
      if (message?.type !== 'ready' || slot.ready) return;
      slot.ready = true;
      this.next(slot);
    });
    worker.on('error', (error: Error) => (reason = error.message));
    worker.on('exit', (code) => this.lost(slot, `${reason} (exit code ${code})`));
  }

  private lost(slot: Slot, reason: string): void {
    this.slots.delete(slot);
    clearTimeout(slot.idleTimer);
    slot.lose?.(new WorkerCrashedError(reason));
    if (this.closed || slot.retired) return;
    if (slot.ready) {
      // A worker that was working: replace it, so the pool keeps its size.
      this.spawn();
    } else if (![...this.slots].some((s) => s.ready)) {
      // It never became ready and no other worker is: nobody will ever take the waiting tasks.
      const error = new WorkerCrashedError(`it did not start: ${reason}`);
      for (const waiting of this.queue.splice(0)) waiting.reject(error);
    }
  }

  private dispatch(slot: Slot, waiting: Waiting): void {
    clearTimeout(slot.idleTimer);
    slot.busy = true;
    slot.used = ++this.dispatched;
    slot.worker.ref(); // a task in progress keeps the process alive, as any I/O would
    const lost = new Promise<never>((_, reject) => (slot.lose = reject));
    lost.catch(() => undefined); // a task that already settled does not care
    // The worker is free again (and takes the next task) before the caller hears the outcome.
    const free = () => {
      slot.busy = false;
      slot.lose = undefined;
      slot.worker.unref();
      if (this.slots.has(slot)) this.next(slot);
    };
    Promise.resolve()
      .then(() => waiting.task({ worker: slot.worker, lost }))
      .then(
        (value) => (free(), waiting.resolve(value)),
        (error: Error) => (free(), waiting.reject(error)),
      );
  }

  private next(slot: Slot): void {
    if (slot.busy || !slot.ready) return;
    const waiting = this.queue.shift();
    if (waiting) this.dispatch(slot, waiting);
    else if (this.options.idleMs !== undefined) this.retireWhenIdle(slot, this.options.idleMs);
  }

  private retireWhenIdle(slot: Slot, idleMs: number): void {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      if (slot.busy || this.closed) return;
      // Out of the pool at once, so no task is given to a worker that is stopping.
      slot.retired = true;
      this.slots.delete(slot);
      void slot.worker.terminate();
    }, idleMs);
    slot.idleTimer.unref();
  }
}
