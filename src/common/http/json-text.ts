import type { Response } from 'express';

/**
 * Sends JSON that the database built as text, as it is. Unlike Express's `res.send`, it computes
 * no ETag: that hashes the whole body on every request (a 35–140 KB coverage report), and a report
 * computed afresh each time gains nothing from one. The text may come in pieces, as
 * AccessService.requireAndSelectText gives it, written one after another.
 */
export function sendJsonText(res: Response, json: string | readonly string[]): void {
  const pieces = typeof json === 'string' ? [json] : json;
  res.status(200);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader(
    'Content-Length',
    pieces.reduce((length, piece) => length + Buffer.byteLength(piece), 0),
  );
  for (const piece of pieces) res.write(piece);
  res.end();
}
