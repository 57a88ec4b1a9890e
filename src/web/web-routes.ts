import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { RouteInfo, Type } from '@nestjs/common/interfaces/index.js';
import { WEB_CONTROLLERS } from './web-controllers.js';

const trim = (path: string | undefined) => (path ?? '').replace(/^\/+|\/+$/g, '');

/** A controller's routes, read from its own metadata, each path with a leading slash. */
export function routesOf(controller: Type): RouteInfo[] {
  const bases = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined]
    .flat()
    .map(trim);
  return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
    const handler = (controller.prototype as Record<string, unknown>)[name];
    if (typeof handler !== 'function' || name === 'constructor') return [];
    const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (paths === undefined || method === undefined) return [];
    return bases.flatMap((base) =>
      [paths].flat().map((path) => ({
        path: '/' + [base, trim(path)].filter(Boolean).join('/'),
        method,
      })),
    );
  });
}

/**
 * The routes of every page controller, so the API's global prefix leaves them at `/`. Read from
 * the controllers' own metadata: a new page route needs no second list.
 */
export const webRoutes = (): RouteInfo[] => WEB_CONTROLLERS.flatMap(routesOf);

/**
 * Does excluding `page` from the prefix also take `api` out of /api? Nest matches an exclusion
 * as a pattern against each route's path text, so a page parameter matches any API segment
 * (even `:id`) and a page's literal segment only the same literal.
 */
export function excludes(page: RouteInfo, api: RouteInfo): boolean {
  const methods =
    page.method === RequestMethod.ALL || api.method === RequestMethod.ALL
      ? true
      : page.method === api.method;
  const p = page.path.split('/');
  const a = api.path.split('/');
  return methods && p.length === a.length && p.every((s, i) => s.startsWith(':') || s === a[i]);
}

/**
 * Refuses to start when a page route would pull an API route out of /api: that API route would
 * silently vanish (answered by the page, or not at all). Cheaper to learn at start than in use.
 */
export function assertNoPathCollisions(apiControllers: Type[]): void {
  const pages = webRoutes();
  const clashes = apiControllers
    .flatMap(routesOf)
    .flatMap((api) =>
      pages
        .filter((page) => excludes(page, api))
        .map((page) => `page ${RequestMethod[page.method]} ${page.path} hides /api${api.path}`),
    );
  if (clashes.length > 0) {
    throw new Error(`Page routes collide with API routes:\n  ${clashes.join('\n  ')}`);
  }
}

/**
 * Does a route's path (`/evidence/:id/decide`) name the request's path, as Express matches it: a
 * parameter is any one segment, a literal the same text in any case, a trailing slash optional?
 */
export function pathMatches(route: string, path: string): boolean {
  const segments = (p: string) => p.replace(/\/+$/, '').toLowerCase().split('/');
  const r = segments(route);
  const p = segments(path);
  return r.length === p.length && r.every((s, i) => (s.startsWith(':') ? p[i] !== '' : s === p[i]));
}

/**
 * Is `path` a page's address that no route answers for `method`: a form's address opened by
 * reloading after its POST was refused, say? HEAD is answered by the GET routes, as in Express.
 */
export function pageWithoutMethod(routes: RouteInfo[], method: string, path: string): boolean {
  const at = routes.filter((route) => pathMatches(route.path, path));
  const asked = method.toUpperCase() === 'HEAD' ? ['HEAD', 'GET'] : [method.toUpperCase()];
  const answers = (route: RouteInfo) =>
    route.method === RequestMethod.ALL || asked.includes(RequestMethod[route.method]);
  return at.length > 0 && !at.some(answers);
}
