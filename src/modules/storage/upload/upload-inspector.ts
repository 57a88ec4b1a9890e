/**
 * A pass-through stream that learns what an upload is while it flows to storage, without ever
 * holding more than its first few KiB: it counts and hashes every byte, stops at the size limit,
 * holds back the first 4100 bytes until file-type has sniffed them and the media type is decided,
 * for text types, proves the whole stream is UTF-8 without NUL bytes, and for an OOXML file whose
 * head showed only "a zip", keeps the last MiB to read the zip's central directory. Any refusal
 * errors the stream, so `FileStorage.write` discards what it had written.
 */
import { fileTypeFromBuffer } from 'file-type';
import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { MediaTypeRule } from './media-types.js';
import { ImageDimensionsProbe } from './image-dimensions.js';
import { emptyFile, fileTooLarge, imageTooLarge, unsupportedFile } from './upload-errors.js';
import { decideMediaType, extensionOf, MediaTypeDecision } from './upload-rules.js';
import { zipEntryNames } from './zip-directory.js';

/** file-type's `reasonableDetectionSizeInBytes`. */
export const SNIFF_BYTES = 4100;
/** Where a notebook's `nbformat` key may sit: Jupyter sorts keys, so it is near the end. */
const JSON_KEY_WINDOW = 4096;
/** Room for an OOXML central directory: ~80 bytes an entry, so thousands of entries. */
const ZIP_TAIL_WINDOW = 1024 * 1024;

export interface UploadInspectorOptions {
  field: string;
  fileName: string;
  maxBytes: number;
  allowed: ReadonlySet<string>;
  /** Images whose header claims more pixels (width × height) are refused. */
  maxImagePixels?: number;
}

/** Images whose dimensions the header gives away. */
const MEASURED_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export interface Inspection {
  rule: MediaTypeRule;
  size: number;
  sha256: string;
}

/** The last `limit` bytes of a stream, kept as the chunks themselves: no copy per chunk. */
class Tail {
  private chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.chunks.length > 1 && this.bytes - this.chunks[0].length >= this.limit) {
      this.bytes -= (this.chunks.shift() as Buffer).length;
    }
  }

  includes(needle: string): boolean {
    return this.buffer().includes(needle);
  }

  buffer(): Buffer {
    return Buffer.concat(this.chunks).subarray(-this.limit);
  }
}

function isUtf8Head(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

async function sniff(head: Buffer): Promise<string | undefined> {
  try {
    return (await fileTypeFromBuffer(head.subarray(0, SNIFF_BYTES)))?.mime;
  } catch {
    return undefined; // a parser failure proves nothing: text checks still apply
  }
}

export class UploadInspector extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private decision?: MediaTypeDecision;
  private decoder?: TextDecoder;
  private firstBytes = Buffer.alloc(0);
  private tail?: Tail;
  private inspection?: Inspection;
  private image?: ImageDimensionsProbe;

  constructor(private readonly options: UploadInspectorOptions) {
    super();
  }

  /** Available once the stream has finished without error. */
  get result(): Inspection {
    if (!this.inspection) throw new Error('Upload inspection has not finished');
    return this.inspection;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.options.maxBytes) {
      callback(fileTooLarge(this.options.field, this.options.fileName, this.options.maxBytes));
      return;
    }
    this.hash.update(chunk);
    if (this.decision) {
      this.tail?.add(chunk);
      try {
        this.measure(chunk);
      } catch (error) {
        callback(error as Error);
        return;
      }
      this.passOn(chunk, callback);
      return;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes < SNIFF_BYTES) {
      callback();
      return;
    }
    this.decideAndRelease().then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.finish().then(() => callback(), callback);
  }

  private passOn(chunk: Buffer, callback: TransformCallback): void {
    try {
      this.checkText(chunk);
      callback(null, chunk);
    } catch (error) {
      callback(error as Error);
    }
  }

  private async decideAndRelease(): Promise<void> {
    const head = Buffer.concat(this.held);
    this.held = [];
    const outcome = decideMediaType({
      fileName: this.options.fileName,
      sniffed: await sniff(head),
      headIsText: isUtf8Head(head.subarray(0, SNIFF_BYTES)),
      allowed: this.options.allowed,
    });
    if ('refused' in outcome) throw this.refuse(outcome.refused);
    this.decision = outcome.decision;
    const { mustBeText, verifyContainer, rule } = this.decision;
    if (mustBeText) this.decoder = new TextDecoder('utf-8', { fatal: true });
    if (verifyContainer) this.tail = new Tail(ZIP_TAIL_WINDOW);
    if (rule.jsonObjectKey) this.tail = new Tail(JSON_KEY_WINDOW);
    this.firstBytes = head.subarray(0, SNIFF_BYTES);
    if (this.options.maxImagePixels && MEASURED_IMAGES.has(rule.mediaType)) {
      this.image = new ImageDimensionsProbe(rule.mediaType);
      this.measure(head);
    }
    this.tail?.add(head);
    this.checkText(head);
    const key = this.decision.rule.jsonObjectKey;
    if (key && !this.firstText().startsWith('{')) throw this.notJsonObject(key);
    this.push(head);
  }

  private async finish(): Promise<void> {
    if (this.size === 0) throw emptyFile(this.options.field, this.options.fileName);
    if (!this.decision) await this.decideAndRelease();
    const decision = this.decision as MediaTypeDecision;
    if (this.decoder) {
      try {
        this.decoder.decode(); // fatal: a multi-byte character cut off at the end
      } catch {
        throw this.notText();
      }
    }
    if (decision.rule.jsonObjectKey) this.checkJsonObject(decision.rule.jsonObjectKey);
    this.image?.end();
    if (decision.verifyContainer) this.checkOoxml(decision.rule);
    this.inspection = { rule: decision.rule, size: this.size, sha256: this.hash.digest('hex') };
  }

  /** Refuses an image as soon as its header shows more pixels than allowed: no byte is kept. */
  private measure(chunk: Buffer): void {
    if (!this.image || this.image.dimensions !== undefined) return;
    const dimensions = this.image.feed(chunk);
    const max = this.options.maxImagePixels as number;
    if (dimensions && dimensions.width * dimensions.height > max) {
      throw imageTooLarge(this.options.field, this.options.fileName, dimensions, max);
    }
  }

  private checkText(chunk: Buffer): void {
    if (!this.decoder) return;
    if (chunk.includes(0)) throw this.notText();
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      throw this.notText();
    }
  }

  /** Cheap structural check, not a parse: a JSON object that mentions the key near either end. */
  private checkJsonObject(key: string): void {
    const needle = `"${key}"`;
    if (!this.firstBytes.includes(needle) && !this.tail?.includes(needle)) {
      throw this.notJsonObject(key);
    }
  }

  /** The head showed only "a zip": the central directory must show an OOXML package. */
  private checkOoxml(rule: MediaTypeRule): void {
    const names = zipEntryNames((this.tail as Tail).buffer()) ?? [];
    const folder = rule.ooxmlFolder ?? '';
    if (names.includes('[Content_Types].xml') && names.some((n) => n.startsWith(folder))) return;
    const extension = extensionOf(this.options.fileName);
    throw this.refuse(
      `the content is a zip archive, not the document its extension "${extension}" names`,
    );
  }

  private firstText(): string {
    return this.firstBytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
  }

  private notJsonObject(key: string): Error {
    return this.refuse(`the content is not a JSON object with "${key}", as a notebook must be`);
  }

  private notText(): Error {
    const extension = extensionOf(this.options.fileName) || 'plain text';
    return this.refuse(`the content is binary, not UTF-8 text as ${extension} must be`);
  }

  private refuse(reason: string): Error {
    return unsupportedFile(this.options.field, this.options.fileName, reason);
  }
}
