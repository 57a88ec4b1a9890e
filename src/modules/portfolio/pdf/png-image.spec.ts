import { describe, expect, it } from '@jest/globals';
import { deflateSync } from 'node:zlib';
import { readPng, splitAlpha } from './png-image.js';
import { makePng, pngChunk } from './sample-portfolio.js';

/** An RGBA PNG whose rows use each of the five PNG filters in turn. */
function filteredPng(width: number, height: number, pixels: Buffer): Buffer {
  const bpp = 4;
  const stride = width * bpp;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const at = (yy: number, xx: number) => (yy < 0 || xx < 0 ? 0 : pixels[yy * stride + xx]);
      const [a, b, c] = [at(y, x - bpp), at(y - 1, x), at(y - 1, x - bpp)];
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      raw[y * (stride + 1) + 1 + x] = (pixels[y * stride + x] - predictor) & 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('PNG embedding', () => {
  it('reads the header and the compressed data without decoding it', () => {
    const png = readPng(makePng(64, 32, 3));
    expect(png).toMatchObject({
      width: 64,
      height: 32,
      depth: 8,
      colourType: 2,
      interlaced: false,
    });
    expect(readPng(Buffer.from('GIF89a not a png at all, not at all'))).toBeUndefined();
  });

  it('undoes every row filter and splits off the alpha channel', () => {
    const [width, height] = [7, 10];
    const pixels = Buffer.alloc(width * height * 4);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + (i >> 3) * 11) & 255;
    const png = readPng(filteredPng(width, height, pixels))!;
    const { colour, mask } = splitAlpha(png, 3);
    for (let i = 0; i < width * height; i++) {
      expect([...colour.subarray(i * 3, i * 3 + 3)]).toEqual([
        ...pixels.subarray(i * 4, i * 4 + 3),
      ]);
      expect(mask![i]).toBe(pixels[i * 4 + 3]);
    }
  });

  it('drops the soft mask of an image that is fully opaque', () => {
    const pixels = Buffer.alloc(4 * 4 * 4, 255);
    const { mask } = splitAlpha(readPng(filteredPng(4, 4, pixels))!, 3);
    expect(mask).toBeUndefined();
  });
});
