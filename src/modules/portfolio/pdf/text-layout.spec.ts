import { beforeAll, describe, expect, it } from '@jest/globals';
import PDFDocument from 'pdfkit';
import { FontBook } from './font-book.js';
import { loadPortfolioTemplate } from './portfolio-template.js';
import { TextLayout, type TextStyle } from './text-layout.js';

describe('font choice and line breaking', () => {
  let fonts: FontBook;
  let layout: TextLayout;
  const body: TextStyle = { font: 'regular', size: 10, colour: '#000000' };

  beforeAll(async () => {
    const template = await loadPortfolioTemplate('default');
    fonts = await FontBook.register(new PDFDocument({ autoFirstPage: true }), template);
    layout = new TextLayout(fonts);
  });

  it('keeps Latin, Polish and Vietnamese in the main font', () => {
    expect(fonts.runs('Zoë Łukasiewicz', 'regular')).toEqual([
      { text: 'Zoë Łukasiewicz', font: 'regular' },
    ]);
    expect(fonts.runs('Nguyễn Thị Minh', 'bold')).toEqual([
      { text: 'Nguyễn Thị Minh', font: 'bold' },
    ]);
  });

  it('switches to a fallback font for characters the main font lacks, and back', () => {
    expect(fonts.runs('王芳 and Li', 'regular')).toEqual([
      { text: '王芳 ', font: 'fallback-0' },
      { text: 'and Li', font: 'regular' },
    ]);
    expect(fonts.runs('سارة', 'regular')).toEqual([{ text: 'سارة', font: 'fallback-1' }]);
    expect(fonts.runs('प्रिया', 'regular')).toEqual([{ text: 'प्रिया', font: 'fallback-3' }]);
  });

  it('checks glyph coverage through the fonts themselves', () => {
    expect(fonts.font('regular').font.hasGlyphForCodePoint('ễ'.codePointAt(0)!)).toBe(true);
    expect(fonts.font('regular').font.hasGlyphForCodePoint('王'.codePointAt(0)!)).toBe(false);
    expect(fonts.font('fallback-0').font.hasGlyphForCodePoint('王'.codePointAt(0)!)).toBe(true);
  });

  it('wraps at spaces without exceeding the width, and honours line breaks', () => {
    const text = 'The purpose, methodologies and applications for ML AI solutions. '.repeat(6);
    const lines = layout.lines(text + '\nNext paragraph.', body, 200);
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(200);
    const joined = lines.map((l) =>
      l.pieces
        .map((p) => p.text)
        .join('')
        .trim(),
    );
    expect(joined.at(-1)).toBe('Next paragraph.');
    expect(joined.slice(0, -1).join(' ')).toBe(text.trim());
  });

  it('breaks CJK text between characters and over-long words between letters', () => {
    const cjk = layout.lines('王芳'.repeat(40), body, 100);
    expect(cjk.length).toBeGreaterThan(2);
    for (const line of cjk) expect(line.width).toBeLessThanOrEqual(100);
    const url = 'https://example.com/' + 'a'.repeat(150);
    const broken = layout.lines(url, body, 120);
    expect(broken.length).toBeGreaterThan(2);
    for (const line of broken) expect(line.width).toBeLessThanOrEqual(120);
    expect(broken.map((l) => l.pieces.map((p) => p.text).join('')).join('')).toBe(url);
  });

  it('cuts a line to fit with an ellipsis', () => {
    const line = layout.fit('Evaluation report: transformer vs. gradient boosting', body, 80);
    expect(line.width).toBeLessThanOrEqual(80);
    expect(line.pieces.map((p) => p.text).join('')).toMatch(/^Evaluation.*…$/);
    expect(layout.fit('Short', body, 80).pieces[0].text).toBe('Short');
  });
});
