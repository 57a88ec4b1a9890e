import type { Response } from 'express';

/**
 * Sends JSON that the database built as text, as it is. Unlike Express's `res.send`, it computes
 * no ETag: that hashes the whole body on every request (a 35–140 KB coverage report), and a report
 * computed afresh each time gains nothing from one.
 */
export function sendJsonText(res: Response, json: string): void {
  res.status(200);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}
