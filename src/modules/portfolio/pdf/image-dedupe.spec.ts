import { beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { renderPortfolio } from './portfolio-renderer.js';
import { loadPortfolioTemplate, type PortfolioTemplate } from './portfolio-template.js';
import { buildPortfolio, makePng } from '../../../../test/support/portfolio-fixtures.js';
import { readPdf } from '../../../../test/support/pdf-tools.js';

/** pdfkit writes every object as plain text (no object streams): image objects can be counted. */
const imageObjects = (pdf: Buffer) => pdf.toString('latin1').match(/\/Subtype \/Image\b/g)?.length;

async function render(template: PortfolioTemplate, images: (Buffer | undefined)[]) {
  const doc = buildPortfolio({ kind: 'draft', evidence: images.length, image: (i) => images[i] });
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await renderPortfolio(doc, template, sink);
  const bytes = Buffer.concat(chunks);
  return { bytes, drawn: (await readPdf(bytes)).imageCount };
}

describe('images in a PDF', () => {
  let template: PortfolioTemplate;
  beforeAll(async () => {
    template = await loadPortfolioTemplate('default');
  });

  it('embeds a photo attached to two pieces of evidence once, and draws it twice', async () => {
    const photo = makePng(300, 200, 1);
    const { bytes, drawn } = await render(template, [photo, undefined, Buffer.from(photo)]);
    expect(drawn).toBe(2);
    expect(imageObjects(bytes)).toBe(1);
  });

  it('embeds a transparent PNG used twice once, with one soft mask', async () => {
    const logo = makePng(120, 80, 2, 0, true);
    const { bytes, drawn } = await render(template, [logo, logo]);
    expect(drawn).toBe(2);
    expect(imageObjects(bytes)).toBe(2); // the colour image and its soft mask
  });

  it('keeps different pictures apart', async () => {
    const { bytes, drawn } = await render(template, [
      makePng(300, 200, 1, 40),
      makePng(300, 200, 3, 40),
    ]);
    expect(drawn).toBe(2);
    expect(imageObjects(bytes)).toBe(2);
  });
});
