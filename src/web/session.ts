import type { CookieOptions, Response } from 'express';
import { CSRF_COOKIE, SESSION_COOKIE } from '../common/auth/session-cookie.js';
import { AppConfig } from '../config/app-config.js';

/**
 * SameSite=Lax rather than Strict: with Strict, following a link to a page from an e-mail or a
 * chat arrives without the session and asks to sign in again. Lax still withholds the cookie from
 * every cross-site POST, and every form also carries the CSRF token.
 */
export function cookieOptions(config: AppConfig, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.env === 'production',
    path: '/',
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds * 1000 } : {}),
  };
}

export function startSession(res: Response, config: AppConfig, token: string): void {
  res.cookie(SESSION_COOKIE, token, cookieOptions(config, config.auth.jwtTtlSeconds));
}

export function endSession(res: Response, config: AppConfig): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(config));
  res.clearCookie(CSRF_COOKIE, cookieOptions(config));
}

/** Only a path on this site: never `//elsewhere` or a full URL (no open redirect after sign-in). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}
