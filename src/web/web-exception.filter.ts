import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthUser } from '../common/auth/auth-user.js';
import { SESSION_COOKIE } from '../common/auth/session-cookie.js';
import { AppError } from '../common/errors/app-error.js';
import { appErrorOf } from '../common/errors/app-error-of.js';
import { ErrorCode, httpStatusOf } from '../common/errors/error-code.js';
import { FormRejection } from './forms.js';
import { navigationFor } from './navigation.js';

const TITLES: Partial<Record<number, string>> = {
  [HttpStatus.FORBIDDEN]: 'You cannot do that',
  [HttpStatus.NOT_FOUND]: 'Page not found',
  [HttpStatus.CONFLICT]: 'That cannot be done now',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'The file is too large',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'That type of file is not accepted',
  [HttpStatus.TOO_MANY_REQUESTS]: 'Too many attempts',
};

const PAGE_NOT_FOUND = new AppError(ErrorCode.RouteNotFound, 'Page not found');

/**
 * As the API translates it (appErrorOf), but in the pages' terms: Nest's own 404 and 403 in their
 * words, and an address whose id is malformed (`/portfolio/abc`), which names nothing, as a page
 * that does not exist rather than the API's 422 about the path parameter.
 */
function toAppError(exception: unknown, params: Record<string, unknown> = {}): AppError {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) return PAGE_NOT_FOUND;
    if (status === 403) return AppError.forbidden();
  }
  const error = appErrorOf(exception);
  const fields = Array.isArray(error.details) ? error.details.map((d) => d.field) : [];
  const inPath = fields.length > 0 && fields.every((field) => Object.hasOwn(params, field));
  return error.code === ErrorCode.ValidationFailed && inPath ? PAGE_NOT_FOUND : error;
}

/**
 * Errors on web pages are pages: not signed in goes to the sign-in page (and back afterwards),
 * 403/404 and the rest render a friendly page with the right status; never a stack trace.
 * Forms show their own validation errors; what reaches here is what the page could not handle.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (exception instanceof FormRejection) {
      res.status(exception.status).render(exception.view, {
        ...exception.model,
        errors: exception.errors,
        user: req.user,
        navigation: navigationFor(req.user, req.path),
        csrfToken: res.locals.csrfToken as string | undefined,
      });
      return;
    }
    const error = toAppError(exception, req.params);
    if (error.code === ErrorCode.Unauthenticated) {
      // An expired cookie is dropped so the next sign-in starts clean.
      if (req.headers.cookie?.includes(SESSION_COOKIE))
        res.clearCookie(SESSION_COOKIE, { path: '/' });
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/sign-in${next}`);
      return;
    }
    const status = httpStatusOf(error.code);
    if (status >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : exception,
      );
    }
    // A download that failed before its first byte set its file headers; the error is a page.
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Disposition');
    if (error.retryAfterSeconds !== undefined) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    res.status(status).render('errors/error.njk', {
      status,
      title:
        TITLES[status] ??
        (status >= 500 ? 'Sorry, there is a problem with the service' : 'There is a problem'),
      message:
        status >= 500
          ? 'Try again later. If it keeps happening, tell your training provider.'
          : status === 404
            ? 'If you typed the web address, check it is correct. If you followed a link, what it pointed to may no longer be yours to see.'
            : error.message,
      user: req.user,
      navigation: navigationFor(req.user, req.path),
      csrfToken: res.locals.csrfToken as string | undefined,
    });
  }
}
