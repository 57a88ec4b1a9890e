/**
 * Reads the entry names of a zip archive from its last bytes (the central directory sits at the
 * end). OOXML producers may put `[Content_Types].xml` after the first 4 KiB, where file-type sees
 * only "a zip"; the upload inspector keeps the tail of such a file as it streams past and checks
 * the names here, so a plain zip renamed `.docx` is refused without reading the file twice.
 */

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_RECORD_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;

function findEndOfDirectory(tail: Buffer): number {
  const earliest = Math.max(0, tail.length - END_RECORD_BYTES - MAX_COMMENT_BYTES);
  for (let at = tail.length - END_RECORD_BYTES; at >= earliest; at--) {
    if (tail.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  return -1;
}

/**
 * The entry names, or undefined when `tail` does not end with a complete central directory (not
 * a zip, a Zip64 archive, or a directory larger than the tail kept).
 */
export function zipEntryNames(tail: Buffer): string[] | undefined {
  const end = findEndOfDirectory(tail);
  if (end < 0) return undefined;
  const count = tail.readUInt16LE(end + 10);
  const size = tail.readUInt32LE(end + 12);
  if (count === 0xffff || size === 0xffffffff) return undefined;
  let at = end - size;
  if (at < 0) return undefined;
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || tail.readUInt32LE(at) !== DIRECTORY_ENTRY) return undefined;
    const nameLength = tail.readUInt16LE(at + 28);
    const extraLength = tail.readUInt16LE(at + 30);
    const commentLength = tail.readUInt16LE(at + 32);
    if (at + 46 + nameLength > end) return undefined;
    names.push(tail.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
