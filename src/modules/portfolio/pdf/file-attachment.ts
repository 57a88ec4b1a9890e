import { formatSize } from './format.js';
import type { PortfolioFile } from './portfolio-document.js';
import type { RenderContext } from './render-context.js';

const ICON = 11;

/**
 * Embeds the original file in the PDF (listed in the viewer's attachments panel under `name`, with
 * its media type, size and SHA-256 in the description) and links it from the evidence section: a
 * paperclip annotation beside a line saying so, which opens the file. The embedded stream carries
 * no dates, so the same file gives the same bytes in every rendering.
 */
export function attachFile(
  ctx: RenderContext,
  file: PortfolioFile,
  name: string,
  bytes: Buffer,
): void {
  const { c, t } = ctx;
  const description = `${file.name} (${file.mediaType}, ${formatSize(file.size)}) SHA-256 ${file.sha256.toLowerCase()}`;
  // pdfkit's types say file() returns the document; it returns the file specification.
  const embed = c.pdf.file.bind(c.pdf) as unknown as (src: Buffer, options: object) => unknown;
  const spec = embed(bytes, { name, type: file.mediaType, description, relationship: 'Source' });
  const style = c.style('regular', 'small', 'link');
  const lh = c.lineHeight(style);
  c.pdf.annotate(c.left, c.y + (lh - ICON) / 2, ICON, ICON, {
    Subtype: 'FileAttachment',
    FS: spec,
    Name: 'Paperclip',
    Contents: new String(`${t.text.evidenceFiles.attached}: ${name}`),
  } as never);
  c.label(t.text.evidenceFiles.attached, c.left + ICON + 5, c.y, style, {
    width: c.width - ICON - 5,
  });
  c.y += lh;
}
