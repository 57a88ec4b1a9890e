import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Database } from '../../common/database/database.js';
import { AppConfig } from '../../config/app-config.js';
import { PageImagesService } from '../portfolio/page-images.service.js';
import { FileStorage } from '../storage/storage.js';
import { OrphanSweepResult, sweepOrphans } from '../storage/orphan-sweep.js';

/** The advisory lock whose holder sweeps; the other instances skip that run. */
export const ORPHAN_SWEEP_LOCK = 'ksb-portfolio:orphan-sweep';
/** The first sweep waits this long after start, so it never competes with the start itself. */
const FIRST_SWEEP_DELAY_MS = 30_000;

/**
 * Removes stored files no row references (left by a crash between storing and committing), and
 * first the page copies of images no evidence file has any more (their deletion with the last
 * file failed, or the file went by a cascade): a copy is personal data as much as its original.
 * Runs on a schedule (every UPLOAD_ORPHAN_SWEEP_MINUTES, the first soon after start) on whichever
 * instance takes the sweep lock for that run, and on demand from the CLI (`sweep-uploads`).
 */
@Injectable()
export class EvidenceOrphanSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(EvidenceOrphanSweeper.name);
  private running = false;

  constructor(
    private readonly db: Database,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly pageImages: PageImagesService,
  ) {}

  onApplicationBootstrap(): void {
    // Registered with the scheduler, which clears them when the application closes.
    const first = setTimeout(() => void this.runScheduled(), FIRST_SWEEP_DELAY_MS);
    first.unref();
    this.scheduler.addTimeout('orphan-sweep-first', first);
    const every = setInterval(
      () => void this.runScheduled(),
      this.config.uploads.orphanSweepEveryMs,
    );
    every.unref();
    this.scheduler.addInterval('orphan-sweep', every);
  }

  /**
   * One scheduled run: sweeps when this instance gets the lock, returns `skipped` when another
   * holds it (or this one is still sweeping). Never throws: the outcome is logged, and a failed
   * run is simply tried again next time.
   */
  async runScheduled(): Promise<OrphanSweepResult | 'skipped' | 'failed'> {
    if (this.running) return 'skipped';
    this.running = true;
    try {
      const outcome = await this.db.withTryLock(ORPHAN_SWEEP_LOCK, () => this.sweep());
      if (!outcome.ran) return 'skipped';
      const r = outcome.result;
      if (r.deleted + r.temporariesRemoved + r.failed > 0) {
        this.logger.log(`Orphan sweep: ${JSON.stringify(r)}`);
      }
      return r;
    } catch (error) {
      this.logger.warn(`Orphan sweep failed: ${String(error)}`);
      return 'failed';
    } finally {
      this.running = false;
    }
  }

  /** Files younger than the grace period (UPLOAD_ORPHAN_GRACE_MINUTES) may still be on their way to the database. */
  async sweep(graceMs = this.config.uploads.orphanGraceMs): Promise<OrphanSweepResult> {
    // Copies are released whatever their age: no file needs them, and each is only ever kept
    // after its source's file row committed. Their objects go with them (or in the sweep below).
    await this.pageImages.releaseUnreferenced();
    return sweepOrphans(
      this.storage,
      async (keys) => {
        const rows = await this.db.query<{ key: string }[]>(
          `SELECT storage_key AS key FROM evidence_files WHERE storage_key = ANY($1)
           UNION SELECT pdf_storage_key FROM portfolio_snapshots WHERE pdf_storage_key = ANY($1)
           UNION SELECT storage_key FROM page_images WHERE storage_key = ANY($1)`,
          [keys],
        );
        return new Set(rows.map((r) => r.key));
      },
      graceMs,
    );
  }
}
