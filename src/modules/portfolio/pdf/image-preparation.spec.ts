import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { pngBomb } from '../../../../test/support/image-bombs.js';
import { makePng } from '../../../../test/support/portfolio-fixtures.js';
import { imageDimensions } from '../../storage/upload/image-dimensions.js';
import { prepareImage } from './image-preparation.js';
import { readPng } from './png-image.js';

const limits = { maxPixels: 50_000_000 };

describe('prepareImage', () => {
  it('refuses by the header alone what claims more pixels than the limit', async () => {
    const bomb = await pngBomb(12_000, 12_000);
    await expect(prepareImage(bomb, 'image/png', limits)).resolves.toEqual({
      unavailable: 'it is 12000 × 12000 pixels, more than the 50 megapixels limit',
    });
  });

  it('keeps sharp’s own pixel cap when the header cannot be read', async () => {
    // A PNG labelled as JPEG: the header reader finds no JPEG frame, sharp sees the pixels.
    const prepared = await prepareImage(makePng(1200, 1000), 'image/jpeg', {
      maxPixels: 1_000_000,
    });
    expect(prepared).toEqual({ unavailable: 'it has too many pixels' });
  });

  it('embeds small JPEGs and opaque PNGs byte for byte', async () => {
    const png = makePng(800, 600);
    await expect(prepareImage(png, 'image/png', limits)).resolves.toEqual({ bytes: png });
    const jpeg = await sharp(png).jpeg().toBuffer();
    await expect(prepareImage(jpeg, 'image/jpeg', limits)).resolves.toEqual({ bytes: jpeg });
  });

  it('shrinks large images and flattens large transparent ones into opaque PNGs', async () => {
    const prepared = await prepareImage(makePng(3000, 1500, 1, 0, true), 'image/png', limits);
    if (!('bytes' in prepared)) throw new Error(prepared.unavailable);
    expect(imageDimensions(prepared.bytes, 'image/png')).toEqual({ width: 2000, height: 1000 });
    expect(readPng(prepared.bytes)).toMatchObject({ colourType: 2, transparency: false });
  });

  it('shrinks the same image once: the next PDF gets the kept result', async () => {
    const photo = await sharp(makePng(2600, 1800, 9, 40))
      .jpeg({ quality: 80 })
      .toBuffer();
    const first = await prepareImage(photo, 'image/jpeg', limits);
    const second = await prepareImage(Buffer.from(photo), 'image/jpeg', limits);
    if (!('bytes' in first) || !('bytes' in second)) throw new Error('not shown');
    expect(second.bytes).toBe(first.bytes); // the very same buffer: not decoded again
    expect(imageDimensions(first.bytes, 'image/jpeg')).toEqual({ width: 2000, height: 1385 });
  });
});
