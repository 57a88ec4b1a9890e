import { deflateSync, inflateSync } from 'node:zlib';

/**
 * PNG embedding without pdfkit's PNG reader, which copies the compressed data into a JavaScript
 * array byte by byte (about 0.1 s and 12 MB of heap per megabyte of PNG). A PDF image can use the
 * PNG's own compressed data as it is, so for opaque PNGs this only gathers the IDAT chunks; PNGs
 * with an alpha channel are decoded natively and split into colour and soft mask. Interlaced,
 * 16-bit-with-alpha and tRNS-transparency PNGs are left to pdfkit (returns undefined).
 */
export interface EmbeddableImage {
  width: number;
  height: number;
  label: string;
  obj: PDFKit.PDFKitReference;
  embed(): void;
}

export interface Png {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  interlaced: boolean;
  palette?: Buffer;
  transparency: boolean;
  data: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOURS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 1, 6: 3 };

export function embedPng(
  pdf: PDFKit.PDFDocument,
  bytes: Buffer,
  label: string,
): EmbeddableImage | undefined {
  const png = readPng(bytes);
  if (!png || png.interlaced || png.transparency) return undefined;
  const colours = COLOURS[png.colourType];
  const alpha = png.colourType === 4 || png.colourType === 6;
  if (colours === undefined || (alpha && png.depth !== 8)) return undefined;
  const colourSpace =
    png.colourType === 3
      ? ['Indexed', 'DeviceRGB', (png.palette?.length ?? 3) / 3 - 1, paletteRef(pdf, png)]
      : colours === 1
        ? 'DeviceGray'
        : 'DeviceRGB';
  const image = {
    Type: 'XObject',
    Subtype: 'Image',
    Width: png.width,
    Height: png.height,
    BitsPerComponent: png.depth,
    ColorSpace: colourSpace,
    Filter: 'FlateDecode',
  };
  let obj: PDFKit.PDFKitReference;
  if (!alpha) {
    const params = {
      Predictor: 15,
      Colors: colours,
      BitsPerComponent: png.depth,
      Columns: png.width,
    };
    obj = pdf.ref({ ...image, DecodeParms: params });
    obj.end(png.data);
  } else {
    const { colour, mask } = splitAlpha(png, colours);
    obj = pdf.ref(mask ? { ...image, SMask: maskRef(pdf, png, mask) } : image);
    obj.end(deflateSync(colour));
  }
  return { width: png.width, height: png.height, label, obj, embed: () => undefined };
}

function paletteRef(pdf: PDFKit.PDFDocument, png: Png): PDFKit.PDFKitReference {
  const ref = pdf.ref({});
  ref.end(png.palette ?? Buffer.alloc(3));
  return ref;
}

function maskRef(pdf: PDFKit.PDFDocument, png: Png, mask: Buffer): PDFKit.PDFKitReference {
  const ref = pdf.ref({
    Type: 'XObject',
    Subtype: 'Image',
    Width: png.width,
    Height: png.height,
    BitsPerComponent: 8,
    ColorSpace: 'DeviceGray',
    Filter: 'FlateDecode',
  });
  ref.end(deflateSync(mask));
  return ref;
}

/** Reads the header and gathers the compressed data; undefined if this is not a PNG. */
export function readPng(bytes: Buffer): Png | undefined {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE)) return undefined;
  const idat: Buffer[] = [];
  let png: Omit<Png, 'data'> | undefined;
  let pos = 8;
  while (pos + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    const body = bytes.subarray(pos + 8, pos + 8 + length);
    if (body.length < length) return undefined;
    if (type === 'IHDR') {
      png = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8],
        colourType: body[9],
        interlaced: body[12] === 1,
        transparency: false,
      };
    } else if (type === 'PLTE' && png) png.palette = body;
    else if (type === 'tRNS' && png) png.transparency = true;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + length;
  }
  if (!png || idat.length === 0) return undefined;
  return { ...png, data: idat.length === 1 ? idat[0] : Buffer.concat(idat) };
}

/** Undoes the PNG row filters and separates the alpha channel (undefined if fully opaque). */
export function splitAlpha(png: Png, colours: number): { colour: Buffer; mask?: Buffer } {
  const raw = inflateSync(png.data);
  const bpp = colours + 1;
  const stride = png.width * bpp;
  const pixels = Buffer.alloc(stride * png.height);
  for (let y = 0; y < png.height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? pixels[row + x - bpp] : 0;
      const b = y > 0 ? pixels[row - stride + x] : 0;
      const c = x >= bpp && y > 0 ? pixels[row - stride + x - bpp] : 0;
      pixels[row + x] = raw[src + x] + predict(filter, a, b, c);
    }
  }
  const count = png.width * png.height;
  const colour = Buffer.alloc(count * colours);
  const mask = Buffer.alloc(count);
  let opaque = true;
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < colours; k++) colour[i * colours + k] = pixels[i * bpp + k];
    mask[i] = pixels[i * bpp + colours];
    if (mask[i] !== 255) opaque = false;
  }
  return opaque ? { colour } : { colour, mask };
}

function predict(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      return 0;
  }
}
