import { createHash } from 'node:crypto';
import { fill, formatSize } from './format.js';
import { internals, type OpenedImage } from './pdfkit-internals.js';
import { prepareImage } from './image-preparation.js';
import { embedPng } from './png-image.js';
import type { PortfolioFile } from './portfolio-document.js';
import type { RenderContext } from './render-context.js';

/** pdfkit embeds these as they are (JPEG) or nearly (PNG); anything else is listed, not shown. */
const SHOWN = /^image\/(png|jpeg)$/;

/** Each file's name, type, size and SHA-256, and the image itself when it is one. */
export async function drawFiles(ctx: RenderContext, files: readonly PortfolioFile[]) {
  const { c, t } = ctx;
  const labels = t.text.labels;
  if (files.length === 0) c.paragraph(labels.noFiles, c.style('italic', 'body', 'muted'));
  const name = c.style('bold', 'body');
  const small = c.style('regular', 'small', 'muted');
  const mono = c.style('mono', 'small');
  for (const file of files) {
    c.ensure(c.lineHeight(name) + 2 * c.lineHeight(small) + 4);
    c.y += 2;
    c.paragraph(file.name, name);
    c.paragraph(`${file.mediaType} · ${formatSize(file.size)}`, small);
    const prefix = c.label('SHA-256', c.left, c.y, small) + 6;
    c.label(file.sha256.toLowerCase(), c.left + prefix, c.y, mono, { width: c.width - prefix });
    c.y += c.lineHeight(small) + 4;
    if (file.image && SHOWN.test(file.mediaType)) await drawImage(ctx, file, file.image);
  }
}

async function drawImage(
  ctx: RenderContext,
  file: PortfolioFile,
  load: NonNullable<PortfolioFile['image']>,
): Promise<void> {
  const { c, t } = ctx;
  // A storage failure rejects the whole rendering; bad bytes only cost this one picture.
  const bytes = await load();
  // The same picture attached twice (to two pieces of evidence) is one image object in the PDF.
  const key = `${file.mediaType} ${createHash('sha256').update(bytes).digest('hex')}`;
  let image = ctx.embedded.get(key);
  if (!image) {
    image = await openImage(ctx, bytes, file.mediaType);
    ctx.embedded.set(key, image);
  }
  if ('unavailable' in image) {
    c.paragraph(
      fill(t.text.labels.imageUnavailable, { reason: image.unavailable }),
      c.style('italic', 'small', 'draft'),
    );
    return;
  }
  const swapped = 'orientation' in image && (image.orientation ?? 1) > 4;
  const [pxWidth, pxHeight] = swapped ? [image.height, image.width] : [image.width, image.height];
  const caption = c.style('italic', 'small', 'muted');
  const below = c.lineHeight(caption) + 12;
  // One pixel per point at most, so a small screenshot is not blown up into a blur.
  let scale = Math.min(1, c.width / pxWidth, (c.bottom - c.top - below) / pxHeight);
  // Shrinking a little to use the rest of this page beats leaving it blank; shrinking a lot does not.
  const rest = (c.bottom - c.y - below) / pxHeight;
  if (rest < scale) {
    if (rest >= scale * 0.6) scale = rest;
    else c.newPage();
  }
  const [w, h] = [pxWidth * scale, pxHeight * scale];
  c.y += 4;
  c.pdf.image(image as unknown as Buffer, c.left, c.y, { width: w, height: h });
  c.rect(c.left, c.y, w, h, undefined, t.colours.rule);
  c.y += h + 2;
  c.paragraph(file.name, caption);
  c.y += 6;
}

/** The image ready to draw (pdfkit embeds it on first use), or why it is not shown. */
async function openImage(
  ctx: RenderContext,
  loaded: Buffer,
  mediaType: string,
): Promise<OpenedImage | { unavailable: string }> {
  const prepared = await prepareImage(loaded, mediaType, ctx.images);
  if ('unavailable' in prepared) return prepared;
  const { c } = ctx;
  try {
    return (
      embedPng(c.pdf, prepared.bytes, c.nextImageLabel()) ??
      internals(c.pdf).openImage(prepared.bytes)
    );
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
}
