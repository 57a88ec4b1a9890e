import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Database } from '../../common/database/database.js';
import { whenCommitted } from '../../common/database/when-committed.js';
import { FileStorage } from '../storage/storage.js';
import { hasExtractableText } from './file-text.js';
import { FileTextReader } from './file-text-reader.js';

interface PendingFile {
  id: string;
  storage_key: string;
  media_type: string;
  size: string;
}

/** An upload not saved as an evidence file (its StoredUpload's fields). */
export interface UnsavedFile {
  storageKey: string;
  mediaType: string;
  size: number;
}

const PENDING_COLUMNS = 'id, storage_key, media_type, size';

/** Larger files are not read for words: their text would be capped anyway. */
const MAX_READ_BYTES = 30 * 1024 * 1024;

/**
 * Keeps each evidence file's words (evidence_files.extracted_text, NULL until read). A file is
 * read once, just after the upload commits, off the request and outside any transaction (reading
 * a PDF inside one would hold the embedded database's only session). Files that were uploaded
 * before this existed, or whose reading was cut short by a restart, are read lazily: the first
 * suggestion request for their evidence reads them (`ensureExtracted`) and keeps the text. The
 * reading itself happens in a worker thread that stops when idle (FileTextReader).
 */
@Injectable()
export class FileTextService implements OnModuleDestroy {
  private readonly logger = new Logger(FileTextService.name);
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** Reads in a worker thread that stops when idle (FileTextReader). */
  private readonly reader = new FileTextReader();

  constructor(
    private readonly db: Database,
    private readonly storage: FileStorage,
  ) {}

  /** Called by whoever inserts file rows: reads them once their transaction has committed. */
  afterUpload(fileIds: string[]): void {
    if (fileIds.length === 0 || this.closed) return;
    // Called inside the upload's transaction: the reading must not inherit it (by then it has
    // committed and its connection is back in the pool).
    this.db.outsideTransaction(() => {
      this.queue = this.queue
        .then(() => this.readWhenCommitted(fileIds))
        .catch((error: unknown) => this.logger.warn(`Reading uploaded files: ${String(error)}`));
    });
  }

  /** Reads the evidence's files not read yet (none, almost always). */
  async ensureExtracted(evidenceIds: string[]): Promise<void> {
    if (evidenceIds.length === 0) return;
    const pending = await this.db.query<PendingFile[]>(
      `SELECT ${PENDING_COLUMNS} FROM evidence_files
       WHERE evidence_id = ANY($1::uuid[]) AND extracted_text IS NULL`,
      [evidenceIds],
    );
    for (const file of pending) await this.extractOne(file);
  }

  /**
   * The words of files uploaded with a request that saves nothing (asking for suggestions before
   * the evidence is saved): read now, kept nowhere. A file that cannot be read adds no words.
   */
  async readUnsaved(uploads: readonly UnsavedFile[]): Promise<string> {
    const texts: string[] = [];
    for (const upload of uploads) {
      try {
        texts.push(await this.textOf(upload.storageKey, upload.mediaType, upload.size));
      } catch (error) {
        this.logger.warn(`Could not read the text of an upload: ${String(error)}`);
      }
    }
    return texts.filter(Boolean).join('\n');
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.reader.close();
  }

  /** Reads the uploaded files once their rows are visible (see whenCommitted). */
  private readWhenCommitted(fileIds: string[]): Promise<void> {
    return whenCommitted(
      fileIds,
      (ids) =>
        this.db.query<PendingFile[]>(
          `SELECT ${PENDING_COLUMNS} FROM evidence_files
           WHERE id = ANY($1::uuid[]) AND extracted_text IS NULL`,
          [ids],
        ),
      (file) => this.extractOne(file),
      () => this.closed,
    );
  }

  private async extractOne(file: PendingFile): Promise<void> {
    let text: string;
    try {
      text = await this.textOf(file.storage_key, file.media_type, Number(file.size));
    } catch (error) {
      // A file that cannot be read now stays NULL, to be tried again lazily.
      this.logger.warn(`Could not read the text of file ${file.id}: ${String(error)}`);
      return;
    }
    // Postgres text cannot hold NUL.
    await this.db.query(
      `UPDATE evidence_files SET extracted_text = $2 WHERE id = $1 AND extracted_text IS NULL`,
      [file.id, text.replaceAll('\u0000', '')],
    );
  }

  private async textOf(key: string, mediaType: string, size: number): Promise<string> {
    // A larger file is not even opened: reading 30 MB only to give up costs the memory for them.
    if (!hasExtractableText(mediaType) || size > MAX_READ_BYTES) return '';
    const bytes = await this.readCapped(key);
    return bytes ? this.reader.read(mediaType, bytes) : '';
  }

  private async readCapped(key: string): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of await this.storage.read(key)) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > MAX_READ_BYTES) return null;
      chunks.push(buffer);
    }
    return Buffer.concat(chunks);
  }
}
