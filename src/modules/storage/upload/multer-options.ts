/**
 * The multer options every `FilesInterceptor` gets through `MulterModule`: our streaming engine,
 * UTF-8 file names, and limits from config. multer's own file size limit sits a little above ours
 * so the engine's check (which deletes the partial file and names the field) fires first.
 */
import { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface.js';
import type { Request } from 'express';
import type { Writable } from 'node:stream';
import { AppError } from '../../../common/errors/app-error.js';
import { ErrorCode } from '../../../common/errors/error-code.js';
import { AppConfig } from '../../../config/app-config.js';
import { resolveAllowedMediaTypes } from './media-types.js';
import { boundaryOf, PartHeaderScanner } from './part-headers.js';
import { UploadEngineOptions, UploadStorageEngine } from './upload-storage.engine.js';

/** Larger than one socket read, so no single chunk can cross both limits at once. */
export const MULTER_FILE_SIZE_MARGIN_BYTES = 1024 * 1024;
/**
 * Text fields beside the files: generous, but bounded. The add-evidence page without JavaScript
 * posts a tick box and a justification for every criterion (2 × 79 for ST1398) beside the rest.
 */
export const MAX_FORM_FIELDS = 200;
export const MAX_FORM_FIELD_BYTES = 64 * 1024;

export function uploadEngineOptions(config: AppConfig): UploadEngineOptions {
  return {
    maxFileBytes: config.uploads.maxFileBytes,
    allowedMediaTypes: resolveAllowedMediaTypes(config.uploads.allowedMediaTypes),
    maxImagePixels: config.uploads.maxImagePixels,
  };
}

/**
 * multer 2's hook for feeding busboy: the request still goes straight in, and a PartHeaderScanner
 * reads each chunk just before busboy does. A part busboy would skip in silence stops the upload
 * instead (multer then removes what was stored and answers with this error).
 */
export function scanPartsThenParse(req: Request, busboy: Writable): void {
  const boundary = boundaryOf(req.headers['content-type']);
  if (boundary) {
    const scanner = new PartHeaderScanner(boundary);
    const onData = (chunk: Buffer) => {
      const problem = scanner.write(chunk);
      if (!problem) return;
      req.off('data', onData);
      const error = new AppError(ErrorCode.MalformedRequest, `Multipart: ${problem.message}`, [
        { field: problem.field, message: problem.message },
      ]);
      busboy.destroy(error);
    };
    req.on('data', onData);
  }
  req.pipe(busboy);
}

export function buildMulterOptions(
  config: AppConfig,
  engine: UploadStorageEngine,
): MulterOptions & { streamHandler: typeof scanPartsThenParse } {
  return {
    streamHandler: scanPartsThenParse,
    storage: engine,
    // Browsers send file names as UTF-8; busboy's default (latin1) would garble "Präsentation.pdf".
    defParamCharset: 'utf8',
    // Keep the client's full name (busboy strips "dir/" otherwise) so unsafe names are refused,
    // not silently rewritten; it is only ever a label, never part of a path.
    preservePath: true,
    limits: {
      fileSize: config.uploads.maxFileBytes + MULTER_FILE_SIZE_MARGIN_BYTES,
      files: config.uploads.maxFiles,
      fields: MAX_FORM_FIELDS,
      fieldSize: MAX_FORM_FIELD_BYTES,
      fieldNameSize: 200,
      parts: config.uploads.maxFiles + MAX_FORM_FIELDS,
      headerPairs: 200,
    },
  };
}
