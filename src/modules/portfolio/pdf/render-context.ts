import type { Canvas } from './canvas.js';
import { formatDate } from './format.js';
import type { OpenedImage, OutlineItem } from './pdfkit-internals.js';
import {
  coverageOf,
  type CoverageSummary,
  type PortfolioCriterion,
  type PortfolioDocument,
  type PortfolioEvidence,
} from './portfolio-document.js';
import type { TagStatus } from '../../../common/vocabulary.js';
import type { PortfolioTemplate } from './portfolio-template.js';
import type { ImageLimits } from './image-preparation.js';

/** Rendering limits that come from configuration rather than the template. */
export interface RenderOptions {
  images: ImageLimits;
}

/** MAX_IMAGE_PIXELS' default (src/config/app-config.ts), for renderings outside the app. */
export const DEFAULT_RENDER_OPTIONS: RenderOptions = { images: { maxPixels: 50_000_000 } };

/** Everything a section needs, derived once from the document. */
export interface RenderContext {
  doc: PortfolioDocument;
  t: PortfolioTemplate;
  c: Canvas;
  coverage: CoverageSummary;
  criteria: ReadonlyMap<string, PortfolioCriterion>;
  /** code → evidence reference → the strongest tag status for that pair. */
  tags: ReadonlyMap<string, ReadonlyMap<string, TagStatus>>;
  outline: OutlineItem;
  /** Values for the template's `{placeholders}`. */
  vars: Record<string, string | number>;
  date(iso: string): string;
  images: ImageLimits;
  /** This PDF's images by media type and SHA-256 of their bytes: each is embedded once. */
  embedded: Map<string, OpenedImage | { unavailable: string }>;
  /** MD5 (hex) by SHA-256 of the attached files the document gave none for (RenderResult). */
  checksums: Map<string, string>;
}

const STRENGTH: Record<TagStatus, number> = { rejected: 0, claimed: 1, accepted: 2 };

export function createContext(
  doc: PortfolioDocument,
  t: PortfolioTemplate,
  c: Canvas,
  outline: OutlineItem,
  options: RenderOptions = DEFAULT_RENDER_OPTIONS,
): RenderContext {
  // In a frozen portfolio nothing more is coming: a missing criterion is "not evidenced".
  const words = doc.kind === 'gateway' ? frozenWording(t) : t;
  return {
    images: options.images,
    embedded: new Map(),
    checksums: new Map(),
    doc,
    t: words,
    c,
    outline,
    coverage: coverageOf(doc.criteria),
    criteria: new Map(doc.criteria.map((criterion) => [criterion.code, criterion])),
    tags: tagIndex(doc.evidence),
    vars: templateVars(doc, t),
    date: (iso) => formatDate(iso, t.text.months),
  };
}

function frozenWording(t: PortfolioTemplate): PortfolioTemplate {
  const coverageStatus = { ...t.text.coverageStatus, missing: t.text.gateway.missingStatus };
  return { ...t, text: { ...t.text, coverageStatus } };
}

/** Values for the template's `{placeholders}`. */
export function templateVars(doc: PortfolioDocument, t: PortfolioTemplate) {
  return {
    apprentice: doc.apprentice.name,
    standardCode: doc.standard.code,
    standardTitle: doc.standard.title,
    standardVersion: doc.standard.version,
    level: doc.standard.level,
    kind: t.text.kind[doc.kind],
  };
}

function tagIndex(evidence: readonly PortfolioEvidence[]) {
  const index = new Map<string, Map<string, TagStatus>>();
  for (const e of evidence) {
    for (const tag of e.tags) {
      const byRef = index.get(tag.code) ?? new Map<string, TagStatus>();
      const seen = byRef.get(e.reference);
      if (!seen || STRENGTH[tag.status] > STRENGTH[seen]) byRef.set(e.reference, tag.status);
      index.set(tag.code, byRef);
    }
  }
  return index;
}

/** Anchor keys, shared by the contents, the index and the sections they point at. */
export const evidenceKey = (reference: string) => `evidence-${reference}`;

/**
 * Starts a section on a new page: named destination, bookmark at the heading, the heading itself.
 * Returns the bookmark so evidence items can nest under the Evidence one.
 */
export function startSection(ctx: RenderContext, key: string, title: string): OutlineItem {
  const { c } = ctx;
  c.newPage(title);
  c.anchor(key);
  const item = ctx.outline.addItem(title, { left: c.pageWidth, top: c.y - 6 });
  heading(ctx, title);
  return item;
}

/** What drawing a heading or a table needs: the canvas and the template (any PDF of ours). */
export type DrawingContext = Pick<RenderContext, 'c' | 't'>;

export function heading(ctx: DrawingContext, title: string): void {
  const { c } = ctx;
  const style = c.style('bold', 'h1', 'accent');
  c.paragraph(title, style);
  c.y += 2;
  c.rule(c.y, ctx.t.colours.accent);
  c.y += 12;
}

/** A smaller heading kept with the `keepWith` points that follow it. */
export function subheading(ctx: DrawingContext, title: string, keepWith = 30): void {
  const { c } = ctx;
  const style = c.style('bold', 'h2', 'accent');
  c.ensure(c.lineHeight(style) + keepWith);
  c.paragraph(title, style);
  c.y += 3;
}
