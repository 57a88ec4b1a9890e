import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { AppConfig } from '../config/app-config.js';
import { compileCss } from './css.js';
import { registerFilters } from './view-filters.js';
import { ASSETS_DIR, BUILT_CSS, FONTS_DIR, GOVUK_DIST, VIEWS_DIR } from './web-paths.js';
import { newFormKey } from './submit-once.js';
import { formPages, methodMisses, webRoutes } from './web-routes.js';

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
  // A form that creates something carries a new key each time it is shown (submit-once.ts).
  env.addGlobal('newFormKey', newFormKey);
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
  answerMethodMisses(app);
}

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/** The service's own "Page not found" page, in the site's look. */
function pageNotFound(res: Response, next: NextFunction): void {
  res.status(404).render(
    'errors/error.njk',
    {
      status: 404,
      title: 'Page not found',
      message: 'If you typed the web address, check it is correct.',
    },
    (error: Error | null, html?: string) => (error ? next(error) : res.send(html)),
  );
}

/**
 * A page's address asked with a method no route of it answers (a form's address reloaded after a
 * refused POST: GET /evidence/:id/add-comment) goes back to the page the form is on when there is
 * one a level up (formPages), else is a page not found like any unknown address. It must be
 * answered ahead of the routes: Nest mounts its own not-found handler on each page path, and that
 * one answers with the API's JSON. One rule from the routes' own metadata, not a list.
 */
function answerMethodMisses(app: NestExpressApplication): void {
  const routes = webRoutes();
  const misses = methodMisses(routes);
  const formPage = formPages(routes);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isApi(req.path) || !misses(req.method, req.path)) return next();
    // A reload of a refused form's address goes back to the page the form is on.
    const page = req.method === 'GET' || req.method === 'HEAD' ? formPage(req.path) : undefined;
    if (page) return res.redirect(303, page);
    pageNotFound(res, next);
  });
}

/**
 * What no route answers outside /api is a page too, not Express's bare "Cannot GET". Added after
 * Nest has mounted every route and its /api not-found handler (WebModule's bootstrap hook).
 */
export function answerUnknownPages(app: { use(handler: unknown): unknown }): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isApi(req.path)) return next();
    pageNotFound(res, next);
  });
}
