/**
 * Decompression bombs for the image tests and the reliability bench: PNGs whose header claims
 * many pixels while the file stays small (rows of zeros compress about a thousand to one). Made
 * by streaming one row at a time through deflate, so building a 576 MB bitmap costs no memory.
 */
import { once } from 'node:events';
import { crc32, createDeflate } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG of `width` × `height` blank pixels. `rgba` is the bomb (12,000² RGBA: 576 MB
 * decoded, about 560 KB stored); grey 1-bit gives the same pixel count in a few KB.
 */
export async function pngBomb(width: number, height: number, rgba = false): Promise<Buffer> {
  const [depth, colourType, bitsPerPixel] = rgba ? [8, 6, 32] : [1, 0, 1];
  const row = Buffer.alloc(1 + Math.ceil((width * bitsPerPixel) / 8));
  const deflate = createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (c: Buffer) => compressed.push(c));
  for (let y = 0; y < height; y++) {
    if (!deflate.write(row)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([depth, colourType, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.concat(compressed)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A baseline JPEG header (SOI, a large APP1, SOF0) claiming `width` × `height`: enough to sniff. */
export function jpegHeader(width: number, height: number, app1Bytes = 10_000): Buffer {
  const app1 = Buffer.alloc(app1Bytes);
  app1.write('Exif\0\0', 0, 'latin1');
  const segment = (marker: number, data: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(data.length + 2, 2);
    return Buffer.concat([head, data]);
  };
  const sof = Buffer.alloc(15);
  sof[0] = 8;
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof[5] = 3;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe1, app1),
    segment(0xc0, sof),
    Buffer.alloc(64),
    Buffer.from([0xff, 0xd9]),
  ]);
}
