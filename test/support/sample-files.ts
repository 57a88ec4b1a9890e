/**
 * Small but genuine file samples for the upload tests (test-only; nothing in the app imports it):
 * each starts with the real signature of its format, so file-type sniffs it as it would a file
 * from a user, and zip-based office files are real zip archives.
 */
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
}
function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
}

/** A zip archive of stored (uncompressed) entries, in the given order. */
export function zipOf(entries: [name: string, content: Buffer | string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, raw] of entries) {
    const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    const fileName = Buffer.from(name);
    const common = [u16(20), u16(0), u16(0), u16(0), u16(0), u32(crc32(data))];
    const sizes = [u32(data.length), u32(data.length), u16(fileName.length), u16(0)];
    const local = Buffer.concat([u32(0x04034b50), ...common, ...sizes, fileName, data]);
    const central = Buffer.concat([
      u32(0x02014b50),
      u16(20),
      ...common,
      ...sizes,
      u16(0),
      u16(0),
      u16(0),
      u32(0),
      u32(offset),
      fileName,
    ]);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(entries.length),
    u16(entries.length),
    u32(directory.length),
    u32(offset),
    u16(0),
  ]);
  return Buffer.concat([...locals, directory, end]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid 1×1 PNG, padded with a text chunk to `minBytes`. */
export function png(minBytes = 0): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const pad = Buffer.alloc(Math.max(0, minBytes - 70), 0x20);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('tEXt', Buffer.concat([Buffer.from('Comment\0'), pad])),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const OOXML_CONTENT_TYPES = (main: string) =>
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/' +
  'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="' +
  `application/vnd.openxmlformats-officedocument.${main}.main+xml"/></Types>`;

export const samples = {
  pdf: () =>
    Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(600)]),
  png,
  jpeg: () =>
    Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
      Buffer.from('JFIF\0'),
      randomBytes(500),
    ]),
  gif: () =>
    Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), randomBytes(100)]),
  webp: () =>
    Buffer.concat([Buffer.from('RIFF'), u32(200), Buffer.from('WEBPVP8 '), randomBytes(200)]),
  mp4: (brand = 'isom') =>
    Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from(`ftyp${brand.padEnd(4)}`, 'latin1'),
      Buffer.from([0, 0, 2, 0]),
      Buffer.from('isommp41'),
      Buffer.from([0, 0, 0x01, 0x08]),
      Buffer.from('mdat'),
      randomBytes(256),
    ]),
  webm: () =>
    Buffer.concat([
      Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f]),
      Buffer.from([0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01]),
      Buffer.from([0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08]),
      Buffer.from([0x42, 0x82, 0x84]),
      Buffer.from('webm'),
      Buffer.from([0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02]),
      randomBytes(300),
    ]),
  /** `[Content_Types].xml` first: recognisable from the first 4 KiB. */
  docx: () =>
    zipOf([
      ['[Content_Types].xml', OOXML_CONTENT_TYPES('wordprocessingml.document')],
      ['word/document.xml', '<w:document/>'],
    ]),
  /** A large entry first, as some producers write: the first 4 KiB only show "a zip". */
  docxLateContentTypes: () =>
    zipOf([
      ['docProps/thumbnail.jpeg', randomBytes(8000)],
      ['word/document.xml', '<w:document/>'],
      ['[Content_Types].xml', OOXML_CONTENT_TYPES('wordprocessingml.document')],
    ]),
  xlsx: () =>
    zipOf([
      ['[Content_Types].xml', OOXML_CONTENT_TYPES('spreadsheetml.sheet')],
      ['xl/workbook.xml', '<workbook/>'],
    ]),
  odt: () =>
    zipOf([
      ['mimetype', 'application/vnd.oasis.opendocument.text'],
      ['content.xml', '<office:document-content/>'],
    ]),
  /** A zip that is no office document, with a large first entry (inconclusive head). */
  zip: () =>
    zipOf([
      ['data/weights.bin', randomBytes(8000)],
      ['README', 'model weights'],
    ]),
  exe: () => Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1'), randomBytes(500)]),
  notebook: () =>
    Buffer.from(
      JSON.stringify(
        {
          cells: [{ cell_type: 'code', source: ['print("hi")\n'.repeat(500)], outputs: [] }],
          metadata: { kernelspec: { name: 'python3' } },
          nbformat: 4,
          nbformat_minor: 5,
        },
        null,
        1,
      ),
    ),
  text: (content = 'Model card: accuracy 0.93 on the held-out set — ok ✓\n') =>
    Buffer.from(content),
};
