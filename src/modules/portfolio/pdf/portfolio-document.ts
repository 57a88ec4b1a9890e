import { CRITERION_KINDS } from '../../../common/vocabulary.js';
import type {
  CoverageStatus,
  CriterionKind,
  DeclarationRole,
  EvidenceKind,
  EvidenceStatus,
  ReviewParty,
  TagStatus,
} from '../../../common/vocabulary.js';

/**
 * The view model the PDF renderer draws: plain data, no entities, no database access. The service
 * that builds it decides what is in it (for a gateway PDF: exactly what the snapshot froze); the
 * renderer only lays it out, in the order given.
 *
 * Text may be in any script. Dates are ISO 8601 strings (`2025-03-14` or a full timestamp) and are
 * printed as they are dated, in UTC, so rendering never depends on the machine's time zone.
 */
export interface PortfolioDocument {
  /** `draft` prints DRAFT on every page; `gateway` is the frozen portfolio an assessor reads. */
  kind: 'draft' | 'gateway';
  /** When this rendering's data was taken. It becomes the PDF's CreationDate and ModDate, so the
   * same document always gives the same bytes: for a gateway PDF pass the snapshot's frozenAt. */
  generatedAt: string;
  /** Required when `kind` is `gateway`. */
  snapshot?: PortfolioSnapshotInfo;
  apprentice: { name: string; uln: string; email?: string };
  employer: { name: string };
  provider: { name: string; ukprn: string };
  /** The end-point assessment organisation and, once assigned, the assessor. */
  assessor?: { name?: string; organisation?: string };
  standard: { code: string; version: string; title: string; level: number; summary?: string };
  dates: { start: string; plannedGateway: string; gateway?: string };
  /**
   * Every criterion of the standard, in the standard's order, each with its coverage status as the
   * service computes it (it applies the standard's evidence threshold). Coverage totals and the
   * matrix are derived from this list and from the evidence tags, so they cannot disagree with it.
   */
  criteria: PortfolioCriterion[];
  /** The evidence to include, in print order (normally by reference number). */
  evidence: PortfolioEvidence[];
  /** Sign-offs given so far. A role without one prints the template's statement, unsigned. */
  declarations: PortfolioDeclaration[];
  /** Off-the-job training hours; left out, the PDF has no off-the-job page. */
  otj?: PortfolioOtj;
  /**
   * The progress reviews held, in meeting order, with when each party signed. Absent in snapshots
   * frozen before reviews existed: those render without the section, exactly as they were.
   */
  progressReviews?: PortfolioProgressReview[];
}

/** Off-the-job hours as the service computes them (at gateway: as frozen). */
export interface PortfolioOtj {
  ruleYear: string;
  plannedHours: number | null;
  /** Published minimum less prior learning (never below the floor); null when not published. */
  minimumHours: number | null;
  /**
   * The rules year's floor, the minimum that applies while none is published (as the pages say).
   * Absent from portfolios frozen before it was recorded.
   */
  floorHours?: number;
  rplHours: number;
  /** Approved hours in categories that count: the actual hours. */
  approvedHours: number;
  pendingHours: number;
  /** Every category entries were logged in, in the rules year's order. */
  byCategory: { label: string; eligible: boolean; approvedHours: number; entries: number }[];
}

export interface PortfolioProgressReview {
  number: number;
  meetingDate: string;
  /** Signed so far, each with its time (ISO) and days after the meeting. */
  signatures: { party: ReviewParty; name: string; signedAt: string; daysAfterMeeting: number }[];
}

export interface PortfolioSnapshotInfo {
  id: string;
  /** SHA-256 (hex) of the snapshot's frozen content. A PDF cannot carry a hash of its own bytes, so
   * the cover shows this one; it identifies exactly what the PDF was rendered from. */
  sha256OfContent: string;
  frozenAt: string;
  /** Who froze it, e.g. the provider's name for the sign-off. */
  frozenBy?: string;
  /** Set when the provider froze it with required criteria not evidenced: why they went ahead. */
  overrideReason?: string;
  /** The criteria not evidenced when it was frozen by override, in the standard's order. */
  missingCriteria?: string[];
}

export interface PortfolioCriterion {
  kind: CriterionKind;
  /** K1 … D9 */
  code: string;
  text: string;
  status: CoverageStatus;
}

export interface PortfolioEvidence {
  /** E1, E2, … unique within the document. */
  reference: string;
  title: string;
  kind: EvidenceKind;
  /** The date of the activity the evidence shows. */
  activityDate: string;
  status: EvidenceStatus;
  /** Plain text; a blank line starts a new paragraph. */
  description: string;
  /** Absolute URLs; printed and clickable. */
  links: string[];
  tags: PortfolioTag[];
  files: PortfolioFile[];
}

export interface PortfolioTag {
  /** A criterion code of this document; unknown codes are printed but left out of the matrix. */
  code: string;
  /** The apprentice's account of how this evidence shows the criterion. */
  justification: string;
  status: TagStatus;
  /** Who accepted or rejected it, when, and why (the reason is required for a rejection). */
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
}

export interface PortfolioFile {
  /** The original file name, as uploaded. */
  name: string;
  /** The sniffed media type, e.g. `image/png`. */
  mediaType: string;
  size: number;
  /** SHA-256 (hex) of the stored bytes. */
  sha256: string;
  /**
   * MD5 (hex) of the stored bytes, when the service has it (kept from an earlier PDF): the
   * attachment's CheckSum. Without it the renderer computes it and returns it (RenderResult).
   */
  md5?: string;
  /**
   * For PNG and JPEG files to show in the PDF: returns the bytes. Called once, while this file's
   * section is drawn, so only one image is held in memory at a time. A rejection fails the
   * rendering (a portfolio silently missing an image would be wrong); bytes that do not decode are
   * listed with a note instead.
   */
  image?: () => Promise<Buffer> | Buffer;
  /**
   * The original bytes of any file, to attach to the PDF and render beneath its details (a
   * notebook, source code, a PDF's pages). Called once, while this file is drawn; for an image it
   * replaces `image`, so the bytes are read once. Without it the file is listed, not attached.
   */
  read?: () => Promise<Buffer> | Buffer;
  /**
   * For a PNG or JPEG the page shows smaller than stored: its page copy (kept in storage, or made
   * and kept now), or why it cannot be shown. Called only when the renderer finds, from the
   * original's header, that the image needs shrinking; without it the renderer shrinks it
   * itself, to the same bytes. Not part of the PDF's /ID: it changes how, not what, is drawn.
   */
  pageCopy?: () => Promise<{ bytes: Buffer } | { unavailable: string }>;
}

export interface PortfolioDeclaration {
  role: DeclarationRole;
  name: string;
  /** e.g. "Line manager", "Skills coach". */
  jobTitle?: string;
  signedAt: string;
  /** The exact wording that was signed, as stored with the sign-off. Defaults to the template's
   * statement for the role, which is what a draft shows. */
  statement?: string;
}

export interface CoverageCounts {
  total: number;
  evidenced: number;
  claimed: number;
  missing: number;
  /** evidenced / total as a percentage with one decimal, rounded as the API rounds it. */
  percentEvidenced: number;
}

export interface CoverageSummary {
  byKind: Record<CriterionKind, CoverageCounts>;
  overall: CoverageCounts;
}

/**
 * `part` of `whole` in percent with one decimal, halves rounded up, 0 for an empty whole: the
 * rounding of the coverage SQL (percentSql), in integer arithmetic so 3 of 8 is exactly 37.5.
 */
export function percentOf(part: number, whole: number): number {
  if (whole === 0) return 0;
  return Math.floor((2000 * part + whole) / (2 * whole)) / 10;
}

/** Coverage totals by kind and overall, from the criteria statuses. */
export function coverageOf(criteria: readonly PortfolioCriterion[]): CoverageSummary {
  const count = (list: readonly PortfolioCriterion[]): CoverageCounts => {
    const of = (s: CoverageStatus) => list.filter((c) => c.status === s).length;
    const evidenced = of('evidenced');
    return {
      total: list.length,
      evidenced,
      claimed: of('claimed'),
      missing: of('missing'),
      percentEvidenced: percentOf(evidenced, list.length),
    };
  };
  const byKind = Object.fromEntries(
    CRITERION_KINDS.map((kind) => [kind, count(criteria.filter((c) => c.kind === kind))]),
  ) as Record<CriterionKind, CoverageCounts>;
  return { byKind, overall: count(criteria) };
}

/** Problems that would make the PDF misleading; the renderer refuses a document that has any. */
export function checkPortfolioDocument(doc: PortfolioDocument): string[] {
  const errors: string[] = [];
  if (doc.kind === 'gateway' && !doc.snapshot) errors.push('snapshot: required for a gateway PDF');
  if (Number.isNaN(Date.parse(doc.generatedAt))) errors.push('generatedAt: not an ISO date');
  if (doc.snapshot && !/^[0-9a-f]{64}$/i.test(doc.snapshot.sha256OfContent)) {
    errors.push('snapshot.sha256OfContent: not a SHA-256 hex digest');
  }
  const codes = new Set<string>();
  doc.criteria.forEach((c, i) => {
    if (codes.has(c.code)) errors.push(`criteria.${i}.code: ${c.code} is listed twice`);
    codes.add(c.code);
  });
  const refs = new Set<string>();
  doc.evidence.forEach((e, i) => {
    if (refs.has(e.reference)) errors.push(`evidence.${i}.reference: ${e.reference} is used twice`);
    refs.add(e.reference);
    e.files.forEach((f, j) => {
      if (f.md5 !== undefined && !/^[0-9a-f]{32}$/i.test(f.md5)) {
        errors.push(`evidence.${i}.files.${j}.md5: not an MD5 hex digest`);
      }
    });
  });
  return errors;
}
