import { describe, expect, it } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import { NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import { WebExceptionFilter } from './web-exception.filter.js';

/** The page the filter renders for `exception` on a signed-out GET. */
function pageFor(exception: unknown, params: Record<string, string> = {}) {
  const shown: { status?: number; view?: string; model?: Record<string, unknown> } = {};
  const headers: Record<string, string> = {};
  const res = {
    headersSent: false,
    locals: {},
    status(code: number) {
      shown.status = code;
      return res;
    },
    render(view: string, model: Record<string, unknown>) {
      shown.view = view;
      shown.model = model;
    },
    setHeader: (name: string, value: string) => (headers[name] = value),
    removeHeader: () => undefined,
  };
  const req = { method: 'GET', path: '/cohort-list/new', headers: {}, originalUrl: '/x', params };
  const host = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  new WebExceptionFilter().catch(exception, host);
  return { ...shown, headers };
}

const databaseError = (driverError: object) =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error('refused'), driverError));

describe('WebExceptionFilter: errors as pages, translated as the API translates them', () => {
  it('shows a unique key the database refused as 409, not a 500', () => {
    const page = pageFor(
      databaseError({ code: '23505', constraint: 'uq_cohorts_provider_id_name' }),
    );
    expect(page).toMatchObject({ status: 409, view: 'errors/error.njk' });
    expect(page.model?.title).toBe('That cannot be done now');
  });

  it('shows the database being away as 503 with Retry-After', () => {
    const page = pageFor(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    );
    expect(page.status).toBe(503);
    expect(page.headers['Retry-After']).toBeDefined();
  });

  it("keeps Nest's own 404 as the pages' Page not found", () => {
    expect(pageFor(new NotFoundException())).toMatchObject({
      status: 404,
      model: expect.objectContaining({ title: 'Page not found' }),
    });
  });

  it('shows an address whose id is malformed as Page not found, a bad query as 422', () => {
    const badId = AppError.field('id', 'must be a UUID');
    expect(pageFor(badId, { id: 'not-a-uuid' })).toMatchObject({
      status: 404,
      model: expect.objectContaining({ title: 'Page not found' }),
    });
    expect(pageFor(AppError.field('page', 'must be a whole number'), { id: 'x' }).status).toBe(422);
  });

  it('shows anything else as a 500 without its message', () => {
    const page = pageFor(new TypeError("Cannot read properties of undefined (reading 'trim')"));
    expect(page.status).toBe(500);
    expect(JSON.stringify(page.model)).not.toContain('trim');
  });
});
