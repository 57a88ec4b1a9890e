import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { PassThrough, Transform, Writable } from 'node:stream';
import { Database } from '../../common/database/database.js';
import { threadHeapRelease } from '../../common/memory/idle-heap-release.js';
import { AppConfig } from '../../config/app-config.js';
import { FileStorage } from '../storage/storage.js';
import type { PortfolioDocument } from './pdf/portfolio-document.js';
import { loadPortfolioTemplate, PortfolioTemplate } from './pdf/portfolio-template.js';
import type { RenderOptions } from './pdf/render-context.js';
import { SHOWN_IMAGES } from './pdf/file-notes.js';
import { PageImagesService } from './page-images.service.js';
import { PortfolioBuilder } from './portfolio-builder.js';
import { canonicalJson, PortfolioContent } from './portfolio-content.js';
import { PdfRenderPool } from './workers/pdf-render-pool.js';

export interface StoredPdf {
  storageKey: string;
  sha256: string;
  size: number;
}

/**
 * Renders portfolios: drafts straight to the client, gateway PDFs once into storage. The data is
 * gathered here; the PDF is made in a worker thread (PdfRenderPool), which asks for image bytes
 * as it draws.
 */
@Injectable()
export class PortfolioService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PortfolioService.name);
  private template: PortfolioTemplate;
  private renderer: PdfRenderPool;

  constructor(
    private readonly db: Database,
    private readonly builder: PortfolioBuilder,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
    private readonly pageImages: PageImagesService,
  ) {}

  /** A broken template stops the start, not the first assessor's download. */
  async onModuleInit(): Promise<void> {
    this.template = await loadPortfolioTemplate(this.config.portfolioTemplate);
    this.renderer = new PdfRenderPool({ ...this.config.pdf, template: this.template });
  }

  async onModuleDestroy(): Promise<void> {
    await this.renderer?.close();
  }

  /** Starts the PDF workers ahead of the first PDF (see PdfRenderPool.warmUp). */
  warmUp(): void {
    this.renderer.warmUp();
  }

  get templateText(): PortfolioTemplate['text'] {
    return this.template.text;
  }

  /** The loaded template, for other documents drawn in the portfolio's style (progress reviews). */
  get pdfTemplate(): PortfolioTemplate {
    return this.template;
  }

  /** The live portfolio, marked DRAFT (Permission.DraftPortfolioRead). */
  async draft(apprenticeshipId: string): Promise<{ content: PortfolioContent; fileName: string }> {
    const content = await this.builder.build(apprenticeshipId, {
      kind: 'draft',
    });
    return { content, fileName: `portfolio-${content.apprentice.uln}-draft.pdf` };
  }

  /**
   * Streams the PDF of `content` into `output`. Files are read from storage one at a time. With
   * every worker busy and the queue full, refuses before writing anything (503, Retry-After).
   */
  async render(content: PortfolioContent, output: Writable): Promise<void> {
    const doc = this.documentOf(content);
    const rendering = this.renderer.render(doc, this.template, output, this.renderOptions);
    // What uploads just left on this thread is collected before the render's own memory comes on
    // top, while a worker lays out the first pages rather than before it starts.
    setImmediate(() => threadHeapRelease().releaseBeforeWork());
    try {
      await this.keepChecksums((await rendering).checksums);
    } finally {
      threadHeapRelease().owe();
    }
  }

  /**
   * Keeps the MD5s a rendering had to compute (RenderResult.checksums) for every file with those
   * bytes, so that later renderings take them from the document instead of hashing the files
   * again: after a restart, or in another PDF worker (the EPA pack's 58 MB: 80 ms of a worker's
   * CPU). A failure costs only that: the next rendering computes them again.
   */
  private async keepChecksums(checksums: Record<string, string>): Promise<void> {
    const found = Object.entries(checksums);
    if (found.length === 0) return;
    await this.db
      .query(
        `UPDATE evidence_files f SET md5 = decode(c.md5, 'hex')
         FROM unnest($1::char(64)[], $2::text[]) AS c(sha256, md5)
         WHERE f.sha256 = c.sha256 AND f.md5 IS NULL`,
        [found.map(([sha256]) => sha256), found.map(([, md5]) => md5)],
      )
      .catch((error: unknown) => this.logger.warn(`Could not keep MD5s: ${String(error)}`));
  }

  get renderOptions(): RenderOptions {
    return { images: { maxPixels: this.config.uploads.maxImagePixels } };
  }

  /**
   * What the renderer draws: `content` in canonical form, files read from storage on demand, and
   * images' page copies from PageImagesService (made once, kept in storage).
   */
  documentOf(content: PortfolioContent): PortfolioDocument {
    const limits = this.renderOptions.images;
    // jsonb hands stored content back with its keys reordered; the PDF's /ID is derived from the
    // document, so render from one canonical form and a snapshot re-renders to the same bytes.
    const canonical = JSON.parse(canonicalJson(content)) as PortfolioContent;
    return {
      ...canonical,
      evidence: canonical.evidence.map((e) => ({
        ...e,
        // Every file is attached to the PDF (images are drawn from the same bytes): read from
        // storage one at a time, while that file is drawn.
        files: e.files.map(({ id: _id, storageKey, ...file }) => ({
          ...file,
          read: () => this.storage.readBuffer(storageKey),
          ...(SHOWN_IMAGES.test(file.mediaType) && {
            pageCopy: () => this.pageImages.pageCopy({ ...file, storageKey }, limits),
          }),
        })),
      })),
    };
  }

  /** Renders into storage, hashing on the way; the caller deletes the key if it cannot commit. */
  async renderToStorage(content: PortfolioContent): Promise<StoredPdf> {
    const storageKey = this.storage.newKey();
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    const pdf = new PassThrough();
    pdf.pipe(counter);
    const stored = this.storage.write(storageKey, counter);
    try {
      await Promise.all([this.render(content, pdf), stored]);
    } catch (error) {
      await this.storage.delete(storageKey);
      throw error;
    }
    return { storageKey, sha256: hash.digest('hex'), size };
  }
}
