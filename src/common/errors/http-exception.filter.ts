import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { Response } from 'express';
import { appErrorOf } from './app-error-of.js';
import { ErrorCode, httpStatusOf } from './error-code.js';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** The one exception filter: every error leaves the service as `{ statusCode, code, message, details? }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = appErrorOf(exception);
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
}
