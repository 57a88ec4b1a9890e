/**
 * An image's width and height from its header, read as the bytes stream past, without decoding
 * a pixel. A 560 KB PNG can claim 12,000 × 12,000 pixels (576 MB once decoded): the header is
 * the only safe place to find that out. PNG, GIF and WebP say it in their first 30 bytes; a JPEG
 * says it in its SOF segment, after any number of metadata segments (EXIF, ICC), so JPEG is read
 * segment by segment, skipping bodies without holding them.
 */

export interface Dimensions {
  width: number;
  height: number;
}

/** Where a JPEG's header may end at the latest: metadata segments are at most 64 KiB each. */
const MAX_JPEG_HEADER_BYTES = 4 * 1024 * 1024;
const HEAD_BYTES = 32;

/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (m: number) =>
  m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Markers with no length: TEM, RST0–7, SOI, EOI. */
const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd9);

export class ImageDimensionsProbe {
  private head = Buffer.alloc(0);
  private result?: Dimensions | null;
  // JPEG state: bytes of the current segment body still to skip, and the bytes seen.
  private seen = 0;
  private skip = 0;
  private segment: number[] = [];

  /** `mediaType` as decided by the upload inspector: image/png, image/jpeg, image/gif, image/webp. */
  constructor(private readonly mediaType: string) {}

  /** Dimensions once known; null when the header does not tell (or is not one); undefined: feed more. */
  get dimensions(): Dimensions | null | undefined {
    return this.result;
  }

  feed(chunk: Uint8Array): Dimensions | null | undefined {
    if (this.result !== undefined) return this.result;
    if (this.mediaType === 'image/jpeg') return this.feedJpeg(chunk);
    if (this.head.length < HEAD_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    }
    if (this.head.length < HEAD_BYTES) return undefined;
    this.result = fixedHeader(this.mediaType, this.head);
    return this.result;
  }

  /** The stream ended: whatever is known now is all there will be. */
  end(): Dimensions | null {
    if (this.result === undefined) {
      this.result = this.mediaType === 'image/jpeg' ? null : fixedHeader(this.mediaType, this.head);
    }
    return this.result;
  }

  private feedJpeg(chunk: Uint8Array): Dimensions | null | undefined {
    for (let i = 0; i < chunk.length && this.result === undefined; i++) {
      this.seen += 1;
      if (this.seen > MAX_JPEG_HEADER_BYTES) return (this.result = null);
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        this.seen += n - 1;
        i += n - 1;
        continue;
      }
      this.segment.push(chunk[i]);
      this.result = this.step();
    }
    return this.result;
  }

  /** Reads the marker and length (and, for SOF, the size) collected in `segment`. */
  private step(): Dimensions | null | undefined {
    const s = this.segment;
    if (this.seen <= 2) {
      if (s[this.seen - 1] !== [0xff, 0xd8][this.seen - 1]) return null;
      if (this.seen === 2) this.segment = [];
      return undefined;
    }
    if (s[0] !== 0xff) return null;
    if (s.length === 1) return undefined;
    if (s[1] === 0xff) {
      s.pop(); // fill byte
      return undefined;
    }
    const marker = s[1];
    if (isStandalone(marker)) {
      this.segment = [];
      return marker === 0xd9 ? null : undefined;
    }
    if (marker === 0xda) return null; // the scan starts with no frame header: not a JPEG we know
    if (s.length < 4) return undefined;
    const length = (s[2] << 8) | s[3];
    if (length < 2) return null;
    if (!isStartOfFrame(marker)) {
      this.skip = length - 2;
      this.segment = [];
      return undefined;
    }
    if (s.length < 9) return undefined;
    return { height: (s[5] << 8) | s[6], width: (s[7] << 8) | s[8] };
  }
}

function fixedHeader(mediaType: string, b: Buffer): Dimensions | null {
  switch (mediaType) {
    case 'image/png':
      // IHDR is always the first chunk.
      if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
      return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
    case 'image/gif':
      if (b.length < 10) return null;
      return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
    case 'image/webp':
      return webp(b);
    default:
      return null;
  }
}

function webp(b: Buffer): Dimensions | null {
  if (b.length < 30 || b.toString('latin1', 8, 12) !== 'WEBP') return null;
  switch (b.toString('latin1', 12, 16)) {
    case 'VP8X':
      return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
    case 'VP8L': {
      const bits = b.readUInt32LE(21);
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
    case 'VP8 ':
      return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    default:
      return null;
  }
}

/** The dimensions of a whole image held in memory. */
export function imageDimensions(bytes: Uint8Array, mediaType: string): Dimensions | null {
  const probe = new ImageDimensionsProbe(mediaType);
  return probe.feed(bytes) ?? probe.end();
}
