import { attachFile } from './file-attachment.js';
import { drawFileBody, type PendingAppendix } from './file-body.js';
import { SHOWN_IMAGES } from './file-notes.js';
import { formatSize } from './format.js';
import { imageHeight, openImage } from './image-figure.js';
import type { PortfolioEvidence, PortfolioFile } from './portfolio-document.js';
import type { RenderContext } from './render-context.js';

/**
 * Each file's name, type, size and SHA-256; the original attached to the PDF (when its bytes are
 * given) and, beneath the details, what can be read of it: the image, the notebook, the listing.
 * PDF files come back as appendices, to be drawn after the evidence section. `heading` draws the
 * list's heading, kept with the `keepWith` points its first file needs where it starts: a heading
 * left above the rest of a page, its file on the next, read as a list of nothing.
 */
export async function drawFiles(
  ctx: RenderContext,
  evidence: PortfolioEvidence,
  heading: (keepWith: number) => void,
): Promise<PendingAppendix[]> {
  const { c } = ctx;
  const appendices: PendingAppendix[] = [];
  const names = new Set<string>();
  for (const [index, file] of evidence.files.entries()) {
    const load = file.read ?? (SHOWN_IMAGES.test(file.mediaType) ? file.image : undefined);
    // A storage failure rejects the whole rendering: a portfolio silently missing a file is wrong.
    const bytes = load ? await load() : undefined;
    // The picture is opened first, so its heading can be kept on the page the picture starts on.
    const image =
      bytes && SHOWN_IMAGES.test(file.mediaType)
        ? await openImage(ctx, bytes, file.mediaType, file.pageCopy, file.sha256)
        : undefined;
    const start = detailsHeight(ctx, bytes !== undefined) + (image ? imageHeight(ctx, image) : 24);
    if (index === 0) heading(start);
    c.ensure(start);
    drawDetails(ctx, file);
    const attachment = bytes
      ? attachFile(ctx, file, uniqueName(names, `${evidence.reference}/${file.name}`), bytes)
      : undefined;
    let pending: PendingAppendix | undefined;
    try {
      c.y += 4;
      pending = await drawFileBody(ctx, evidence, file, bytes, image);
      if (pending) appendices.push(pending);
      c.y += 6;
    } finally {
      // The original goes in last, once nothing here reads it again, so that it need not be
      // copied; a PDF's pages are still to be copied from it (its appendix), so that one is.
      attachment?.write({ copy: pending !== undefined });
    }
  }
  return appendices;
}

function detailsHeight(ctx: RenderContext, attached: boolean): number {
  const { c } = ctx;
  const small = c.lineHeight(c.style('regular', 'small'));
  return c.lineHeight(c.style('bold', 'body')) + (attached ? 3 : 2) * small + 8;
}

function drawDetails(ctx: RenderContext, file: PortfolioFile): void {
  const { c } = ctx;
  const small = c.style('regular', 'small', 'muted');
  c.y += 2;
  c.paragraph(file.name, c.style('bold', 'body'));
  c.paragraph(`${file.mediaType} · ${formatSize(file.size)}`, small);
  const prefix = c.label('SHA-256', c.left, c.y, small) + 6;
  const mono = c.style('mono', 'small');
  c.label(file.sha256.toLowerCase(), c.left + prefix, c.y, mono, { width: c.width - prefix });
  c.y += c.lineHeight(small);
}

/** Attachment names are unique in a PDF: a second "notes.txt" of one evidence gets " (2)". */
function uniqueName(taken: Set<string>, name: string): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) {
    const dot = name.lastIndexOf('.');
    candidate =
      dot > name.lastIndexOf('/') + 1
        ? `${name.slice(0, dot)} (${n})${name.slice(dot)}`
        : `${name} (${n})`;
  }
  taken.add(candidate);
  return candidate;
}
