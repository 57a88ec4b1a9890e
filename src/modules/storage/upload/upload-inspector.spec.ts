/**
 * The inspector on real samples in small chunks: what it accepts, what it refuses, and that refused
 * content never passes through to storage.
 */
import { describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '../../../common/errors/error-code.js';
import { resolveAllowedMediaTypes } from './media-types.js';
import { samples } from '../../../../test/support/sample-files.js';
import { SNIFF_BYTES, UploadInspector } from './upload-inspector.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Splits `bytes` into chunks of `size`, as a socket would deliver them. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

function inspect(fileName: string, chunks: Buffer[], maxBytes = 1024 * 1024) {
  const inspector = new UploadInspector({
    field: 'files',
    fileName,
    maxBytes,
    allowed: resolveAllowedMediaTypes(),
  });
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
  const done = pipeline(Readable.from(chunks), inspector, sink).then(() => inspector.result);
  return { done, received };
}

async function refusal(fileName: string, bytes: Buffer, chunkSize = 1000, maxBytes?: number) {
  const { done, received } = inspect(fileName, chunked(bytes, chunkSize), maxBytes);
  const error = await done.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, passedOn: Buffer.concat(received).length };
}

describe('UploadInspector', () => {
  it.each([
    ['report.pdf', samples.pdf(), 'application/pdf'],
    ['chart.png', samples.png(), 'image/png'],
    ['chart.png', samples.png(20_000), 'image/png'],
    ['photo.jpg', samples.jpeg(), 'image/jpeg'],
    ['anim.gif', samples.gif(), 'image/gif'],
    ['pic.webp', samples.webp(), 'image/webp'],
    ['demo.mp4', samples.mp4(), 'video/mp4'],
    ['demo.mov', samples.mp4('qt'), 'video/quicktime'],
    ['demo.webm', samples.webm(), 'video/webm'],
    ['report.docx', samples.docx(), DOCX],
    ['notes.odt', samples.odt(), 'application/vnd.oasis.opendocument.text'],
    ['train.ipynb', samples.notebook(), 'application/x-ipynb+json'],
    ['notes.txt', samples.text(), 'text/plain'],
    ['README', samples.text(), 'text/plain'],
    ['train.py', samples.text('import torch\n'.repeat(2000)), 'text/x-python'],
  ])('accepts %s as %s, passing every byte on unchanged', async (fileName, bytes, mediaType) => {
    const { done, received } = inspect(fileName, chunked(bytes, 333));
    const result = await done;
    expect(result.rule.mediaType).toBe(mediaType);
    expect(result.size).toBe(bytes.length);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(Buffer.concat(received)).toEqual(bytes);
  });

  it('accepts an OOXML file whose head only shows a zip, by its central directory', async () => {
    const { done } = inspect('report.docx', chunked(samples.docxLateContentTypes(), 500));
    await expect(done).resolves.toMatchObject({ rule: { mediaType: DOCX } });
  });

  it.each([
    ['a plain zip', 'report.docx', samples.zip()],
    ['a docx', 'sheet.xlsx', samples.docxLateContentTypes()],
  ])('refuses %s named %s once its central directory shows what it is', async (_l, name, bytes) => {
    const { error } = await refusal(name, bytes);
    expect(error).toMatchObject({ code: ErrorCode.UnsupportedMediaType, message: /zip archive/ });
  });

  it.each([
    ['a PNG named .pdf', 'report.pdf', samples.png(), /image\/png.*"\.pdf"/],
    ['a zip named .txt', 'notes.txt', samples.zip(), /application\/zip.*"\.txt"/],
    ['an exe named .png', 'chart.png', samples.exe(), /x-msdownload.*"\.png"/],
    ['an exe without extension', 'tool', samples.exe(), /not accepted/],
    ['text named .pdf', 'report.pdf', samples.text(), /not a valid PDF/],
    ['an svg (off by default)', 'd.svg', samples.text('<svg onload="alert(1)"/>'), /svg/],
    ['UTF-16 text', 'notes.txt', Buffer.from('\ufeffhello world', 'utf16le'), /binary/],
    ['a notebook that is not JSON', 'x.ipynb', samples.text('print(1)\n'), /JSON object/],
  ])('refuses %s with 415 before a byte reaches storage', async (_label, fileName, bytes, why) => {
    const { error, passedOn } = await refusal(fileName, bytes);
    expect(error).toMatchObject({ code: ErrorCode.UnsupportedMediaType, message: why });
    expect(error).toMatchObject({ details: { field: 'files', fileName } });
    expect(passedOn).toBe(0);
  });

  it.each([
    ['a NUL byte', Buffer.from([0x61, 0x00, 0x62])],
    ['invalid UTF-8', Buffer.from([0xc3, 0x28])],
    ['a cut-off final character', Buffer.from([0xe2, 0x82])],
  ])('refuses a text file with %s far past the head', async (_label, tail) => {
    const bytes = Buffer.concat([Buffer.from('x,y\n'.repeat(50_000)), tail]);
    const { error, passedOn } = await refusal('results.csv', bytes, 16 * 1024);
    expect(error).toMatchObject({ code: ErrorCode.UnsupportedMediaType, message: /binary/ });
    expect(passedOn).toBeGreaterThan(SNIFF_BYTES);
  });

  it('refuses a notebook without nbformat once it has seen both ends', async () => {
    const bytes = samples.text(`{"cells": [${'"x",'.repeat(5000)} "y"], "metadata": {}}`);
    const { error } = await refusal('x.ipynb', bytes);
    expect(error).toMatchObject({ code: ErrorCode.UnsupportedMediaType, message: /nbformat/ });
  });

  it('accepts a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('é'.repeat(5000) + '€😀');
    const { done } = inspect('notes.md', chunked(bytes, 7));
    await expect(done).resolves.toMatchObject({ rule: { mediaType: 'text/markdown' } });
  });

  it('refuses a file one byte over the limit with 413, naming the field', async () => {
    const { error } = await refusal('big.txt', Buffer.alloc(10_001, 0x61), 1000, 10_000);
    expect(error).toMatchObject({
      code: ErrorCode.PayloadTooLarge,
      details: { field: 'files', fileName: 'big.txt', maxBytes: 10_000 },
    });
    const exact = inspect('big.txt', [Buffer.alloc(10_000, 0x61)], 10_000);
    await expect(exact.done).resolves.toMatchObject({ size: 10_000 });
  });

  it('refuses an empty file with 422 on the field', async () => {
    const { error } = await refusal('empty.txt', Buffer.alloc(0));
    expect(error).toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: [{ field: 'files', message: expect.stringContaining('empty') }],
    });
  });

  it('holds back the head until it has been sniffed', async () => {
    const source = new PassThrough();
    const inspector = new UploadInspector({
      field: 'files',
      fileName: 'data.bin.pdf',
      maxBytes: 1_000_000,
      allowed: resolveAllowedMediaTypes(),
    });
    const passed: Buffer[] = [];
    inspector.on('data', (chunk: Buffer) => passed.push(chunk));
    const finished = new Promise((resolve, reject) => {
      inspector.on('end', resolve);
      inspector.on('error', reject);
    });
    source.pipe(inspector);
    source.write(samples.pdf().subarray(0, 100));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(passed).toHaveLength(0);
    source.end(randomBytes(SNIFF_BYTES));
    await finished;
    expect(Buffer.concat(passed).length).toBe(100 + SNIFF_BYTES);
  });
});
