import { createHash } from 'node:crypto';
import { constants, deflateSync } from 'node:zlib';
import { formatSize } from './format.js';
import type { PortfolioFile } from './portfolio-document.js';
import type { RenderContext } from './render-context.js';
import { endStreamAsIs, type StreamRef } from './pdfkit-internals.js';

const ICON = 11;

/** An attached file whose bytes are still to be written into the PDF. */
export interface Attachment {
  /**
   * Writes the file into the PDF, once: compressed formats as they are, handed on without a copy
   * unless `copy` (the bytes are read again later); anything else deflated. Until it is written
   * the PDF cannot end.
   */
  write(options?: { copy?: boolean }): void;
}

/**
 * Embeds the original file in the PDF (listed in the viewer's attachments panel under `name`, with
 * its media type, size and SHA-256 in the description) and links it from the evidence section: a
 * paperclip annotation beside a line saying so, which opens the file. The embedded stream carries
 * no dates, so the same file gives the same bytes in every rendering. Its bytes go in when the
 * caller says (Attachment.write): once nothing else reads them, they need not be copied.
 */
export function attachFile(
  ctx: RenderContext,
  file: PortfolioFile,
  name: string,
  bytes: Buffer,
): Attachment {
  const { c, t } = ctx;
  const description = `${file.name} (${file.mediaType}, ${formatSize(file.size)}) SHA-256 ${file.sha256.toLowerCase()}`;
  const { spec, write } = embedFile(
    c.pdf,
    bytes,
    checksumOf(ctx, file, bytes),
    name,
    file.mediaType,
    description,
  );
  const style = c.style('regular', 'small', 'link');
  const lh = c.lineHeight(style);
  c.pdf.annotate(c.left, c.y + (lh - ICON) / 2, ICON, ICON, {
    Subtype: 'FileAttachment',
    FS: spec,
    Name: 'Paperclip',
    Contents: new String(`${t.text.evidenceFiles.attached}: ${name}`),
  } as never);
  c.label(t.text.evidenceFiles.attached, c.left + ICON + 5, c.y, style, {
    width: c.width - ICON - 5,
  });
  c.y += lh;
  return { write };
}

/** Files whose MD5 a thread remembers (16 bytes and a key each). */
const CHECKSUMS_KEPT = 10_000;
const remembered = new Map<string, Uint8Array>();

/**
 * The MD5 a PDF's embedded file carries as its CheckSum: the one the service kept (`file.md5`),
 * or else computed here, kept by the file's SHA-256 (computed as it was uploaded) for this
 * thread's later renderings, and handed back with the rendering's result for the service to keep
 * (RenderContext.checksums). Hashing every file in every rendering was a tenth of a PDF worker's
 * time (60 ms of a 50 MB draft).
 */
function checksumOf(ctx: RenderContext, file: PortfolioFile, bytes: Buffer): Uint8Array {
  if (file.md5) return new Uint8Array(Buffer.from(file.md5, 'hex'));
  const key = `${file.sha256.toLowerCase()} ${bytes.length}`;
  let sum = remembered.get(key);
  if (!sum) {
    sum = new Uint8Array(createHash('md5').update(bytes).digest());
    if (remembered.size >= CHECKSUMS_KEPT) remembered.delete(remembered.keys().next().value!);
    remembered.set(key, sum);
  }
  ctx.checksums.set(file.sha256.toLowerCase(), Buffer.from(sum).toString('hex'));
  return sum;
}

/**
 * Bits per byte above which deflate's string matching finds next to nothing: base64 (6 bits), the
 * bulk of a notebook with plots, or hex dumps. Matching there costs 25 ms a megabyte and saves
 * nothing that Huffman codes alone (7 ms) do not; source code, CSV and prose (4–5 bits) are
 * matched as usual.
 */
const UNMATCHABLE_BITS = 5.6;

/** The file deflated for its stream, by the cheaper strategy when matching would be wasted. */
function deflated(bytes: Buffer): Buffer {
  const strategy =
    entropyBits(bytes) > UNMATCHABLE_BITS ? constants.Z_HUFFMAN_ONLY : constants.Z_DEFAULT_STRATEGY;
  return deflateSync(bytes, { strategy });
}

/** Shannon entropy of the bytes' frequencies, in bits per byte (0–8), from every 7th byte. */
export function entropyBits(bytes: Uint8Array): number {
  const counts = new Uint32Array(256);
  let n = 0;
  for (let i = 0; i < bytes.length; i += 7, n++) counts[bytes[i]]++;
  let bits = 0;
  for (const count of counts) if (count) bits -= (count / n) * Math.log2(count / n);
  return bits;
}

/** Compressed already: deflating them again costs CPU and saves nothing. */
const PRECOMPRESSED =
  /^(image\/(png|jpeg|gif|webp)|application\/(pdf|zip)|video\/|application\/vnd\.)/;

type Kit = PDFKit.PDFDocument & {
  ref(data: object): StreamRef;
  addNamedEmbeddedFile(name: string, ref: StreamRef): void;
  _root: { data: Record<string, unknown> };
};

/**
 * What pdfkit's file() writes (an EmbeddedFile stream, its file specification in the document's
 * EmbeddedFiles and AF), except that compressed formats are stored as they are, without pdfkit's
 * copy (endStreamAsIs: the EPA pack's 50 MB of photos were copied once more in every rendering),
 * and the stream is written by `write`, so its bytes can be let go before the next file is read.
 */
function embedFile(
  pdf: PDFKit.PDFDocument,
  bytes: Buffer,
  checksum: Uint8Array,
  name: string,
  mediaType: string,
  description: string,
): { spec: StreamRef; write: Attachment['write'] } {
  const kit = pdf as Kit;
  const stream = kit.ref({
    Type: 'EmbeddedFile',
    Subtype: mediaType.replace(/[^\w.+-]/g, (ch) => `#${ch.charCodeAt(0).toString(16)}`),
    Params: {
      Size: bytes.length,
      CheckSum: checksum,
    },
  });
  let written = false;
  const write = ({ copy = false } = {}) => {
    if (written) return;
    written = true;
    if (PRECOMPRESSED.test(mediaType)) {
      endStreamAsIs(pdf, stream, copy ? new Uint8Array(bytes) : bytes);
    } else {
      stream.data.Filter = 'FlateDecode';
      endStreamAsIs(pdf, stream, deflated(bytes));
    }
  };
  const spec = kit.ref({
    Type: 'Filespec',
    AFRelationship: 'Source',
    F: new String(name),
    UF: new String(name),
    EF: { F: stream },
    Desc: new String(description),
  });
  spec.end();
  kit.addNamedEmbeddedFile(name, spec);
  const af = (kit._root.data.AF as StreamRef[] | undefined) ?? [];
  kit._root.data.AF = [...af, spec];
  return { spec, write };
}
