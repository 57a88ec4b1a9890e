import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { PortfolioDocument } from './portfolio-document.js';
import { PortfolioDocumentError, renderPortfolio } from './portfolio-renderer.js';
import { loadPortfolioTemplate, type PortfolioTemplate } from './portfolio-template.js';
import {
  buildPortfolio,
  makePng,
  st1398Criteria,
} from '../../../../test/support/portfolio-fixtures.js';
import { readPdf, type ReadPdf, renderToFile } from '../../../../test/support/pdf-tools.js';

const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('renderPortfolio', () => {
  let dir: string;
  let template: PortfolioTemplate;
  let draft: PortfolioDocument;
  let gateway: PortfolioDocument;
  const files = { draft: '', gateway: '' };
  const result: Record<'draft' | 'gateway', { pages: number; bytes: Buffer }> = {
    draft: { pages: 0, bytes: Buffer.alloc(0) },
    gateway: { pages: 0, bytes: Buffer.alloc(0) },
  };
  // Each rendering read back once, as a viewer would (PDF.js).
  const read = {} as Record<'draft' | 'gateway', ReadPdf>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portfolio-pdf-'));
    template = await loadPortfolioTemplate('default');
    draft = buildPortfolio({
      kind: 'draft',
      evidence: 6,
      image: (i) =>
        [
          makePng(320, 200, 1),
          undefined,
          Buffer.from('not an image'),
          makePng(200, 120, 2, 0, true),
        ][i],
    });
    gateway = buildPortfolio({ kind: 'gateway', apprentice: 'Nguyễn Thị Minh', evidence: 45 });
    files.draft = join(dir, 'draft.pdf');
    files.gateway = join(dir, 'gateway.pdf');
    result.draft = await renderToFile(draft, template, files.draft);
    result.gateway = await renderToFile(gateway, template, files.gateway);
    read.draft = await readPdf(files.draft);
    read.gateway = await readPdf(files.gateway);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says DRAFT on every page of a draft and on no page of a gateway PDF', () => {
    const draftPages = read.draft.pageTexts();
    expect(draftPages.length).toBe(result.draft.pages);
    expect(read.draft.info.pages).toBe(result.draft.pages);
    draftPages.forEach((text, i) => expect([i + 1, text.includes('DRAFT')]).toEqual([i + 1, true]));

    const gatewayPages = read.gateway.pageTexts();
    expect(gatewayPages.length).toBe(result.gateway.pages);
    gatewayPages.forEach((text, i) => expect([i + 1, /draft/i.test(text)]).toEqual([i + 1, false]));
  });

  it('draws the diagonal DRAFT watermark on every page of a draft only', () => {
    // The page texts leave diagonal text out; the placed texts have it, with its size and angle.
    const watermarked = (pdf: ReadPdf) =>
      new Set(
        pdf.placed
          .filter((t) => t.text === template.text.watermark && t.size > 100 && t.angle === 54)
          .map((t) => t.page),
      );
    expect(watermarked(read.draft).size).toBe(result.draft.pages);
    expect(watermarked(read.gateway).size).toBe(0);
  });

  it('shows the snapshot id and the hash of its frozen content on the gateway cover', () => {
    const cover = read.gateway.pageTexts()[0];
    expect(cover).toContain(gateway.snapshot!.id);
    expect(cover).toContain(gateway.snapshot!.sha256OfContent);
    expect(cover).toContain('1234567890');
    expect(cover).toContain('Northwind Retail Ltd');
    expect(cover).toContain('Skills Academy');
    expect(read.draft.pageTexts()[0]).not.toContain('Snapshot');
  });

  it('prints names in any script', () => {
    const draftText = read.draft.pageTexts().join('\n');
    const gatewayText = read.gateway.pageTexts().join('\n');
    expect(draftText).toContain('Zoë Łukasiewicz');
    expect(gatewayText).toContain('Nguyễn Thị Minh');
    // The employer's sign-off, drawn with the CJK fallback font on the declarations page.
    expect(read.gateway.pageTexts().at(-1)).toContain('王芳');
  });

  it('lists every criterion and every evidence in the matrix, over several pages', () => {
    const pages = read.gateway.pageTexts().filter((t) => t.includes(template.text.sections.matrix));
    const matrix = pages.filter((t) => /Criteria \S+–\S+, evidence E\d+–E\d+/.test(t));
    expect(matrix.length).toBeGreaterThanOrEqual(4);
    const words = new Set(matrix.join('\n').split(/\s+/));
    for (const { code } of st1398Criteria()) expect([code, words.has(code)]).toEqual([code, true]);
    for (const e of gateway.evidence)
      expect([e.reference, words.has(e.reference)]).toEqual([e.reference, true]);
    // 45 columns do not fit across one page: two blocks of columns, each with its header row.
    expect(matrix.some((t) => t.includes('evidence E1–E23'))).toBe(true);
    expect(matrix.some((t) => t.includes('evidence E24–E45'))).toBe(true);
  });

  it('has a section for every evidence, starting where the contents and the index say', () => {
    const pages = read.gateway.pageTexts();
    const text = flat(pages.join('\n'));
    for (const e of gateway.evidence) expect(text).toContain(`${e.reference} ${e.title}`);
    const layout = read.gateway.pageTexts(true);
    const contents = layout[1] + layout[2];
    for (const e of gateway.evidence) {
      const line = new RegExp(`^\\s*${e.reference}\\s+.*?\\s(\\d+)\\s*$`, 'm').exec(contents);
      expect(line).not.toBeNull();
      const page = flat(pages[Number(line![1]) - 1]);
      expect(page).toContain(`${e.reference} ${e.title}`);
    }
  });

  it('bookmarks every section and every evidence', () => {
    const entries = read.gateway.outline;
    const top = entries.filter((e) => e.depth === 1).map((e) => e.title);
    const s = template.text.sections;
    expect(top).toEqual([
      template.text.coverTitle,
      s.contents,
      s.coverage,
      s.criteria,
      s.matrix,
      s.index,
      s.evidence,
      s.declarations,
    ]);
    const children = entries.filter((e) => e.depth === 2);
    expect(children.map((e) => e.title)).toEqual(
      gateway.evidence.map((e) => `${e.reference} ${e.title}`),
    );
    const pages = read.gateway.pageTexts();
    for (const child of children) expect(flat(pages[child.page - 1])).toContain(child.title);
  });

  it('sets title, author, subject and dates from the document', () => {
    const { info } = read.gateway;
    expect(info.title).toBe(
      'Evidence portfolio: Nguyễn Thị Minh – ST1398 Machine Learning Engineer',
    );
    expect(info.author).toBe('Nguyễn Thị Minh');
    expect(info.subject).toContain('Gateway portfolio');
    expect(info.subject).toContain('ST1398 Machine Learning Engineer v1.0');
    expect(info.creationDate).toEqual(new Date('2025-11-03T09:30:00Z'));
    expect(info.pages).toBe(result.gateway.pages);
    // A4 on every page: 210 × 297 mm in points.
    expect(info.pageSizes).toHaveLength(result.gateway.pages);
    for (const size of info.pageSizes) {
      expect(size.width).toBeCloseTo(595.28, 1);
      expect(size.height).toBeCloseTo(841.89, 1);
    }
  });

  it('puts the page number and the standard in every footer', () => {
    const pages = read.draft.pageTexts();
    pages.forEach((text, i) => {
      expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(text).toContain('ST1398 Machine Learning Engineer v1.0');
    });
  });

  it('shows images, notes one that cannot be shown, and lists every file hash', () => {
    expect(read.draft.imageCount).toBe(2);
    const text = flat(read.draft.pageTexts().join('\n'));
    expect(text).toContain('This image could not be shown');
    for (const file of draft.evidence.flatMap((e) => e.files)) expect(text).toContain(file.sha256);
  });

  it('makes links clickable', () => {
    const raw = result.draft.bytes.toString('latin1');
    for (const link of draft.evidence.flatMap((e) => e.links)) {
      expect(raw).toContain(`/URI (${link})`);
    }
  });

  it('gives identical bytes for the same input, and a content-derived /ID', async () => {
    const again = await renderToFile(gateway, template, join(dir, 'again.pdf'));
    expect(again.bytes.equals(result.gateway.bytes)).toBe(true);
    const changed = { ...gateway, evidence: gateway.evidence.slice(0, 44) };
    const other = await renderToFile(changed, template, join(dir, 'other.pdf'));
    const id = (b: Buffer) => /\/ID \[<([0-9a-f]+)>/.exec(b.toString('latin1'))?.[1];
    expect(id(result.gateway.bytes)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(other.bytes)).not.toBe(id(result.gateway.bytes));
  }, 60_000);

  it('renders the same bytes when renderings interleave in one process', async () => {
    const slowImages = (seed: number) =>
      buildPortfolio({
        evidence: 3,
        apprentice: `王芳 ${seed}`,
        image: () => makePng(60, 40, seed),
      });
    const docs = [slowImages(1), slowImages(2)];
    for (const doc of docs) {
      for (const file of doc.evidence.flatMap((e) => e.files)) {
        const bytes = file.image?.();
        if (bytes) file.image = () => new Promise((done) => setTimeout(() => done(bytes), 5));
      }
    }
    const together = await Promise.all(
      docs.map((doc, i) => renderToFile(doc, template, join(dir, `together-${i}.pdf`))),
    );
    for (const [i, doc] of docs.entries()) {
      const alone = await renderToFile(doc, template, join(dir, `alone-${i}.pdf`));
      expect(alone.bytes.equals(together[i].bytes)).toBe(true);
    }
  });

  it('fails when the reader goes away', async () => {
    let writes = 0;
    const output = new Writable({
      write(_chunk, _encoding, done) {
        writes += 1;
        done(writes > 1 ? new Error('client went away') : null);
      },
    });
    await expect(renderPortfolio(draft, template, output)).rejects.toThrow();
    expect(output.destroyed).toBe(true);
  });

  it('refuses a gateway document without a snapshot, before writing anything', async () => {
    const output = new PassThrough();
    const doc = { ...gateway, snapshot: undefined };
    await expect(renderPortfolio(doc, template, output)).rejects.toThrow(PortfolioDocumentError);
    // Nothing was written, so the caller can still send an error response.
    expect(output.destroyed).toBe(false);
    expect(output.readableLength).toBe(0);
  });

  it('fails, and closes the output, when an image cannot be loaded', async () => {
    const doc = buildPortfolio({ evidence: 2, image: () => makePng(10, 10) });
    doc.evidence[1].files[1].image = () => Promise.reject(new Error('storage unavailable'));
    const output = new PassThrough();
    output.resume();
    await expect(renderPortfolio(doc, template, output)).rejects.toThrow('storage unavailable');
    expect(output.destroyed).toBe(true);
  });
});
