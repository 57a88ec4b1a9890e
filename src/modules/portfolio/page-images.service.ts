import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Database } from '../../common/database/database.js';
import { whenCommitted } from '../../common/database/when-committed.js';
import { AppConfig } from '../../config/app-config.js';
import { FileStorage } from '../storage/storage.js';
import { SHOWN_IMAGES } from './pdf/file-notes.js';
import {
  type ImageLimits,
  planImage,
  type PreparedImage,
  shrinkImage,
} from './pdf/image-preparation.js';

/** An evidence file that may be drawn on a page. */
export interface SourceImage {
  sha256: string;
  mediaType: string;
  storageKey: string;
}

interface UploadedImage extends SourceImage {
  id: string;
}

/**
 * Page copies: the smaller image a PDF draws instead of a large photo (image-preparation.ts
 * decides which images need one and makes it). Shrinking a 4 MB photo costs 60–180 ms of sharp,
 * and a per-thread memory cache paid that again after every restart and in every PDF worker, so
 * each copy is made once and kept in storage (`page_images`, one per source SHA-256 and pixel
 * limit): ahead of time, just after its upload commits (`afterUpload`), or by the first PDF that
 * needs it (`pageCopy`). sharp is deterministic, so a PDF is the same bytes whether its copies
 * were made during the rendering or read back. Images drawn as they are, and images not shown,
 * have no copy. A copy goes when the last file with its source's SHA-256 does (`release`), or
 * at the next orphan sweep (`releaseUnreferenced`).
 */
@Injectable()
export class PageImagesService implements OnModuleDestroy {
  private readonly logger = new Logger(PageImagesService.name);
  /** Copies being made in this process, so two renderings never shrink the same photo twice. */
  private readonly making = new Map<string, Promise<PreparedImage>>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  get limits(): ImageLimits {
    return { maxPixels: this.config.uploads.maxImagePixels };
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.queue;
  }

  /**
   * The image as a page draws it when it must be shrunk: the stored copy, or one made now (and
   * kept). For an image drawn as it is, its own bytes; for one not shown, why.
   */
  pageCopy(source: SourceImage, limits: ImageLimits = this.limits): Promise<PreparedImage> {
    const key = `${source.sha256} ${limits.maxPixels}`;
    let making = this.making.get(key);
    if (!making) {
      making = this.storedOrMade(source, limits).finally(() => this.making.delete(key));
      this.making.set(key, making);
    }
    return making;
  }

  /**
   * Called by whoever inserts file rows: makes the copies of the images among them once their
   * transaction has committed, one at a time, in the background. Never fails the upload.
   */
  afterUpload(fileIds: string[]): void {
    if (fileIds.length === 0 || this.closed) return;
    this.db.outsideTransaction(() => {
      this.queue = this.queue
        .then(() => this.copyWhenCommitted(fileIds))
        .catch((error: unknown) => this.logger.warn(`Page copies of uploads: ${String(error)}`));
    });
  }

  /**
   * After file rows were deleted: removes the copies no remaining file needs (their rows, then
   * their bytes). A failure leaves them to the orphan sweep; it never fails the deletion.
   */
  async release(sha256s: string[]): Promise<void> {
    if (sha256s.length === 0) return;
    try {
      await this.deleteWhere('source_sha256 = ANY($1::char(64)[]) AND', [sha256s]);
    } catch (error) {
      this.logger.warn(`Could not release page copies; the orphan sweep will: ${String(error)}`);
    }
  }

  /** For the orphan sweep: every copy whose source no file has any more goes, rows and bytes. */
  releaseUnreferenced(): Promise<number> {
    return this.deleteWhere('', []);
  }

  private async deleteWhere(condition: string, parameters: unknown[]): Promise<number> {
    // Selected from the DELETE: TypeORM answers a bare DELETE … RETURNING with [rows, count].
    const gone = await this.db.query<{ storage_key: string }[]>(
      `WITH gone AS (
         DELETE FROM page_images p WHERE ${condition} NOT EXISTS
           (SELECT 1 FROM evidence_files f WHERE f.sha256 = p.source_sha256)
         RETURNING storage_key)
       SELECT storage_key FROM gone`,
      parameters,
    );
    // The rows are gone: an object left behind by a failure here is the sweep's.
    for (const { storage_key: key } of gone) {
      await this.storage.delete(key).catch((error: unknown) => {
        this.logger.warn(`Could not delete page copy ${key}: ${String(error)}`);
      });
    }
    return gone.length;
  }

  private async storedOrMade(source: SourceImage, limits: ImageLimits): Promise<PreparedImage> {
    const [row] = await this.db.query<{ storage_key: string }[]>(
      'SELECT storage_key FROM page_images WHERE source_sha256 = $1 AND max_pixels = $2',
      [source.sha256, limits.maxPixels],
    );
    if (!row) return this.make(source, limits, true);
    try {
      return { bytes: await this.storage.readBuffer(row.storage_key) };
    } catch (error) {
      // Released while we looked (its last file went): the same bytes, made again, not kept.
      this.logger.warn(`Page copy ${row.storage_key} could not be read: ${String(error)}`);
      return this.make(source, limits, false);
    }
  }

  private async make(
    source: SourceImage,
    limits: ImageLimits,
    keep: boolean,
  ): Promise<PreparedImage> {
    const original = await this.storage.readBuffer(source.storageKey);
    const plan = planImage(original, source.mediaType, limits);
    if (plan === 'as-is') return { bytes: original };
    if (plan !== 'shrink') return plan;
    const prepared = await shrinkImage(original, source.mediaType, limits);
    // Kept under the SHA-256 only when it is truly the copy of those bytes.
    const sha256 = createHash('sha256').update(original).digest('hex');
    if ('bytes' in prepared && keep && sha256 === source.sha256) {
      await this.keep(source, limits, prepared.bytes).catch((error: unknown) => {
        this.logger.warn(`Could not keep the page copy of ${sha256}: ${String(error)}`);
      });
    }
    return prepared;
  }

  /** Stores the copy; another instance that kept one first wins, and ours is deleted. */
  private async keep(source: SourceImage, limits: ImageLimits, bytes: Buffer): Promise<void> {
    const key = this.storage.newKey();
    await this.storage.write(key, Readable.from([bytes]));
    try {
      const won = await this.db.query<unknown[]>(
        `INSERT INTO page_images (source_sha256, max_pixels, storage_key, size)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING storage_key`,
        [source.sha256, limits.maxPixels, key, bytes.length],
      );
      if (won.length === 0) await this.storage.delete(key);
    } catch (error) {
      await this.storage.delete(key);
      throw error;
    }
  }

  /** Makes the copies of the uploaded images once their rows are visible (see whenCommitted). */
  private copyWhenCommitted(fileIds: string[]): Promise<void> {
    return whenCommitted(
      fileIds,
      (ids) =>
        this.db.query<UploadedImage[]>(
          `SELECT id, sha256, media_type AS "mediaType", storage_key AS "storageKey"
           FROM evidence_files WHERE id = ANY($1::uuid[])`,
          [ids],
        ),
      async (file) => {
        if (!SHOWN_IMAGES.test(file.mediaType)) return;
        await this.pageCopy(file).catch((error: unknown) => {
          this.logger.warn(`Could not make the page copy of file ${file.id}: ${String(error)}`);
        });
      },
      () => this.closed,
    );
  }
}
