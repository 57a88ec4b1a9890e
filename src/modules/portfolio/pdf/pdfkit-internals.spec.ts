import { describe, expect, it } from '@jest/globals';
import PDFDocument from 'pdfkit';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  batchPageOperators,
  compactPageContent,
  endStreamAsIs,
  type StreamRef,
} from './pdfkit-internals.js';

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

describe('endStreamAsIs', () => {
  /** A PDF with one stream object holding `data`, ended by pdfkit or by endStreamAsIs. */
  async function withStream(data: Buffer, asIs: boolean) {
    const date = new Date('2026-05-04T12:00:00Z');
    const pdf = new PDFDocument({ info: { CreationDate: date, ModDate: date } });
    const chunks: Uint8Array[] = [];
    pdf.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    const done = new Promise((resolve) => pdf.on('end', resolve));
    const ref = (pdf as unknown as { ref(data: object): StreamRef }).ref({
      Type: 'EmbeddedFile',
      Params: { Size: data.length },
    });
    ref.compress = false;
    if (asIs) endStreamAsIs(pdf, ref, data);
    else (ref as unknown as { end(chunk: Buffer): void }).end(data);
    pdf.end();
    await done;
    // The document's own writer is back once the stream has ended.
    expect(Object.prototype.hasOwnProperty.call(pdf, '_write')).toBe(false);
    return { bytes: Buffer.concat(chunks), chunks };
  }

  it("writes the bytes pdfkit's end writes, handing on the caller's array itself", async () => {
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 251));
    const byPdfkit = await withStream(data, false);
    const asIs = await withStream(data, true);
    expect(asIs.bytes.equals(byPdfkit.bytes)).toBe(true);
    expect(asIs.chunks).toContain(data);
    expect(byPdfkit.chunks).not.toContain(data);
  });

  it('refuses a stream that was written to already', () => {
    const pdf = new PDFDocument();
    const ref = (
      pdf as unknown as { ref(data: object): StreamRef & { write(c: Buffer): void } }
    ).ref({});
    ref.write(Buffer.from('x'));
    expect(() => endStreamAsIs(pdf, ref, Buffer.from('y'))).toThrow(/written to already/);
  });
});
