import { HttpException, HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error.js';
import { ErrorCode } from './error-code.js';
import { mapInfrastructureError } from './infrastructure-errors.js';
import { mapMulterError } from './multer-errors.js';

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.MalformedRequest,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.Unauthenticated,
  [HttpStatus.FORBIDDEN]: ErrorCode.Forbidden,
  [HttpStatus.NOT_FOUND]: ErrorCode.RouteNotFound,
  [HttpStatus.CONFLICT]: ErrorCode.Conflict,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.PayloadTooLarge,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: ErrorCode.UnsupportedMediaType,
  [HttpStatus.UNPROCESSABLE_ENTITY]: ErrorCode.ValidationFailed,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.RateLimited,
};

/** PostgreSQL SQLSTATEs that client input can provoke, mapped to client errors. */
function fromDatabase(error: QueryFailedError<Error>): AppError | undefined {
  const driverError = error.driverError as { code?: string; constraint?: string; column?: string };
  switch (driverError.code) {
    case '23505':
      return AppError.conflict('A record with these values already exists', {
        constraint: driverError.constraint,
      });
    // A RESTRICT foreign key: PostgreSQL 15 reports 23503 for it, PostgreSQL 17 (the embedded
    // server) 23001 — either way the row is in use.
    case '23001':
    case '23503':
      return AppError.conflict('The record is referenced by, or refers to, another record', {
        constraint: driverError.constraint,
      });
    case '23502':
      return AppError.field(driverError.column ?? 'body', 'is required and cannot be null');
    case '22P02': // invalid text representation
    case '22007': // invalid datetime format
    case '22008': // datetime out of range
    case '22003': // numeric value out of range
    case '22021': // character not in repertoire (e.g. NUL)
    case '22P05': // untranslatable character
    case '22001': // string too long
      return new AppError(ErrorCode.ValidationFailed, 'A value has the wrong format or size');
    default:
      return undefined;
  }
}

function fromHttpException(exception: HttpException): AppError {
  const status = exception.getStatus();
  const code =
    STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.MalformedRequest);
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? String(response.message)
      : exception.message;
  return new AppError(code, message);
}

/**
 * Any error as the AppError the service answers with, for the API's filter and the pages' alike:
 * ours as they are, an upload's, Nest's by their status, what PostgreSQL refuses of a client's
 * input, faults of what the service stands on (503/507), a body the parser refused; anything
 * else is a 500.
 */
export function appErrorOf(exception: unknown): AppError {
  if (exception instanceof AppError) return exception;
  const upload = mapMulterError(exception);
  if (upload) return upload;
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof QueryFailedError) {
    const mapped = fromDatabase(exception as QueryFailedError<Error>);
    if (mapped) return mapped;
  }
  const infrastructure = mapInfrastructureError(exception);
  if (infrastructure) return infrastructure;
  if (isBodyParserError(exception)) {
    return exception.type === 'entity.too.large'
      ? new AppError(ErrorCode.PayloadTooLarge, 'Request body is too large')
      : new AppError(ErrorCode.MalformedRequest, 'Request body is not valid JSON');
  }
  return new AppError(ErrorCode.Internal, 'Something went wrong on our side');
}

function isBodyParserError(e: unknown): e is { type: string } {
  return typeof e === 'object' && e !== null && 'type' in e && typeof e.type === 'string';
}
