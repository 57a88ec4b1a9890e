/**
 * The multer 2 storage engine behind every `FilesInterceptor`: it streams each file part straight
 * into `FileStorage` under a fresh server-made key, through `UploadInspector` (size limit, SHA-256,
 * sniffed media type, text proof), so no upload is ever held in memory and nothing refused or
 * half-received is left in storage. The file object multer hands on carries a `StoredUpload`.
 */
import type { Request } from 'express';
import { StorageEngine } from 'multer';
import { FileStorage } from '../storage.js';
import { badFileName } from './upload-errors.js';
import { UploadInspector } from './upload-inspector.js';
import { originalNameProblem } from './upload-rules.js';

/** What a stored upload is known to be. Never trust the client's Content-Type instead. */
export interface StoredUpload {
  storageKey: string;
  /** The client's file name, checked safe to show; a label only, never part of a path. */
  originalName: string;
  /** Sniffed (binary) or decided from the extension and proved to be text. */
  mediaType: string;
  size: number;
  /** Hex SHA-256 of the stored bytes. */
  sha256: string;
}

export interface UploadEngineOptions {
  maxFileBytes: number;
  allowedMediaTypes: ReadonlySet<string>;
  /** Images with more pixels are refused (undefined: no limit). */
  maxImagePixels?: number;
}

type MulterFile = Express.Multer.File;
type HandleFileCallback = (error?: unknown, info?: Partial<MulterFile>) => void;

/** The `StoredUpload` of a file from `@UploadedFiles()`; throws if this engine did not store it. */
export function storedUploadOf(file: MulterFile): StoredUpload {
  const { storageKey, originalName, mediaType, size, sha256 } = file as MulterFile &
    Partial<StoredUpload>;
  if (!storageKey || !originalName || !mediaType || !sha256) {
    throw new Error('This file was not stored by UploadStorageEngine: is StorageModule imported?');
  }
  return { storageKey, originalName, mediaType, size, sha256 };
}

const IN_FLIGHT = Symbol('uploadsInFlight');
type TrackedRequest = Request & { [IN_FLIGHT]?: Promise<unknown>[] };

function trackUpload(req: Request, storing: Promise<unknown>): void {
  ((req as TrackedRequest)[IN_FLIGHT] ??= []).push(storing.catch(() => undefined));
}

/**
 * Waits until every file part of this request has finished storing or cleaning up. Multer can
 * answer an aborted or malformed request while a part is still being written; awaiting this
 * before responding means a refused request leaves nothing on disk by the time it is answered.
 */
export async function settleUploads(req: Request): Promise<void> {
  await Promise.all((req as TrackedRequest)[IN_FLIGHT] ?? []);
}

export class UploadStorageEngine implements StorageEngine {
  constructor(
    private readonly storage: FileStorage,
    private readonly options: UploadEngineOptions,
  ) {}

  _handleFile(req: Request, file: MulterFile, callback: HandleFileCallback): void {
    const storing = this.store(file);
    trackUpload(req, storing);
    void storing.then(
      (stored) => {
        // `mimetype` is overwritten too, so code reading multer's field gets the checked type.
        const info: Partial<MulterFile> & StoredUpload = { ...stored, mimetype: stored.mediaType };
        callback(null, info);
      },
      // The rest of a refused part stays unread: multer unpipes the request and drains it.
      (error: unknown) => callback(error),
    );
  }

  _removeFile(_req: Request, file: MulterFile, callback: (error: Error | null) => void): void {
    const key = (file as MulterFile & Partial<StoredUpload>).storageKey;
    if (!key) {
      callback(null);
      return;
    }
    this.storage.delete(key).then(
      () => callback(null),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** Stores one part; on any refusal nothing is left under its key. */
  async store(file: MulterFile): Promise<StoredUpload> {
    const field = file.fieldname;
    const fileName = file.originalname;
    const problem = originalNameProblem(fileName);
    if (problem) throw badFileName(field, problem);

    const inspector = new UploadInspector({
      field,
      fileName,
      maxBytes: this.options.maxFileBytes,
      allowed: this.options.allowedMediaTypes,
      maxImagePixels: this.options.maxImagePixels,
    });
    // busboy ends a truncated part with an error ("Unexpected end of file"); pipe() does not
    // forward errors, so hand it on and the storage write fails and cleans up.
    file.stream.once('error', (error) => inspector.destroy(error));
    // A refusal can come before `write` has attached its listeners (it may await first); the
    // error stays on the destroyed stream and `write` rejects with it.
    inspector.on('error', () => undefined);
    file.stream.pipe(inspector);
    const key = this.storage.newKey();
    try {
      await this.storage.write(key, inspector);
    } finally {
      file.stream.unpipe(inspector);
    }
    const inspection = inspector.result;
    return {
      storageKey: key,
      originalName: fileName,
      mediaType: inspection.rule.mediaType,
      size: inspection.size,
      sha256: inspection.sha256,
    };
  }
}
