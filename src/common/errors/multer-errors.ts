/**
 * multer and busboy report limits and broken multipart bodies with their own errors (Nest wraps
 * them in an HttpException whose `cause` is the original). The exception filter calls
 * `mapMulterError` first, so clients get the project's codes: 413 for size, 422 naming `files` for
 * too many files, 400 for a malformed body.
 */
import { HttpException } from '@nestjs/common';
import multer from 'multer';
import { AppError } from './app-error.js';
import { ErrorCode } from './error-code.js';

/** Every code multer 2 raises; keyed so that a new one is a compile error here. */
type MulterCode =
  | multer.ErrorCode
  | 'LIMIT_FIELD_NESTING'
  | 'LIMIT_FIELD_ARRAY_INDEX'
  | 'INVALID_FIELD_NAME'
  | 'STREAM_DESTROYED';

interface MulterLikeError {
  code: MulterCode;
  field?: string;
  message: string;
}

const malformed = (message: string) => new AppError(ErrorCode.MalformedRequest, message);
const tooLarge = (message: string, field?: string) =>
  new AppError(ErrorCode.PayloadTooLarge, message, field ? { field } : undefined);

const BY_CODE: Record<MulterCode, ((e: MulterLikeError) => AppError) | undefined> = {
  LIMIT_FILE_SIZE: (e) =>
    tooLarge(`File in field ${e.field ?? 'files'} is larger than allowed`, e.field ?? 'files'),
  LIMIT_FILE_COUNT: () => AppError.field('files', 'has too many files for one request'),
  LIMIT_UNEXPECTED_FILE: (e) =>
    AppError.field(e.field ?? 'files', 'is not an expected file field, or has too many files'),
  LIMIT_PART_COUNT: () => tooLarge('The form has too many parts'),
  LIMIT_FIELD_COUNT: () => tooLarge('The form has too many fields'),
  LIMIT_FIELD_VALUE: (e) => AppError.field(e.field ?? 'form', 'is too long'),
  LIMIT_FIELD_KEY: () => malformed('Multipart: a field name is too long'),
  LIMIT_FIELD_NESTING: () => malformed('Multipart: a field name is nested too deeply'),
  LIMIT_FIELD_ARRAY_INDEX: () => malformed('Multipart: a field name has too large an index'),
  INVALID_FIELD_NAME: () => malformed('Multipart: a field name is invalid'),
  MISSING_FIELD_NAME: () => malformed('Multipart: a part has no field name'),
  // Raised by multer's own disk storage, never by ours: left to the filter as a server error.
  STREAM_DESTROYED: undefined,
};

/** busboy's messages (and multer's for a client that went away), all the client's doing. */
const MALFORMED_MESSAGES = new Map([
  ['Malformed part header', 'Multipart: malformed part header'],
  ['Unexpected end of form', 'Multipart: unexpected end of form'],
  ['Unexpected end of file', 'Multipart: unexpected end of file'],
  ['Multipart: Boundary not found', 'Multipart: boundary not found'],
  ['Malformed content type', 'Multipart: malformed content type'],
  ['Missing Content-Type', 'Multipart: missing content type'],
  ['Request aborted', 'The upload was interrupted'],
  ['Request closed', 'The upload was interrupted'],
]);

function isMulterError(error: unknown): error is MulterLikeError {
  return (
    (error instanceof multer.MulterError || (error as Error | undefined)?.name === 'MulterError') &&
    typeof (error as { code?: unknown }).code === 'string' &&
    Object.hasOwn(BY_CODE, (error as { code: string }).code)
  );
}

/**
 * The AppError for an error raised by multer or busboy (bare, or wrapped by Nest's
 * FilesInterceptor in an HttpException with it as `cause`); undefined for anything else, which
 * the caller handles as before.
 */
export function mapMulterError(error: unknown): AppError | undefined {
  if (error instanceof HttpException) {
    return error.cause === undefined ? undefined : mapMulterError(error.cause);
  }
  if (isMulterError(error)) return BY_CODE[error.code]?.(error);
  if (!(error instanceof Error) || error instanceof AppError) return undefined;
  if (error.message.startsWith('Unsupported content type')) {
    return new AppError(ErrorCode.UnsupportedMediaType, 'Send uploads as multipart/form-data');
  }
  const message = MALFORMED_MESSAGES.get(error.message);
  return message ? malformed(message) : undefined;
}
