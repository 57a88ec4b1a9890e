import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WebPageRoutes } from '../common/auth/session-cookie.js';
import { PageGuard } from './page.guard.js';
import { WebExceptionFilter } from './web-exception.filter.js';

/**
 * A controller of web pages: signed in by the session cookie (the global AuthGuard), CSRF-checked
 * and given the page's locals (PageGuard), errors shown as pages (WebExceptionFilter), and kept
 * out of the OpenAPI document. Routes still declare @Requires(...) exactly like the API.
 */
export const WebPage = () =>
  applyDecorators(
    WebPageRoutes(),
    UseGuards(PageGuard),
    UseFilters(WebExceptionFilter),
    ApiExcludeController(),
  );
