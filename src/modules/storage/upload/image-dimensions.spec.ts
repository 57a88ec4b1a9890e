import { describe, expect, it } from '@jest/globals';
import { jpegHeader } from '../../../../test/support/image-bombs.js';
import { makePng } from '../../../../test/support/portfolio-fixtures.js';
import { ImageDimensionsProbe, imageDimensions } from './image-dimensions.js';

function fed(bytes: Buffer, mediaType: string, size: number) {
  const probe = new ImageDimensionsProbe(mediaType);
  for (let at = 0; at < bytes.length && probe.dimensions === undefined; at += size) {
    probe.feed(bytes.subarray(at, at + size));
  }
  return probe.end();
}

describe('image dimensions from the header', () => {
  it.each([1, 7, 4096])('reads a PNG in chunks of %i bytes', (size) => {
    expect(fed(makePng(640, 480), 'image/png', size)).toEqual({ width: 640, height: 480 });
  });

  it.each([1, 3, 1000, 100_000])(
    'reads a JPEG whose frame header follows 70 KB of metadata, in chunks of %i',
    (size) => {
      const jpeg = Buffer.concat([
        jpegHeader(12_000, 9_000, 65_000).subarray(0, 2),
        // a second metadata segment, so the frame header is far past the first 4 KB
        jpegHeader(1, 1, 5_000).subarray(2, 2 + 5_004),
        jpegHeader(12_000, 9_000, 65_000).subarray(2),
      ]);
      expect(fed(jpeg, 'image/jpeg', size)).toEqual({ width: 12_000, height: 9_000 });
    },
  );

  it('reads GIF and WebP headers', () => {
    const gif = Buffer.concat([
      Buffer.from('GIF89a'),
      Buffer.from([0x20, 0x03, 0x58, 0x02]),
      Buffer.alloc(30),
    ]);
    expect(imageDimensions(gif, 'image/gif')).toEqual({ width: 800, height: 600 });
    const vp8x = Buffer.alloc(30);
    vp8x.write('RIFF', 0, 'latin1');
    vp8x.write('WEBPVP8X', 8, 'latin1');
    vp8x.writeUIntLE(15_999, 24, 3);
    vp8x.writeUIntLE(8_999, 27, 3);
    expect(imageDimensions(vp8x, 'image/webp')).toEqual({ width: 16_000, height: 9_000 });
  });

  it('says it cannot tell for a truncated or foreign header', () => {
    expect(imageDimensions(Buffer.from([0xff, 0xd8, 0xff]), 'image/jpeg')).toBeNull();
    expect(imageDimensions(Buffer.from('not a jpeg at all'), 'image/jpeg')).toBeNull();
    expect(imageDimensions(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2]), 'image/jpeg')).toBeNull();
    expect(imageDimensions(Buffer.alloc(40), 'image/png')).toBeNull();
  });
});
