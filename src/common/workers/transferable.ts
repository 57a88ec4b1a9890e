/**
 * Bytes a worker thread can be handed without a copy. A file read for the worker's task (a Buffer
 * of its own, as FileStorage.readBuffer gives) moves to the worker whole, so the main thread holds
 * none of it even as garbage (a PDF render: 58 MB of files in the EPA pack bench). Anything else
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
