import type { Response } from 'express';

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name, so no client sees a raw name. */
export function contentDisposition(
  name: string,
  type: 'attachment' | 'inline' = 'attachment',
): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Headers for serving a stored file: its stored type, its name safely encoded, and no chance for
 * a browser to sniff or run it.
 */
export function setFileHeaders(
  res: Response,
  file: { name: string; mediaType: string; size?: number; sha256?: string },
): void {
  res.set({
    'Content-Type': file.mediaType,
    'Content-Disposition': contentDisposition(file.name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
    ...(file.size !== undefined ? { 'Content-Length': String(file.size) } : {}),
    ...(file.sha256 ? { ETag: `"${file.sha256}"` } : {}),
  });
}

/** A stored file of evidence (its entity's names) as setFileHeaders takes it. */
export function storedFileHeaders(file: {
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
}): { name: string; mediaType: string; size: number; sha256: string } {
  return {
    name: file.originalName,
    mediaType: file.mediaType,
    size: file.size,
    sha256: file.sha256,
  };
}

/**
 * Headers for a PDF the service makes (a draft portfolio, a signed review), opened in the
 * browser's viewer under its name; made per request, so never cached.
 */
export function setPdfHeaders(res: Response, fileName: string): void {
  res.set({
    'Content-Type': 'application/pdf',
    'Content-Disposition': contentDisposition(fileName, 'inline'),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
}
