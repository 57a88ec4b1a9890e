/**
 * Bytes another thread can be handed without a copy. A Buffer that is the whole of its memory is
 * moved, so this side holds none of it even as garbage: the caller passes only buffers that are
 * its own to give away (a file read for the worker's task, as FileStorage.readBuffer gives: 58 MB
 * of files in the EPA pack bench; a PDF worker's output, built afresh by pdfkit). Anything else
 * may still be in use here (a page copy just made is also being stored; a small buffer shares
 * Node's pool) and is copied.
 */
export function transferable(loaded: Buffer | { bytes: Buffer }): Uint8Array<ArrayBuffer> {
  if (
    Buffer.isBuffer(loaded) &&
    loaded.byteOffset === 0 &&
    loaded.byteLength === loaded.buffer.byteLength &&
    loaded.buffer instanceof ArrayBuffer
  ) {
    return new Uint8Array(loaded.buffer);
  }
  return new Uint8Array(Buffer.isBuffer(loaded) ? loaded : loaded.bytes);
}
