import { describe, expect, it } from '@jest/globals';
import { Controller, Get, Post, RequestMethod } from '@nestjs/common';
import {
  assertNoPathCollisions,
  excludes,
  formPages,
  pageWithoutMethod,
  pathMatches,
  routesOf,
  webRoutes,
} from './web-routes.js';

@Controller('cohorts')
class CohortsApi {
  @Get(':id')
  get() {}
  @Post()
  create() {}
}

@Controller()
class ReportsApi {
  @Get('portfolio/:apprenticeshipId')
  report() {}
}

const route = (method: RequestMethod, path: string) => ({ method, path });

describe('page routes beside the API', () => {
  it('reads a controller’s routes from its metadata', () => {
    expect(routesOf(CohortsApi)).toEqual([
      route(RequestMethod.GET, '/cohorts/:id'),
      route(RequestMethod.POST, '/cohorts'),
    ]);
  });

  it.each([
    ['/cohorts/:id', '/cohorts/new', true],
    ['/cohorts/:id', '/cohorts/:cohortId', true],
    ['/cohorts/new', '/cohorts/:id', false],
    ['/cohorts/:id/matrix', '/cohorts/:id', false],
    ['/review-queue', '/evidence/queue', false],
  ])('a page at %s takes %s out of /api: %s', (page, api, expected) => {
    expect(excludes(route(RequestMethod.GET, page), route(RequestMethod.GET, api))).toBe(expected);
  });

  it('tells methods apart, except where one route answers them all', () => {
    const page = route(RequestMethod.GET, '/cohorts');
    expect(excludes(page, route(RequestMethod.POST, '/cohorts'))).toBe(false);
    expect(excludes(page, route(RequestMethod.ALL, '/cohorts'))).toBe(true);
  });

  it('refuses an API route that a page would hide, naming both', () => {
    // The real dashboard page is GET /portfolio/:id.
    expect(webRoutes()).toContainEqual(route(RequestMethod.GET, '/portfolio/:id'));
    expect(() => assertNoPathCollisions([ReportsApi])).toThrow(
      'page GET /portfolio/:id hides /api/portfolio/:apprenticeshipId',
    );
    expect(() => assertNoPathCollisions([CohortsApi])).not.toThrow();
  });

  it.each([
    ['/evidence/:id/decide', '/evidence/abc/decide', true],
    ['/evidence/:id/decide', '/Evidence/abc/decide/', true],
    ['/evidence/:id/decide', '/evidence//decide', false],
    ['/evidence/:id/decide', '/evidence/abc/decide/more', false],
    ['/', '/', true],
    ['/', '/review-queue', false],
  ])('the route %s names the address %s: %s', (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });

  it('knows a page address asked with a method none of its routes answers', () => {
    const routes = [
      route(RequestMethod.GET, '/evidence/:id/decide'),
      route(RequestMethod.POST, '/evidence/:id/decide'),
      route(RequestMethod.POST, '/evidence/:id/add-comment'),
    ];
    expect(pageWithoutMethod(routes, 'GET', '/evidence/x/add-comment')).toBe(true);
    expect(pageWithoutMethod(routes, 'HEAD', '/evidence/x/add-comment')).toBe(true);
    expect(pageWithoutMethod(routes, 'PUT', '/evidence/x/decide')).toBe(true);
    expect(pageWithoutMethod(routes, 'GET', '/evidence/x/decide')).toBe(false);
    expect(pageWithoutMethod(routes, 'HEAD', '/evidence/x/decide')).toBe(false);
    expect(pageWithoutMethod(routes, 'POST', '/evidence/x/add-comment')).toBe(false);
    // No page at all there: the unknown-page answer's business, not this one's.
    expect(pageWithoutMethod(routes, 'GET', '/no-such-page')).toBe(false);
    expect(pageWithoutMethod([route(RequestMethod.ALL, '/x')], 'DELETE', '/x')).toBe(false);
  });

  it('finds the page a form’s address belongs to, one level up, when a page answers GET there', () => {
    const formPage = formPages([
      route(RequestMethod.GET, '/progress-review/:id'),
      route(RequestMethod.POST, '/progress-review/:id/sign'),
      route(RequestMethod.POST, '/evidence/:id/add-comment'),
      route(RequestMethod.GET, '/otj-approvals'),
      route(RequestMethod.POST, '/otj-approvals/:id'),
      route(RequestMethod.POST, '/sign-out'),
    ]);
    expect(formPage('/progress-review/A1/sign')).toBe('/progress-review/A1');
    expect(formPage('/progress-review/A1/sign/')).toBe('/progress-review/A1');
    expect(formPage('/otj-approvals/a1')).toBe('/otj-approvals');
    expect(formPage('/evidence/a1/add-comment')).toBeUndefined();
    expect(formPage('/sign-out')).toBeUndefined();
  });
});
