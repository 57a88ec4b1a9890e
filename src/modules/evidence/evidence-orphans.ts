import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Database } from '../../common/database/database.js';
import { AppConfig } from '../../config/app-config.js';
import { FileStorage } from '../storage/storage.js';
import { OrphanSweepResult, sweepOrphans } from '../storage/orphan-sweep.js';

/**
 * Removes stored files no row references (left by a crash between storing and committing).
 * Runs in the background after start-up, and on demand from the CLI (`sweep-uploads`).
 */
@Injectable()
export class EvidenceOrphanSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(EvidenceOrphanSweeper.name);

  constructor(
    private readonly db: Database,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: a large store must not delay start-up; the outcome is logged.
    void this.sweep().then(
      (r) =>
        r.deleted + r.temporariesRemoved > 0 &&
        this.logger.log(`Orphan sweep: ${JSON.stringify(r)}`),
      (e: unknown) => this.logger.warn(`Orphan sweep failed: ${String(e)}`),
    );
  }

  /** Files younger than the grace period (UPLOAD_ORPHAN_GRACE_MINUTES) may still be on their way to the database. */
  sweep(graceMs = this.config.uploads.orphanGraceMs): Promise<OrphanSweepResult> {
    return sweepOrphans(
      this.storage,
      async (keys) => {
        const rows = await this.db.query<{ key: string }[]>(
          `SELECT storage_key AS key FROM evidence_files WHERE storage_key = ANY($1)
           UNION SELECT pdf_storage_key FROM portfolio_snapshots WHERE pdf_storage_key = ANY($1)`,
          [keys],
        );
        return new Set(rows.map((r) => r.key));
      },
      graceMs,
    );
  }
}
