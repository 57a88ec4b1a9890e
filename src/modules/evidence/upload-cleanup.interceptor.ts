import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { FileStorage } from '../storage/storage.js';
import { settleUploads, StoredUpload } from '../storage/upload/upload-storage.engine.js';

/**
 * Multer stores files before validation and the handler run. When anything fails — multer itself
 * (too many files, a malformed body), the fields, access, the database — this waits for parts
 * still being written, then deletes what was stored, so a rejected request leaves no file behind
 * by the time it is answered. Place it before (outside) FilesInterceptor.
 */
@Injectable()
export class UploadCleanupInterceptor implements NestInterceptor {
  private readonly logger = new Logger(UploadCleanupInterceptor.name);

  constructor(private readonly storage: FileStorage) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          from(this.removeStored(request)).pipe(mergeMap(() => throwError(() => error))),
        ),
      );
  }

  private async removeStored(request: Request): Promise<void> {
    await settleUploads(request);
    const files = (request.files ?? []) as (Express.Multer.File & Partial<StoredUpload>)[];
    for (const key of files.map((f) => f.storageKey).filter((k): k is string => !!k)) {
      await this.storage
        .delete(key)
        .catch((e: unknown) => this.logger.warn(`clean-up of ${key} failed: ${String(e)}`));
    }
  }
}
