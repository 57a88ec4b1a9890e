import { beforeAll, describe, expect, it } from '@jest/globals';
import PDFDocument from 'pdfkit';
import { catalogueCriteria } from '../../standards/catalogue-files.js';
import { commonWords } from './common-words.js';
import { FontBook, warmUpWords } from './font-book.js';
import { loadPortfolioTemplate, type PortfolioTemplate } from './portfolio-template.js';

describe('words shaped before the first PDF', () => {
  let template: PortfolioTemplate;
  /** The shared layout cache a new PDF's font gets, as pdfkit reads it. */
  const cacheOf = async (style: 'regular' | 'italic' | 'bold') =>
    (await FontBook.register(new PDFDocument({ autoFirstPage: false }), template)).font(style)
      .layoutCache as Record<string, unknown>;

  beforeAll(async () => {
    template = await loadPortfolioTemplate('default');
  });

  it('lists the template’s text, every criterion of the catalogue and numbers as drawn', () => {
    const words = Object.fromEntries(commonWords(template).map((w) => [w.style, w.texts]));
    const criteria = catalogueCriteria();
    expect(criteria.length).toBeGreaterThanOrEqual(79); // ST1398: K1–K31, S1–S34, B1–B5, D1–D9
    for (const { text } of criteria) {
      expect(words.regular).toContain(text);
      expect(words.italic).toContain(text);
    }
    expect(words.regular).toEqual(expect.arrayContaining(['E7', 'E7 ', 'E7, ', 'E7)', 'K31, ']));
    expect(words.regular).toEqual(expect.arrayContaining(['0', '400 ']));
    expect(words.bold).toEqual(expect.arrayContaining(['E60 ', '12']));
    expect(words.bold).toContain(template.text.pageNumber);
  });

  it('shapes them into the cache that every later PDF’s fonts read', async () => {
    await warmUpWords(
      template,
      [
        { style: 'italic', texts: ['Quokka-tested pipelines'] },
        { style: 'regular', texts: ['E987, '] },
      ],
      () => false,
    );
    const italic = await cacheOf('italic');
    expect(Object.keys(italic)).toEqual(expect.arrayContaining(['Quokka-tested ', 'pipelines']));
    expect(await cacheOf('regular')).toHaveProperty(['E987, ']);
  });

  it('stops between slices once a PDF is waiting', async () => {
    let looked = 0;
    const texts = Array.from({ length: 1000 }, (_, i) => `wombat${i} `);
    await warmUpWords(template, [{ style: 'bold', texts }], () => ++looked > 1);
    const bold = await cacheOf('bold');
    const shaped = texts.filter((t) => t in bold).length;
    expect(looked).toBe(2);
    expect(shaped).toBeGreaterThan(0);
    expect(shaped).toBeLessThan(texts.length);
  });
});
