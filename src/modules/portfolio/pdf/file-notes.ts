import { fill } from './format.js';
import type { RenderContext } from './render-context.js';

/** pdfkit embeds these as they are (JPEG) or nearly (PNG); other images are listed, not shown. */
export const SHOWN_IMAGES = /^image\/(png|jpeg)$/;

/** "Not shown in the PDF: <why>. The original file is attached." */
export function notRendered(ctx: RenderContext, reason: string): void {
  const { c, t } = ctx;
  c.paragraph(
    fill(t.text.evidenceFiles.notRendered, { reason }),
    c.style('italic', 'small', 'draft'),
  );
}
