import { createHash } from 'node:crypto';
import { fill } from './format.js';
import { type PageCopyLoader, prepareImage } from './image-preparation.js';
import { internals, type OpenedImage } from './pdfkit-internals.js';
import { embedPng } from './png-image.js';
import type { RenderContext } from './render-context.js';

export type Figure = OpenedImage | { unavailable: string };

/**
 * The image ready to draw (pdfkit embeds it on first use), or why it is not shown. The same
 * picture attached twice (to two pieces of evidence, or output twice by a notebook) is one image
 * object in the PDF. An image that must be shrunk is drawn from `pageCopy` when given (the copy
 * kept in storage); the decision and the reason an image is not shown come from `bytes` either way.
 * `sha256`: the bytes' SHA-256 when it is known already (a stored file's, taken at upload).
 */
export async function openImage(
  ctx: RenderContext,
  bytes: Buffer,
  mediaType: string,
  pageCopy?: PageCopyLoader,
  sha256?: string,
): Promise<Figure> {
  const digest = sha256?.toLowerCase() ?? createHash('sha256').update(bytes).digest('hex');
  const key = `${mediaType} ${digest}`;
  let image = ctx.embedded.get(key);
  if (!image) {
    image = await prepareAndOpen(ctx, bytes, mediaType, pageCopy);
    ctx.embedded.set(key, image);
  }
  return image;
}

async function prepareAndOpen(
  ctx: RenderContext,
  loaded: Buffer,
  mediaType: string,
  pageCopy?: PageCopyLoader,
): Promise<Figure> {
  const prepared = await prepareImage(loaded, mediaType, ctx.images, pageCopy);
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

/** Width and height as shown (EXIF orientations 5–8 turn the picture a quarter). */
function pixels(image: OpenedImage): [number, number] {
  const swapped = 'orientation' in image && (image.orientation ?? 1) > 4;
  return swapped ? [image.height, image.width] : [image.width, image.height];
}

function captionHeight(ctx: RenderContext): number {
  return ctx.c.lineHeight(ctx.c.style('italic', 'small', 'muted')) + 12;
}

/** One pixel per point at most, so a small screenshot is not blown up into a blur. */
function fullScale(ctx: RenderContext, image: OpenedImage, maxWidth: number): number {
  const { c } = ctx;
  const [w, h] = pixels(image);
  return Math.min(1, maxWidth / w, (c.bottom - c.top - captionHeight(ctx) - 40) / h);
}

/**
 * The least height the figure takes where it starts: what a heading above it must be kept with
 * (a picture may shrink to 60 % to use the rest of a page, never more).
 */
export function imageHeight(ctx: RenderContext, image: Figure, maxWidth = ctx.c.width): number {
  if ('unavailable' in image) return 2 * ctx.c.lineHeight(ctx.c.style('italic', 'small'));
  return pixels(image)[1] * fullScale(ctx, image, maxWidth) * 0.6 + captionHeight(ctx) + 4;
}

/** Draws the figure in the flow, with a caption; or says why it is not shown. */
export function drawFigure(ctx: RenderContext, image: Figure, caption: string, indent = 0): void {
  const { c, t } = ctx;
  if ('unavailable' in image) {
    c.paragraph(
      fill(t.text.labels.imageUnavailable, { reason: image.unavailable }),
      c.style('italic', 'small', 'draft'),
      { indent },
    );
    return;
  }
  const [pxWidth, pxHeight] = pixels(image);
  const below = captionHeight(ctx);
  let scale = fullScale(ctx, image, c.width - indent);
  // Shrinking a little to use the rest of this page beats leaving it blank; shrinking a lot does not.
  const rest = (c.bottom - c.y - below - 4) / pxHeight;
  if (rest < scale) {
    if (rest >= scale * 0.6) scale = rest;
    else c.newPage();
  }
  const [w, h] = [pxWidth * scale, pxHeight * scale];
  const x = c.left + indent;
  c.y += 4;
  c.pdf.image(image as unknown as Buffer, x, c.y, { width: w, height: h });
  c.rect(x, c.y, w, h, undefined, t.colours.rule);
  c.y += h + 2;
  c.paragraph(caption, c.style('italic', 'small', 'muted'), { indent });
  c.y += 6;
}
