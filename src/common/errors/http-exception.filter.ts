import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { mapInfrastructureError } from './infrastructure-errors.js';
import { mapMulterError } from './multer-errors.js';
import { AppError } from './app-error.js';
import { ErrorCode, httpStatusOf } from './error-code.js';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

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

/** The one exception filter: every error leaves the service as `{ statusCode, code, message, details? }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = this.toAppError(exception);
    const statusCode = httpStatusOf(error.code);
    if (statusCode === 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : exception,
      );
    } else if (statusCode > 500) {
      // A dependency's fault, already named by the code: its message is enough, not a stack per request.
      this.logger.warn(`${error.code}: ${exception instanceof Error ? exception.message : ''}`);
    }
    const body: ErrorBody = { statusCode, code: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
    if (response.headersSent) {
      response.destroy();
      return;
    }
    // A download that failed before its first byte set its file headers; the error is JSON.
    response.removeHeader('Content-Type');
    response.removeHeader('Content-Disposition');
    if (error.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    response.status(statusCode).json(body);
  }

  private toAppError(exception: unknown): AppError {
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
}

function isBodyParserError(e: unknown): e is { type: string } {
  return typeof e === 'object' && e !== null && 'type' in e && typeof e.type === 'string';
}
