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

/** A path's segments as Express compares them: lower case, without a trailing slash. */
const segments = (path: string) => path.replace(/\/+$/, '').toLowerCase().split('/');

/** Do a route's segments name the request's: a parameter is any one segment, a literal the same. */
const segmentsMatch = (route: string[], path: string[]) =>
  route.length === path.length &&
  route.every((s, i) => (s.startsWith(':') ? path[i] !== '' : s === path[i]));

/**
 * Does a route's path (`/evidence/:id/decide`) name the request's path, as Express matches it: a
 * parameter is any one segment, a literal the same text in any case, a trailing slash optional?
 */
export function pathMatches(route: string, path: string): boolean {
  return segmentsMatch(segments(route), segments(path));
}

/**
 * Whether a path is a page's address that no route answers for the method: a form's address
 * opened by reloading after its POST was refused, say? HEAD is answered by the GET routes, as in
 * Express. The routes' paths are split once, here, not on every request.
 */
export function methodMisses(routes: RouteInfo[]): (method: string, path: string) => boolean {
  const split = routes.map((route) => ({ route, at: segments(route.path) }));
  return (method, path) => {
    const asked = segments(path);
    const at = split.filter((r) => segmentsMatch(r.at, asked)).map((r) => r.route);
    const methods = method.toUpperCase() === 'HEAD' ? ['HEAD', 'GET'] : [method.toUpperCase()];
    const answers = (route: RouteInfo) =>
      route.method === RequestMethod.ALL || methods.includes(RequestMethod[route.method]);
    return at.length > 0 && !at.some(answers);
  };
}

/**
 * The page a form's address belongs to, for a GET of that address (a reload after the form was
 * refused): its path less the last segment, when a page answers GET there — POST
 * /progress-review/:id/sign is the form of /progress-review/:id. Undefined when none does.
 */
export function formPages(routes: RouteInfo[]): (path: string) => string | undefined {
  const pages = routes
    .filter((r) => r.method === RequestMethod.GET || r.method === RequestMethod.ALL)
    .map((r) => segments(r.path));
  return (path) => {
    const parent = path.replace(/\/+$/, '').split('/').slice(0, -1);
    if (parent.length < 2) return undefined;
    const asked = segments(parent.join('/'));
    return pages.some((at) => segmentsMatch(at, asked)) ? parent.join('/') : undefined;
  };
}

/** methodMisses(routes) for one request. */
export function pageWithoutMethod(routes: RouteInfo[], method: string, path: string): boolean {
  return methodMisses(routes)(method, path);
}
