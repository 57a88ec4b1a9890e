import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { PortfolioDocument } from './portfolio-document.js';
import { renderPortfolio } from './portfolio-renderer.js';
import { loadPortfolioTemplate, type PortfolioTemplate } from './portfolio-template.js';
import { buildPortfolio } from '../../../../test/support/portfolio-fixtures.js';
import { readAttachments, readPdf, type ReadPdf } from '../../../../test/support/pdf-tools.js';
import { csv, fileOf, notebook, reportPdf, script } from '../../../../test/support/epa-samples.js';

const flat = (text: string) => text.replace(/\s+/g, ' ');

async function render(doc: PortfolioDocument, template: PortfolioTemplate): Promise<Buffer> {
  const out = new PassThrough();
  const [bytes] = await Promise.all([buffer(out), renderPortfolio(doc, template, out)]);
  return bytes;
}

/** A gateway portfolio whose first evidence carries one file of each kind an ML apprentice has. */
async function epaPortfolio(): Promise<PortfolioDocument> {
  const doc = buildPortfolio({ kind: 'gateway', evidence: 3 });
  doc.snapshot!.overrideReason = 'B5 is evidenced in the employer reference held by the EPAO.';
  doc.snapshot!.missingCriteria = ['K30', 'B5'];
  doc.evidence[0].files = [
    fileOf('evaluation.ipynb', 'application/x-ipynb+json', notebook()),
    fileOf('train.py', 'text/x-python', script(400)),
    fileOf('churn.csv', 'text/csv', csv(60)),
    fileOf('report.pdf', 'application/pdf', await reportPdf(3)),
    fileOf('broken.ipynb', 'application/x-ipynb+json', Buffer.from('{"cells": [')),
    fileOf('photo.jpg', 'image/jpeg', makeJpegLike()),
    fileOf('no-pages.pdf', 'application/pdf', NO_PAGE_TREE),
  ];
  return doc;
}

/** Parses, but has no page tree: pdf-lib fails only when asked for the pages. */
const NO_PAGE_TREE = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/** Not a JPEG at all: the renderer must say why it is not shown, and still attach it. */
const makeJpegLike = () => Buffer.from('not really a jpeg');

describe('the EPA pack: evidence files inside the PDF', () => {
  let template: PortfolioTemplate;
  let doc: PortfolioDocument;
  let bytes: Buffer;
  let read: ReadPdf;
  let text: string;

  beforeAll(async () => {
    template = await loadPortfolioTemplate('default');
    doc = await epaPortfolio();
    bytes = await render(doc, template);
    if (process.env.KEEP_PDF) writeFileSync(process.env.KEEP_PDF, bytes);
    read = await readPdf(bytes);
    text = flat(read.pageTexts().join('\n'));
  }, 60_000);

  it('embeds every file with its name, and its SHA-256 in the description', async () => {
    const attachments = await readAttachments(bytes);
    const expected = doc.evidence[0].files;
    expect(attachments.map((a) => a.name).sort()).toEqual(
      expected.map((f) => `E1/${f.name}`).sort(),
    );
    for (const file of expected) {
      const found = attachments.find((a) => a.name === `E1/${file.name}`)!;
      expect(createHash('sha256').update(found.content).digest('hex')).toBe(file.sha256);
      expect(found.description).toContain(file.sha256);
    }
  });

  it('gives each embedded file its MD5 as its CheckSum, in a second rendering too', async () => {
    // The second rendering takes the MD5s this thread remembers (by SHA-256): still the files'.
    const again = await render(await epaPortfolio(), template);
    const md5 = async (read: () => Promise<Buffer> | Buffer) =>
      createHash('md5')
        .update(await read())
        .digest('hex');
    const expected = (await Promise.all(doc.evidence[0].files.map((f) => md5(f.read!)))).sort();
    for (const pdf of [bytes, again]) {
      const sums = [...pdf.toString('latin1').matchAll(/\/CheckSum <([0-9a-f]{32})>/g)];
      expect(sums.map((m) => m[1]).sort()).toEqual(expected);
    }
  });

  it('returns the MD5s it computed, and takes those the document gives instead', async () => {
    const given = await epaPortfolio();
    const files = given.evidence[0].files;
    const renderWithResult = async () => {
      const out = new PassThrough();
      const [pdf, result] = await Promise.all([buffer(out), renderPortfolio(given, template, out)]);
      return { pdf, result };
    };
    const md5 = async (f: (typeof files)[number]) =>
      createHash('md5')
        .update(await f.read!())
        .digest('hex');
    const first = await renderWithResult();
    expect(first.result.checksums).toEqual(
      Object.fromEntries(await Promise.all(files.map(async (f) => [f.sha256, await md5(f)]))),
    );
    // Kept by the service since: the next rendering takes them as given, and computes none.
    files.forEach((f, i) => (f.md5 = String(i).repeat(32)));
    const second = await renderWithResult();
    expect(second.result.checksums).toEqual({});
    const sums = [...second.pdf.toString('latin1').matchAll(/\/CheckSum <([0-9a-f]{32})>/g)];
    expect(sums.map((m) => m[1]).sort()).toEqual(files.map((f) => f.md5).sort());
    files[0].md5 = 'not an md5';
    await expect(renderWithResult()).rejects.toThrow(/evidence\.0\.files\.0\.md5/);
  });

  it("shows a notebook's markdown, code with execution counts, text outputs and plots", () => {
    expect(text).toContain('Churn model evaluation');
    expect(text).toContain('In [3]:');
    expect(text).toContain('df = pd.read_csv("churn-1.csv")');
    expect(text).toContain('Out [3]:');
    expect(text).toContain('(7043, 21)');
    expect(text).toContain('epoch 1 loss 0.41');
    expect(text).toContain('ZeroDivisionError: division by zero');
    expect(text).toContain('evaluation.ipynb · Output image 1');
    expect(read.imageCount).toBeGreaterThanOrEqual(1);
  });

  it('lists source code with line numbers, keeps indentation, and cuts long files saying so', () => {
    const lines = read.pageTexts().join('\n').split('\n');
    expect(lines.some((l) => /^\s*4\s+"""Fits the model."""/.test(l))).toBe(true);
    expect(text).toMatch(/Cut here: lines 1–\d+ of 400 are shown/);
  });

  it('shows the first rows of a CSV as a table', () => {
    expect(text).toContain('monthly, charges');
    expect(text).toContain('The first 40 of 60 rows are shown');
  });

  it("appends a PDF's pages with the portfolio's running header and page numbers", () => {
    const pages = read.pageTexts();
    const appended = pages
      .map((p, i) => ({ p, n: i + 1 }))
      .filter(({ p }) => p.includes('report page'));
    expect(appended).toHaveLength(3);
    for (const [i, { p, n }] of appended.entries()) {
      expect(p).toContain(`Evaluation report: report page ${i + 1}`);
      expect(p).toContain('Appendix to E1: report.pdf');
      expect(p).toContain(`Page ${n} of ${pages.length}`);
    }
    expect(read.outline.some((o) => o.title === 'Appendix to E1: report.pdf')).toBe(true);
  });

  it('says in words why a file is not shown', () => {
    expect(text).toContain('Not shown in the PDF: it is not valid JSON');
    expect(text).toMatch(/This image could not be shown/);
    expect(text).toContain('Not shown in the PDF: it could not be read as a PDF');
  });

  it('says on the cover and at the declaration that gateway was frozen by override', () => {
    const pages = read.pageTexts().map(flat);
    expect(pages[0]).toContain('Frozen by override');
    expect(pages[0]).toContain('K30, B5');
    expect(pages[0]).toContain('B5 is evidenced in the employer reference held by the EPAO.');
    const declarations = pages.find((p) => p.includes('Training provider declaration'))!;
    expect(declarations).toContain('Not all gateway requirements were met');
    expect(declarations).not.toContain('has met the gateway requirements');
    expect(declarations).toContain('B5 is evidenced in the employer reference');
    expect(text).not.toContain('No evidence yet');
  });

  it('renders the same bytes again', async () => {
    expect((await render(await epaPortfolio(), template)).equals(bytes)).toBe(true);
  });
});
