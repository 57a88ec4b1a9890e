import { describe, expect, it } from '@jest/globals';
import { Controller, Get, Post, RequestMethod } from '@nestjs/common';
import { assertNoPathCollisions, excludes, routesOf, webRoutes } from './web-routes.js';

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
});
