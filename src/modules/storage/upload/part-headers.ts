/**
 * busboy silently skips a multipart part whose Content-Disposition it cannot parse —
 * `filename="a"b.txt"`, an unbalanced quote, a broken `filename*` — so such an upload used to
 * "succeed" with 201 and without its file. `PartHeaderScanner` reads the same bytes as busboy, one
 * chunk ahead of it, and judges every part's header block strictly (RFC 7578 / RFC 6266); multer's
 * `streamHandler` stops the upload at the first bad part, so the request answers 400 naming the
 * field and nothing it carried is kept.
 */

export interface PartProblem {
  /** The part's field name when it could be read, otherwise `files`. */
  field: string;
  message: string;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
/** busboy's own limit for one part's header block. */
const MAX_HEADER_BYTES = 16 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

type State = 'body' | 'boundary-line' | 'headers' | 'done';

export class PartHeaderScanner {
  private readonly delimiter: Buffer;
  /** The delimiter is CRLF--boundary; the very first one has no CRLF before it. */
  private pending: Buffer = Buffer.from('\r\n');
  private state: State = 'body';
  private parts = 0;

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  /** Feeds the next bytes of the body; returns the first problem found, once. */
  write(chunk: Buffer): PartProblem | undefined {
    if (this.state === 'done') return undefined;
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      if (this.state === 'body') {
        const at = buf.indexOf(this.delimiter, pos);
        if (at < 0) {
          this.pending = buf.subarray(Math.max(pos, buf.length - this.delimiter.length + 1));
          return undefined;
        }
        pos = at + this.delimiter.length;
        this.state = 'boundary-line';
      } else if (this.state === 'boundary-line') {
        if (buf.length - pos < 2) break;
        if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) {
          this.state = 'done';
          return undefined;
        }
        const end = buf.indexOf(CRLF, pos);
        if (end < 0) {
          if (buf.length - pos > 256) return this.fail('files', 'a boundary line is malformed');
          break;
        }
        // Transport padding (spaces, tabs) may follow a boundary; nothing else may.
        if (!/^[ \t]*$/.test(buf.toString('latin1', pos, end))) {
          return this.fail('files', 'a boundary line is malformed');
        }
        pos = end + 2;
        this.state = 'headers';
        this.parts += 1;
      } else if (this.state === 'headers') {
        if (buf.length - pos >= 2 && buf[pos] === 0x0d && buf[pos + 1] === 0x0a) {
          return this.fail('files', `part ${this.parts} has no Content-Disposition header`);
        }
        const end = buf.indexOf(HEADER_END, pos);
        if (end < 0) {
          if (buf.length - pos > MAX_HEADER_BYTES) {
            return this.fail('files', `part ${this.parts} has headers larger than 16 KiB`);
          }
          break;
        }
        const problem = headerProblem(buf.toString('utf8', pos, end), this.parts);
        if (problem) return this.fail(problem.field, problem.message);
        // The body starts after the blank line; the delimiter that ends it brings its own CRLF.
        pos = end + HEADER_END.length;
        this.state = 'body';
      } else {
        return undefined;
      }
    }
    this.pending = buf.subarray(pos);
    return undefined;
  }

  private fail(field: string, message: string): PartProblem {
    this.state = 'done';
    this.pending = Buffer.alloc(0);
    return { field, message };
  }
}

/** The boundary of a multipart Content-Type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s"]{1,70}))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]) : undefined;
}

function headerProblem(block: string, part: number): PartProblem | undefined {
  let disposition: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    // A line without a name is a folded or broken header: busboy would mis-read it.
    if (!TOKEN.test(name))
      return { field: 'files', message: `part ${part} has a malformed header` };
    if (name.toLowerCase() !== 'content-disposition') continue;
    if (disposition !== undefined) {
      return { field: 'files', message: `part ${part} has two Content-Disposition headers` };
    }
    disposition = line.slice(colon + 1);
  }
  if (disposition === undefined) {
    return { field: 'files', message: `part ${part} has no Content-Disposition header` };
  }
  const parsed = parseDisposition(disposition);
  const field = parsed.params?.get('name') ?? 'files';
  if (parsed.error) {
    return { field, message: `part ${part} has a malformed Content-Disposition: ${parsed.error}` };
  }
  if (!parsed.params?.has('name')) {
    return { field, message: `part ${part} has no field name` };
  }
  return undefined;
}

interface Disposition {
  params?: Map<string, string>;
  error?: string;
}

/** `form-data; name="files"; filename="a.txt"`, strictly: every quote closed, nothing left over. */
export function parseDisposition(value: string): Disposition {
  const params = new Map<string, string>();
  const type = /^[ \t]*([^;\s]+)[ \t]*/.exec(value);
  if (!type || type[1].toLowerCase() !== 'form-data') {
    return { params, error: 'it is not form-data' };
  }
  let pos = type[0].length;
  while (pos < value.length) {
    const separator = /^;[ \t]*/.exec(value.slice(pos));
    if (!separator) return { params, error: 'unexpected text after a value (an unescaped quote?)' };
    pos += separator[0].length;
    if (pos >= value.length) break; // a trailing ";" is harmless
    const key = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*=[ \t]*/.exec(value.slice(pos));
    if (!key) return { params, error: 'a parameter has no name or no value' };
    const name = key[1].toLowerCase();
    pos += key[0].length;
    const read = value[pos] === '"' ? quoted(value, pos) : token(value, pos);
    if ('error' in read) return { params, error: read.error };
    if (params.has(name)) return { params, error: `the parameter ${name} appears twice` };
    if (name === 'filename*' && !isExtendedValue(read.text)) {
      return { params, error: 'filename* is not a valid UTF-8 extended value' };
    }
    params.set(name, read.text);
    pos = read.end;
    const space = /^[ \t]*/.exec(value.slice(pos));
    pos += space ? space[0].length : 0;
  }
  return { params };
}

type Read = { text: string; end: number } | { error: string };

function quoted(value: string, start: number): Read {
  let text = '';
  for (let i = start + 1; i < value.length; i++) {
    const c = value[i];
    const code = c.charCodeAt(0);
    if (c === '"') return { text, end: i + 1 };
    if (c === '\\' && i + 1 < value.length) {
      text += value[++i];
      continue;
    }
    if ((code < 0x20 && c !== '\t') || code === 0x7f) {
      return { error: 'a quoted value holds a control character' };
    }
    text += c;
  }
  return { error: 'a quoted value is not closed' };
}

function token(value: string, start: number): Read {
  const match = /^[^;\s"]+/.exec(value.slice(start));
  if (!match) return { error: 'a parameter has an empty value' };
  return { text: match[0], end: start + match[0].length };
}

/** RFC 5987: `UTF-8'lang'percent-encoded`, decoding to valid UTF-8. */
function isExtendedValue(text: string): boolean {
  const match = /^utf-8'[A-Za-z0-9-]*'((?:%[0-9A-Fa-f]{2}|[!#$&+.^_`|~0-9A-Za-z-])*)$/i.exec(text);
  if (!match) return false;
  try {
    decodeURIComponent(match[1]);
    return true;
  } catch {
    return false;
  }
}
