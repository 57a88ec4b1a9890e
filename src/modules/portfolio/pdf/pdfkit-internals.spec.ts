import { describe, expect, it } from '@jest/globals';
import PDFDocument from 'pdfkit';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { batchPageOperators, compactPageContent } from './pdfkit-internals.js';

/** Three buffered pages of text and lines, their numbers added at the end as the renderer does. */
async function render(
  compact: boolean,
  batch = false,
): Promise<{ bytes: Buffer; chunks: number[] }> {
  const date = new Date('2026-05-04T12:00:00Z');
  const pdf = new PDFDocument({ bufferPages: true, info: { CreationDate: date, ModDate: date } });
  if (batch) batchPageOperators(pdf);
  const out = new PassThrough();
  const bytes = buffer(out);
  pdf.pipe(out);
  const chunks: number[] = [];
  for (let page = 1; page <= 3; page++) {
    if (page > 1) pdf.addPage();
    for (let line = 0; line < 40; line++) {
      pdf.text(`Page ${page}, line ${line}`, 72, 72 + line * 14);
      pdf
        .moveTo(72, 80 + line * 14)
        .lineTo(300, 80 + line * 14)
        .stroke();
    }
    if (compact) compactPageContent(pdf);
    chunks.push((pdf.page as unknown as { content: { buffer: unknown[] } }).content.buffer.length);
  }
  for (let i = 0; i < 3; i++) {
    pdf.switchToPage(i);
    pdf.text(`${i + 1} of 3`, 72, 700);
  }
  pdf.end();
  return { bytes: await bytes, chunks };
}

describe('compactPageContent', () => {
  it("keeps a finished page's content as one array, and the PDF byte for byte the same", async () => {
    const [plain, compacted] = await Promise.all([render(false), render(true)]);
    expect(Math.min(...plain.chunks)).toBeGreaterThan(100);
    expect(compacted.chunks).toEqual([1, 1, 1]);
    expect(compacted.bytes.equals(plain.bytes)).toBe(true);
  });
});

describe('batchPageOperators', () => {
  it("turns each page's operators into bytes in one go, and the PDF byte for byte the same", async () => {
    const [plain, batched, both] = await Promise.all([
      render(false),
      render(false, true),
      render(true, true),
    ]);
    // Only the line pdfkit writes as it adds a page is bytes yet; the rest waits as text.
    expect(batched.chunks).toEqual([1, 1, 1]);
    expect(batched.bytes.equals(plain.bytes)).toBe(true);
    expect(both.chunks).toEqual([1, 1, 1]);
    expect(both.bytes.equals(plain.bytes)).toBe(true);
  });
});
