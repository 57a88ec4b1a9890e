import { createHash } from 'node:crypto';
import type { PortfolioDocument, PortfolioFile } from './pdf/portfolio-document.js';

/** A file as frozen: everything the PDF prints, plus where its bytes live (for images). */
export type FrozenFile = Omit<PortfolioFile, 'image'> & { id: string; storageKey: string };

/**
 * A portfolio as plain JSON: what a snapshot stores and what the PDF is rendered from. Images are
 * referenced by storage key and loaded while rendering, so the same content renders the same
 * bytes for as long as the frozen files exist (frozen evidence and its files cannot be deleted).
 */
export type PortfolioContent = Omit<PortfolioDocument, 'evidence'> & {
  evidence: (Omit<PortfolioDocument['evidence'][number], 'files'> & {
    id: string;
    files: FrozenFile[];
  })[];
};

/** JSON with object keys sorted, so a hash survives a round trip through jsonb (which reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const contentSha256 = (content: PortfolioContent): string =>
  createHash('sha256').update(canonicalJson(content)).digest('hex');
