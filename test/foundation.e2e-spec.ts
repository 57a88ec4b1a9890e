import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { EMBEDDED_SETTINGS } from '../src/database/embedded-postgres.js';
import { createTestApp, TestApp } from './support/test-app.js';

describe('Foundation: catalogue, errors, docs, health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists ST1398 with its latest version', async () => {
    const res = await request(t.http).get('/api/standards').expect(200);
    expect(res.body).toEqual([
      {
        code: 'ST1398',
        version: '1.0',
        versions: ['1.0'],
        title: 'Machine Learning Engineer',
        level: 6,
        status: 'approved_for_delivery',
      },
    ]);
  });

  it('serves all 79 criteria of ST1398 in published order', async () => {
    const res = await request(t.http).get('/api/standards/ST1398').expect(200);
    expect(res.body.counts).toEqual({ knowledge: 31, skill: 34, behaviour: 5, duty: 9, total: 79 });
    const codes: string[] = res.body.criteria.map((c: { code: string }) => c.code);
    expect(codes).toHaveLength(79);
    expect(codes.slice(0, 2)).toEqual(['K1', 'K2']);
    expect(codes[31]).toBe('S1');
    expect(codes[65]).toBe('B1');
    expect(codes.slice(-1)).toEqual(['D9']);
    expect(res.body.dutyLinks).toEqual([]);
    expect(res.body.assessmentMethods).toEqual([]);
  });

  it('keeps the texts verbatim', async () => {
    const res = await request(t.http).get('/api/standards/ST1398?version=1.0').expect(200);
    const text = (code: string) =>
      res.body.criteria.find((c: { code: string }) => c.code === code).text;
    expect(text('K1')).toBe(
      'The purpose, methodologies and applications for ML AI solutions such as Machine Learning, Computer (Machine) Vision, batched learning systems, Robotics, Generative Transformer Models and Natural & Large Language Processing (NLP and LLMs) Models.',
    );
    expect(text('S34')).toBe(
      'Proactive identification of the potential for automation for example through AI solutions embedded within tooling.',
    );
    expect(text('B5')).toBe('Operates in settings of technical complexity and uncertainty.');
    expect(text('D7')).toBe(
      'Develop and maintain collaborative stakeholder relationships to ensure buy-in; and provide development updates and auditable records of project and stakeholder expectations at each decision point. Stakeholders can include clients, senior members of staff, Senior ML Operations Engineer, Product Manager, ML and or AI Specialist or AI Engineering Manager.',
    );
  });

  it('filters criteria by kind', async () => {
    const res = await request(t.http).get('/api/standards/ST1398?kind=behaviour').expect(200);
    expect(res.body.criteria.map((c: { code: string }) => c.code)).toEqual([
      'B1',
      'B2',
      'B3',
      'B4',
      'B5',
    ]);
    expect(res.body.counts.total).toBe(79);
  });

  it('answers 404 in the error shape for an unknown standard or version', async () => {
    const unknown = await request(t.http).get('/api/standards/ST9999').expect(404);
    expect(unknown.body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Standard ST9999 not found',
    });
    const version = await request(t.http).get('/api/standards/ST1398?version=9.9').expect(404);
    expect(version.body.code).toBe('NOT_FOUND');
    const route = await request(t.http).get('/api/no-such-route').expect(404);
    expect(route.body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('names every bad field in a 422 and rejects unknown ones', async () => {
    const res = await request(t.http)
      .get('/api/standards/ST1398?kind=gadget&colour=red')
      .expect(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'kind' }),
        expect.objectContaining({ field: 'colour', message: 'property colour should not exist' }),
      ]),
    );
  });

  it('gives every response a request id, echoing a safe one', async () => {
    const generated = await request(t.http).get('/api/health').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await request(t.http).get('/api/health').set('X-Request-Id', 'trace-42');
    expect(echoed.headers['x-request-id']).toBe('trace-42');
    const unsafe = await request(t.http).get('/api/health').set('X-Request-Id', 'a b\tc');
    expect(unsafe.headers['x-request-id']).not.toBe('a b\tc');
  });

  it('sets security headers', async () => {
    const res = await request(t.http).get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('reports health with the database up', async () => {
    const res = await request(t.http).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('runs the embedded database with its own settings (EMBEDDED_SETTINGS)', async () => {
    if (process.env.DATABASE_URL) return; // a real server's settings are its own
    const [row] = await t.dataSource.query<{ shared_buffers: string }[]>('SHOW shared_buffers');
    expect(`shared_buffers=${row.shared_buffers}`).toBe(EMBEDDED_SETTINGS[1]);
  });

  it('serves OpenAPI describing the endpoints and the error shape', async () => {
    const res = await request(t.http).get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/standards', '/api/standards/{code}']),
    );
    expect(res.body.paths['/api/standards/{code}'].get.responses['404']).toBeDefined();
    expect(res.body.components.schemas.ErrorResponseDto.required).toEqual(
      expect.arrayContaining(['statusCode', 'code', 'message']),
    );
    await request(t.http).get('/api/docs').expect(200).expect('content-type', /html/);
  });

  it('loads the catalogue idempotently', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM criteria');
    const { StandardsCatalogueLoader } =
      await import('../src/modules/standards/standards-catalogue.loader.js');
    await t.app.get(StandardsCatalogueLoader).onApplicationBootstrap();
    const after = await t.dataSource.query('SELECT count(*)::int AS n FROM criteria');
    expect(after).toEqual(before);
    expect(after[0].n).toBe(79);
  });
});
