/**
 * Makes a stored image safe and cheap to put in a PDF. One 560 KB PNG of 12,000 × 12,000 pixels
 * used to block the event loop for 19 s and grow RSS to 2.5 GB in every PDF that showed it
 * (decoded in JavaScript, on the main thread). Now:
 *
 * - the header is read first: more pixels than MAX_IMAGE_PIXELS and the image is not decoded at
 *   all (the PDF says why instead);
 * - an image that is already small and that pdfkit can embed without decoding (a JPEG, an opaque
 *   non-interlaced PNG) goes in as it is, byte for byte, as before;
 * - anything else (larger, transparent, interlaced, 16-bit) is decoded and shrunk by sharp —
 *   libvips, in the thread pool, never on the event loop — with `limitInputPixels` as the hard
 *   cap whatever the header claimed, flattened onto white (the page is white) and re-encoded.
 *   That smaller copy is made once and kept in storage (PageImagesService: after the upload, or
 *   by the first PDF that needs it). Images with no such copy (a notebook's pictures) are kept
 *   by the SHA-256 of the source, up to SHRUNK_CACHE_BYTES per thread.
 */
import { createHash } from 'node:crypto';
import type { Sharp, SharpOptions } from 'sharp';
import { imageDimensions } from '../../storage/upload/image-dimensions.js';
import { readPng } from './png-image.js';

type SharpFactory = (input: Buffer, options: SharpOptions) => Sharp;
let loaded: Promise<SharpFactory> | undefined;

/**
 * sharp (libvips), loaded with the first image that needs it: this module is part of the renderer
 * the main thread imports, and loading sharp there cost every start ~0.1 s.
 */
function loadSharp(): Promise<SharpFactory> {
  return (loaded ??= import('sharp').then(({ default: sharp }) => {
    // Each PDF renders its images one at a time; libvips' operation cache would only hold memory.
    sharp.cache(false);
    // One libvips thread per image: decoding a huge image on every core starved the event loop
    // of CPU on a two-core machine (measured: /api/health p99 ~200 ms during a 144-megapixel
    // decode).
    sharp.concurrency(1);
    return sharp;
  }));
}

export interface ImageLimits {
  /** Images claiming (or decoding to) more pixels are not shown. */
  maxPixels: number;
}

/** A4's text column is about 500 pt: 2,000 px is 300 dpi, sharper than any printer needs. */
export const MAX_EDGE_PX = 2000;
/** JPEGs larger than this are re-encoded for the page (sharp's shrink-on-load keeps it quick). */
export const MAX_AS_IS_JPEG_BYTES = 1024 * 1024;
/** PNGs pdfkit must decode itself (alpha, interlacing): small enough to cost a few ms. */
const DECODED_IN_PROCESS_PIXELS = 250_000;

export type PreparedImage = { bytes: Buffer } | { unavailable: string };

const megapixels = (pixels: number) => `${Number((pixels / 1_000_000).toFixed(1))} megapixels`;

/**
 * What the page needs, from the header alone (nothing is decoded): the image as it is, a smaller
 * copy, or nothing (and why). The PDF renderer and the page copies kept in storage
 * (PageImagesService) both decide with this, so they agree on which images have a copy.
 */
export function planImage(
  bytes: Buffer,
  mediaType: string,
  limits: ImageLimits,
): 'as-is' | 'shrink' | { unavailable: string } {
  const size = imageDimensions(bytes, mediaType);
  if (size && size.width * size.height > limits.maxPixels) {
    return {
      unavailable:
        `it is ${size.width} × ${size.height} pixels, more than the ` +
        `${megapixels(limits.maxPixels)} limit`,
    };
  }
  return size && embedsAsIs(bytes, mediaType, size) ? 'as-is' : 'shrink';
}

/** Gives the page copy of an image that needs one: kept in storage, or made on the spot. */
export type PageCopyLoader = () => Promise<PreparedImage>;

/**
 * The bytes to embed, or why the image is not shown. Never decodes on the event loop. An image
 * that needs shrinking comes from `pageCopy` when given (the stored copy, the same bytes sharp
 * makes here: storage is its cache, not each thread's memory), else it is shrunk here.
 */
export async function prepareImage(
  bytes: Buffer,
  mediaType: string,
  limits: ImageLimits,
  pageCopy?: PageCopyLoader,
): Promise<PreparedImage> {
  const plan = planImage(bytes, mediaType, limits);
  if (plan === 'as-is') return { bytes };
  if (plan !== 'shrink') return plan;
  if (pageCopy) return pageCopy();
  const key = `${mediaType} ${limits.maxPixels} ${createHash('sha256').update(bytes).digest('hex')}`;
  const kept = shrunk.get(key);
  if (kept) {
    shrunk.delete(key); // most recently used goes last
    shrunk.set(key, kept);
    return { bytes: kept };
  }
  const prepared = await shrinkImage(bytes, mediaType, limits);
  return 'bytes' in prepared ? { bytes: remember(key, prepared.bytes) } : prepared;
}

/**
 * The smaller copy of an image `planImage` says to shrink, or why it cannot be shown (sharp
 * refused it: too many pixels after all, or not an image). sharp works in libuv's thread pool.
 */
export async function shrinkImage(
  bytes: Buffer,
  mediaType: string,
  limits: ImageLimits,
): Promise<PreparedImage> {
  try {
    return { bytes: await shrink(bytes, mediaType, limits) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { unavailable: /pixel limit/i.test(message) ? 'it has too many pixels' : message };
  }
}

/** Shrunk images by source, least recently used first; sharp gives the same bytes every time. */
const shrunk = new Map<string, Buffer>();
let shrunkBytes = 0;
export const SHRUNK_CACHE_BYTES = 64 * 1024 * 1024;

function remember(key: string, bytes: Buffer): Buffer {
  if (bytes.length > SHRUNK_CACHE_BYTES / 4) return bytes;
  shrunk.set(key, bytes);
  shrunkBytes += bytes.length;
  for (const [oldest, value] of shrunk) {
    if (shrunkBytes <= SHRUNK_CACHE_BYTES) break;
    shrunk.delete(oldest);
    shrunkBytes -= value.length;
  }
  return bytes;
}

function embedsAsIs(bytes: Buffer, mediaType: string, size: { width: number; height: number }) {
  if (size.width > MAX_EDGE_PX || size.height > MAX_EDGE_PX) return false;
  // A JPEG is embedded as DCT data, never decoded here, unless it is a big photo: the original is
  // attached beside it, so the page gets a smaller copy rather than a second 4 MB.
  if (mediaType === 'image/jpeg') return bytes.length <= MAX_AS_IS_JPEG_BYTES;
  if (mediaType !== 'image/png') return false;
  const png = readPng(bytes);
  if (!png) return true; // not readable: the renderer shows why, without decoding anything
  const decoded =
    png.interlaced || png.transparency || png.colourType === 4 || png.colourType === 6;
  return !decoded || size.width * size.height <= DECODED_IN_PROCESS_PIXELS;
}

async function shrink(bytes: Buffer, mediaType: string, limits: ImageLimits): Promise<Buffer> {
  const sharp = await loadSharp();
  const pipeline = sharp(bytes, { limitInputPixels: limits.maxPixels, sequentialRead: true })
    .rotate() // EXIF orientation, applied before the orientation tag is dropped
    .resize({ width: MAX_EDGE_PX, height: MAX_EDGE_PX, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' });
  return mediaType === 'image/jpeg'
    ? pipeline.jpeg({ quality: 85 }).toBuffer()
    : pipeline.png({ compressionLevel: 6 }).toBuffer();
}
