import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Writable } from 'node:stream';
import { pngBomb } from '../../../../test/support/image-bombs.js';
import { readPdf } from '../../../../test/support/pdf-tools.js';
import { buildPortfolio, makePng } from '../../../../test/support/portfolio-fixtures.js';
import { type PreparedImage, shrinkImage } from './image-preparation.js';
import type { PortfolioDocument } from './portfolio-document.js';
import { renderPortfolio } from './portfolio-renderer.js';
import { loadPortfolioTemplate, type PortfolioTemplate } from './portfolio-template.js';

const limits = { maxPixels: 50_000_000 };
type Loader = () => Promise<PreparedImage>;

/** A draft with one picture per evidence, each file given the page-copy loader beside it. */
function documentWith(images: [Buffer, Loader | undefined][]): PortfolioDocument {
  const doc = buildPortfolio({
    kind: 'draft',
    evidence: images.length,
    image: (i) => images[i][0],
  });
  doc.evidence.forEach((e, i) => {
    const picture = e.files.find((f) => f.image);
    const pageCopy = images[i][1];
    if (picture && pageCopy) picture.pageCopy = pageCopy;
  });
  return doc;
}

async function render(template: PortfolioTemplate, doc: PortfolioDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await renderPortfolio(doc, template, sink, { images: limits });
  return Buffer.concat(chunks);
}

const edges = (pdf: Buffer) =>
  [...pdf.toString('latin1').matchAll(/\/Width (\d+)/g)].map((m) => Number(m[1]));

describe('page copies in a PDF', () => {
  let template: PortfolioTemplate;
  beforeAll(async () => {
    template = await loadPortfolioTemplate('default');
  });

  it('draws the copy it is given, and asks only for images that must be shrunk', async () => {
    const copy = makePng(123, 45, 4);
    const large = jest.fn<Loader>(() => Promise.resolve({ bytes: copy }));
    const small = jest.fn<Loader>();
    const bomb = jest.fn<Loader>();
    const doc = documentWith([
      [makePng(2400, 1200, 11), large],
      [makePng(300, 200, 12), small],
      [await pngBomb(12_000, 12_000), bomb],
    ]);
    const pdf = await render(template, doc);
    expect(edges(pdf)).toContain(123); // the copy, not a shrink of the original (2000 wide)
    expect(edges(pdf)).not.toContain(2000);
    expect(large).toHaveBeenCalledTimes(1);
    expect(small).not.toHaveBeenCalled();
    expect(bomb).not.toHaveBeenCalled();
    const text = (await readPdf(pdf)).pageTexts().join('\n');
    expect(text).toContain('12000 × 12000 pixels, more than the 50 megapixels limit');
  });

  it('says why when the copy cannot be made', async () => {
    const doc = documentWith([
      [makePng(2400, 1200, 13), () => Promise.resolve({ unavailable: 'it is not a picture' })],
    ]);
    const text = (await readPdf(await render(template, doc))).pageTexts().join('\n');
    expect(text).toContain('it is not a picture');
  });

  it('gives the same bytes with a stored copy as when the worker shrinks the image itself', async () => {
    const photo = makePng(2600, 1400, 14, 30);
    const shrunk = await render(template, documentWith([[photo, undefined]]));
    const made = await shrinkImage(photo, 'image/png', limits);
    if (!('bytes' in made)) throw new Error(made.unavailable);
    const stored = jest.fn<Loader>(() => Promise.resolve({ bytes: Buffer.from(made.bytes) }));
    const fromCopy = await render(template, documentWith([[photo, stored]]));
    expect(stored).toHaveBeenCalledTimes(1);
    expect(fromCopy.equals(shrunk)).toBe(true);
  });
});
