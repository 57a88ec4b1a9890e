import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CSRF_COOKIE, cookieOf } from '../common/auth/session-cookie.js';
import { AppError } from '../common/errors/app-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { AppConfig } from '../config/app-config.js';
import { navigationFor } from './navigation.js';
import { cookieOptions } from './session.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * CSRF by double submit: a random token in an httpOnly cookie, repeated in every form (a hidden
 * `_csrf` field, or `?_csrf=` on multipart forms, whose body is read only after the guards, or the
 * `x-csrf-token` header from scripts). Runs after the AuthGuard; also gives views their locals.
 */
@Injectable()
export class PageGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const res = http.getResponse<Response>();
    const cookie = cookieOf(req, CSRF_COOKIE);
    if (!SAFE_METHODS.has(req.method)) this.check(req, cookie);
    const token = cookie ?? randomBytes(24).toString('base64url');
    if (!cookie) res.cookie(CSRF_COOKIE, token, cookieOptions(this.config));
    res.locals.csrfToken = token;
    res.locals.user = req.user;
    res.locals.navigation = navigationFor(req.user, req.path);
    return true;
  }

  private check(req: Request, cookie: string | undefined): void {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const sent = body._csrf ?? req.query._csrf ?? req.headers['x-csrf-token'];
    if (!cookie || typeof sent !== 'string' || !same(sent, cookie)) {
      throw new AppError(
        ErrorCode.Forbidden,
        'This form has expired. Go back, reload the page and try again.',
        { csrf: true },
      );
    }
    // The DTOs forbid unknown fields: the token has done its job.
    delete body._csrf;
    delete (req.query as Record<string, unknown>)._csrf;
  }
}
