import { createHash } from 'node:crypto';
import { formatSize } from './format.js';
import type { PortfolioFile } from './portfolio-document.js';
import type { RenderContext } from './render-context.js';

const ICON = 11;

/**
 * Embeds the original file in the PDF (listed in the viewer's attachments panel under `name`, with
 * its media type, size and SHA-256 in the description) and links it from the evidence section: a
 * paperclip annotation beside a line saying so, which opens the file. The embedded stream carries
 * no dates, so the same file gives the same bytes in every rendering.
 */
export function attachFile(
  ctx: RenderContext,
  file: PortfolioFile,
  name: string,
  bytes: Buffer,
): void {
  const { c, t } = ctx;
  const description = `${file.name} (${file.mediaType}, ${formatSize(file.size)}) SHA-256 ${file.sha256.toLowerCase()}`;
  const spec = embedFile(c.pdf, bytes, name, file.mediaType, description);
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
}

/** Compressed already: deflating them again costs CPU and saves nothing. */
const PRECOMPRESSED =
  /^(image\/(png|jpeg|gif|webp)|application\/(pdf|zip)|video\/|application\/vnd\.)/;

interface KitRef {
  data: Record<string, unknown>;
  compress: boolean;
  end(chunk?: Buffer): void;
}

type Kit = PDFKit.PDFDocument & {
  ref(data: object): KitRef;
  addNamedEmbeddedFile(name: string, ref: KitRef): void;
  _root: { data: Record<string, unknown> };
};

/**
 * What pdfkit's file() writes (an EmbeddedFile stream, its file specification in the document's
 * EmbeddedFiles and AF), except that compressed formats are stored as they are and the stream
 * is written at once, so its bytes can be let go before the next file is read.
 */
function embedFile(
  pdf: PDFKit.PDFDocument,
  bytes: Buffer,
  name: string,
  mediaType: string,
  description: string,
): KitRef {
  const kit = pdf as Kit;
  const stream = kit.ref({
    Type: 'EmbeddedFile',
    Subtype: mediaType.replace(/[^\w.+-]/g, (ch) => `#${ch.charCodeAt(0).toString(16)}`),
    Params: {
      Size: bytes.length,
      CheckSum: new Uint8Array(createHash('md5').update(bytes).digest()),
    },
  });
  stream.compress = !PRECOMPRESSED.test(mediaType);
  stream.end(bytes);
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
  const af = (kit._root.data.AF as KitRef[] | undefined) ?? [];
  kit._root.data.AF = [...af, spec];
  return spec;
}
