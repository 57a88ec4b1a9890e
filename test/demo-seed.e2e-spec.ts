import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_USERS, seedDemo } from '../src/modules/demo/demo-seed.js';
import { readPdf } from './support/pdf-tools.js';
import { readZip } from './support/zip-reader.js';
import { as, login, binary } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const credentials = (email: string) => {
  const user = DEMO_USERS.find((u) => u.email === email)!;
  return [user.email, user.password] as const;
};

/**
 * The demo a newcomer signs in to: Zoë in training, and Samir's portfolio frozen at gateway for
 * the assessor, through the same rules as the API (no override: every K, S and B is evidenced).
 */
describe('Demo seed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.app);
  });
  afterAll(() => t.close());

  it('freezes Samir’s portfolio at gateway with every K, S and B accepted, without an override', async () => {
    const samir = as(t, await login(t, ...credentials('samir@ksb-demo.example')));
    const [mine] = (await samir.get('/api/apprenticeships').expect(200)).body.items;
    expect(mine.status).toBe('gateway');
    const coverage = (await samir.get(`/api/apprenticeships/${mine.id}/coverage`).expect(200)).body;
    const missing = coverage.criteria
      .filter((c: { status: string }) => c.status !== 'evidenced')
      .map((c: { code: string }) => c.code);
    expect(missing).toEqual([]);
    const snapshots = (await samir.get(`/api/apprenticeships/${mine.id}/snapshots`).expect(200))
      .body.items;
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0].overrideReason).toBeNull();
    expect(snapshots[0].evidence).toHaveLength(12);
  });

  it('gives the assessor the frozen EPA pack, files and all, and Zoë’s portfolio still in training', async () => {
    const assessor = as(t, await login(t, ...credentials('assessor@ksb-demo.example')));
    const assigned = (await assessor.get('/api/apprenticeships').expect(200)).body.items as {
      id: string;
      status: string;
    }[];
    expect(assigned.map((a) => a.status).sort()).toEqual(['gateway', 'in_training']);
    const frozen = assigned.find((a) => a.status === 'gateway')!;
    const [snapshot] = (
      await assessor.get(`/api/apprenticeships/${frozen.id}/snapshots`).expect(200)
    ).body.items;
    const pdf = await binary(assessor.get(`/api/snapshots/${snapshot.id}/portfolio.pdf`)).expect(
      200,
    );
    const text = (await readPdf(pdf.body as Buffer)).pageTexts().join('\n');
    expect(text).toContain('Samir Haddad');
    expect(text).toContain('Returns-fraud model: the first year'); // the appended handover PDF
    expect(text).toContain('Model card: returns-fraud classifier'); // the Markdown file, in the page
    const zip = await binary(assessor.get(`/api/snapshots/${snapshot.id}/portfolio.zip`)).expect(
      200,
    );
    const names = readZip(zip.body as Buffer).map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^E3-.*\/tuning-results\.csv$/),
        expect.stringMatching(/^E7-.*\/model-card\.md$/),
        expect.stringMatching(/^E11-.*\/handover-summary\.pdf$/),
        'manifest.json',
      ]),
    );
  });

  it('runs again without changing anything', async () => {
    const count = async (table: string) =>
      Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
    const before = await Promise.all(
      ['evidence', 'portfolio_snapshots', 'gateway_declarations', 'otj_entries'].map(count),
    );
    await seedDemo(t.app);
    const after = await Promise.all(
      ['evidence', 'portfolio_snapshots', 'gateway_declarations', 'otj_entries'].map(count),
    );
    expect(after).toEqual(before);
  });
});
