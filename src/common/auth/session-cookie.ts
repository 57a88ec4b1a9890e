import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

/** Marks a controller as web pages: signed in by the session cookie, never by a bearer token. */
export const WEB_PAGE = 'isWebPage';
export const WebPageRoutes = () => SetMetadata(WEB_PAGE, true);

export const SESSION_COOKIE = 'ksb_session';
export const CSRF_COOKIE = 'ksb_csrf';

/**
 * The named cookie from the Cookie header. Express 5 parses none, and one small function is all
 * the pages need (the values we set are base64url/JWT: no quoting or decoding games).
 */
export function cookieOf(request: Pick<Request, 'headers'>, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
