import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { csv, notebook, script } from './support/epa-samples.js';
import {
  ADMIN,
  as,
  createTenant,
  login,
  type Person,
  signInPages,
  type Tenant,
} from './support/factories.js';
import { png } from './support/sample-files.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** A browser's session: signed in through the sign-in page, cookies kept. */
const signedIn = async (t: TestApp, person: Person) => (await signInPages(t, person)).agent;

describe('Read it here: a notebook, code or table read in the page', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let evidenceId: string;
  const fileIds = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp();
    const adminToken = await login(t, ADMIN.email, ADMIN.password);
    a = await createTenant(t, adminToken);
    b = await createTenant(t, adminToken);
    const files: [string, Buffer][] = [
      ['evaluation.ipynb', notebook()],
      ['train.py', script(40)],
      ['churn.csv', csv(8)],
      ['diagram.png', png()],
      // A notebook of the old format: valid JSON with nbformat, but worksheets, not cells.
      ['old.ipynb', Buffer.from(JSON.stringify({ nbformat: 3, worksheets: [] }))],
    ];
    const post = as(t, a.apprentice.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
      .field('title', 'Churn model: the notebook and its code')
      .field('kind', 'project')
      .field('activityDate', '2026-02-02');
    for (const [name, bytes] of files) post.attach('files', bytes, name);
    const { body } = await post.expect(201);
    evidenceId = body.id as string;
    for (const f of body.files as { id: string; name: string }[]) fileIds.set(f.name, f.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const readPath = (name: string) => `/evidence/${evidenceId}/view/files/${fileIds.get(name)}/read`;

  it('offers a reading for notebooks, code and tables, not for pictures', async () => {
    const agent = await signedIn(t, a.provider);
    const page = await agent.get(`/evidence/${evidenceId}/view`).expect(200);
    for (const name of ['evaluation.ipynb', 'train.py', 'churn.csv']) {
      expect([name, page.text.includes(`href="${readPath(name)}"`)]).toEqual([name, true]);
    }
    expect(page.text).not.toContain(readPath('diagram.png'));
    await agent.get(readPath('diagram.png')).expect(404);
  });

  it("shows a notebook's cells, outputs, error and plot", async () => {
    const agent = await signedIn(t, a.provider);
    const res = await agent.get(readPath('evaluation.ipynb')).expect(200);
    expect(res.text).toContain('<h2 class="govuk-heading-m">Churn model evaluation</h2>');
    expect(res.text).toContain('We compare two models.');
    expect(res.text).toContain('In [3]:');
    expect(res.text).toContain('df = pd.read_csv(&quot;churn-1.csv&quot;)');
    expect(res.text).toContain('(7043, 21)');
    expect(res.text).toContain('epoch 1 loss 0.41');
    expect(res.text).toContain('ZeroDivisionError');
    // The terminal's colour codes are gone from the traceback.
    expect(res.text).not.toContain('\u001b');
    expect(res.text).toMatch(
      /<img class="ksb-file__image" src="data:image\/png;base64,[A-Za-z0-9+/]+=*"/,
    );
    expect(res.text).toContain(
      `href="/evidence/${evidenceId}/view/files/${fileIds.get('evaluation.ipynb')}"`,
    );
  });

  it('lists code with numbered lines, and a table with its header', async () => {
    const agent = await signedIn(t, a.employer);
    const code = await agent.get(readPath('train.py')).expect(200);
    expect(code.text).toContain('ksb-listing--numbered');
    expect(code.text.match(/class="ksb-listing__line"/g)).toHaveLength(40);
    expect(code.text).toContain('def train(x, y):');
    const table = await agent.get(readPath('churn.csv')).expect(200);
    expect(table.text).toContain(
      '<th scope="col" class="govuk-table__header">monthly, charges</th>',
    );
    expect(table.text.match(/<tr class="govuk-table__row">/g)).toHaveLength(1 + 8);
  });

  it('reads only the start of a long listing, and leaves a large notebook to the download', async () => {
    const line = '# a comment line of a generated file.\n';
    const long = Buffer.from(line.repeat(80_000));
    const large = notebook(Buffer.alloc(4_500_000, 7)); // one 4.5 MB picture: 6 MB in base64
    expect(large.length).toBeGreaterThan(5 * 1024 * 1024);
    const { body } = await as(t, a.apprentice.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
      .field('title', 'A long log and a large notebook')
      .field('kind', 'other')
      .field('activityDate', '2026-02-04')
      .attach('files', long, 'training.log')
      .attach('files', large, 'large.ipynb')
      .expect(201);
    const files = new Map(
      (body.files as { id: string; name: string }[]).map((f) => [f.name, f.id]),
    );
    const agent = await signedIn(t, a.provider);
    const path = (name: string) =>
      `/evidence/${body.id as string}/view/files/${files.get(name)}/read`;
    const log = await agent.get(path('training.log')).expect(200);
    expect(log.text).toContain('Only the first 2.0 MB of the file are read here');
    expect(log.text.match(/class="ksb-listing__line"/g)).toHaveLength(2_000);
    // The lines of its first 2 MB, the last one cut short.
    const lines = Math.ceil((2 * 1024 * 1024) / line.length);
    expect(log.text).toContain(`The first 2000 of ${lines} lines`);
    const nb = await agent.get(path('large.ipynb')).expect(200);
    expect(nb.text).toContain('it is larger than 5 MB, too large for the page');
    expect(nb.text).not.toContain('data:image/png');
  });

  it('says why a notebook cannot be shown, and offers the original', async () => {
    const agent = await signedIn(t, a.provider);
    const res = await agent.get(readPath('old.ipynb')).expect(200);
    expect(res.text).toContain('This file cannot be shown here: it has no list of cells');
    expect(res.text).toContain('Download the original');
  });

  it('answers 404 to another provider, and for a file of other evidence', async () => {
    const other = await signedIn(t, b.provider);
    await other.get(readPath('train.py')).expect(404);
    const own = await signedIn(t, a.provider);
    const { body } = await as(t, a.apprentice.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/evidence`)
      .send({ title: 'Another piece', kind: 'other', activityDate: '2026-02-03' })
      .expect(201);
    await own
      .get(`/evidence/${body.id as string}/view/files/${fileIds.get('train.py')}/read`)
      .expect(404);
  });
});
