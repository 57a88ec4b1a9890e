/**
 * Uploads from the evidence pages. The API refuses a whole request at the first file it will not
 * take (a type it does not accept, too large, empty, an image of too many pixels): nothing was
 * saved, and its client sends the request again. A page cannot: the apprentice's title, dates and
 * justifications would be lost behind an error page. So on the pages a refused file becomes an
 * error at the form's file field, beside the form's other errors, on the form as it was filled.
 */
import { CallHandler, ExecutionContext, Injectable } from '@nestjs/common';
import { createParamDecorator } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { formatBytes } from '../../modules/storage/upload/upload-errors.js';
import { type FormErrors, formErrorsAt } from '../forms.js';

/** The form's file field. */
export const FILES_FIELD = 'files';

const REFUSED = Symbol('refused upload');
type RefusedRequest = Request & { [REFUSED]?: string };

/**
 * FilesInterceptor('files') that, when the upload engine refuses a file, goes on to the handler
 * with no files (multer removed those stored before it) and the refusal in words (RefusedUpload).
 * The fields posted before the refused file are in the body: the evidence pages send their files
 * last (app.js), and without scripts the text fields come first on the page.
 */
@Injectable()
export class PageFilesInterceptor extends FilesInterceptor(FILES_FIELD) {
  override async intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Promise<Observable<unknown>> {
    try {
      return await super.intercept(context, next);
    } catch (error) {
      const refusal = refusalInWords(error);
      if (refusal === undefined) throw error;
      const request = context.switchToHttp().getRequest<RefusedRequest>();
      request.files = [];
      request[REFUSED] = refusal;
      return next.handle();
    }
  }
}

/** The refusal PageFilesInterceptor met, in words for the page; undefined when none. */
export const RefusedUpload = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<RefusedRequest>()[REFUSED],
);

/** The form's errors with a refused file's at the file field (in the page's order later). */
export function withRefusedUpload(
  errors: FormErrors | undefined,
  refusal: string | undefined,
): FormErrors | undefined {
  if (refusal === undefined) return errors;
  return formErrorsAt({ ...errors?.fields, [FILES_FIELD]: { text: refusal } });
}

/** The engine's refusal of a file of the form's file field, for people; else undefined. */
function refusalInWords(error: unknown): string | undefined {
  if (!(error instanceof AppError)) return undefined;
  if (Array.isArray(error.details)) {
    const [first] = error.details;
    if (first?.field !== FILES_FIELD) return undefined;
    return `${first.message.charAt(0).toUpperCase()}${first.message.slice(1)}`;
  }
  const details = error.details as {
    field?: string;
    fileName?: string;
    maxBytes?: number;
    reason?: string;
  };
  if (details?.field !== FILES_FIELD || !details.fileName) return undefined;
  const name = `“${details.fileName}”`;
  if (error.code === ErrorCode.PayloadTooLarge && details.maxBytes) {
    return `${name} is larger than the ${formatBytes(details.maxBytes)} a file may be`;
  }
  if (error.code === ErrorCode.UnsupportedMediaType && details.reason) {
    // "files with the extension ".bin" are not accepted"
    return `${name} cannot be added: ${details.reason}`;
  }
  return undefined;
}
