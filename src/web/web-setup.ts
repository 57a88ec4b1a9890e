import type { NestExpressApplication } from '@nestjs/platform-express';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { RouteInfo, Type } from '@nestjs/common/interfaces/index.js';
import type { NextFunction, Request, Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { AppConfig } from '../config/app-config.js';
import { compileCss } from './css.js';
import { registerFilters } from './view-filters.js';
import { WEB_CONTROLLERS } from './web-controllers.js';
import { ASSETS_DIR, BUILT_CSS, FONTS_DIR, GOVUK_DIST, VIEWS_DIR } from './web-paths.js';

/**
 * The routes of every page controller, so the API's global prefix leaves them at `/`. Read from
 * the controllers' own metadata: a new page route needs no second list.
 */
export function webRoutes(): RouteInfo[] {
  return WEB_CONTROLLERS.flatMap((controller: Type) => {
    const trim = (path: string | undefined) => (path ?? '').replace(/^\/+|\/+$/g, '');
    const base = trim(Reflect.getMetadata(PATH_METADATA, controller) as string | undefined);
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || name === 'constructor') return [];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) return [];
      return [{ path: '/' + [base, trim(path)].filter(Boolean).join('/'), method }];
    });
  });
}

/**
 * Pages beside the API: Nunjucks with our views and govuk-frontend's macros, our stylesheet
 * (govuk-frontend compiled with our brand), our script and fonts. Called once by configureApp.
 */
export function configureWeb(app: NestExpressApplication, config: AppConfig): void {
  const env = nunjucks.configure([VIEWS_DIR, GOVUK_DIST], {
    autoescape: true,
    express: app.getHttpAdapter().getInstance() as object,
    throwOnUndefined: false,
    noCache: false,
  });
  registerFilters(env);
  env.addGlobal('serviceName', 'KSB Portfolio');
  app.setViewEngine('njk');

  let css: Promise<string> | undefined;
  app.use('/assets/app.css', (_req: Request, res: Response, next: NextFunction) => {
    css ??= existsSync(BUILT_CSS) ? Promise.resolve(readFileSync(BUILT_CSS, 'utf8')) : compileCss();
    css.then((text) => {
      res.type('text/css').set('cache-control', 'public, max-age=3600').send(text);
    }, next);
  });
  const govukJs = join(GOVUK_DIST, 'govuk', 'govuk-frontend.min.js');
  app.use('/assets/govuk-frontend.min.js', (_req: Request, res: Response) => {
    res.set('cache-control', 'public, max-age=3600').sendFile(govukJs);
  });
  const cached = { index: false, maxAge: config.env === 'production' ? '1d' : 0 } as const;
  app.useStaticAssets(FONTS_DIR, { prefix: '/assets/fonts/', ...cached });
  app.useStaticAssets(ASSETS_DIR, { prefix: '/assets/', ...cached });
}
