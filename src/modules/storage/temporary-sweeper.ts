/**
 * Parts of uploads that never finished (a crash, a killed process: up to the 50 MB file limit
 * each) used to wait for the orphan sweep's 60-minute grace. They cannot belong to a live upload
 * once older than any request may last — Node ends a request after `requestTimeout` (5 minutes),
 * and a part's modification time moves with every chunk written — so they go a minute after
 * that: swept at start and every minute, also with several instances sharing the directory.
 */
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FileStorage } from './storage.js';

/** Node's default `server.requestTimeout`; main.ts sets it explicitly to this. */
export const REQUEST_TIMEOUT_MS = 300_000;
export const TEMPORARY_GRACE_MS = REQUEST_TIMEOUT_MS + 60_000;
const EVERY_MS = 60_000;

@Injectable()
export class TemporarySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TemporarySweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly storage: FileStorage) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Removes parts untouched for longer than the grace; never throws (a later run retries). */
  async sweep(now = Date.now()): Promise<number> {
    try {
      const removed = await this.storage.removeStaleTemporaries(new Date(now - TEMPORARY_GRACE_MS));
      if (removed > 0) this.logger.log(`Removed ${removed} unfinished upload part(s)`);
      return removed;
    } catch (error) {
      this.logger.warn(`Sweeping unfinished upload parts failed: ${String(error)}`);
      return 0;
    }
  }
}
