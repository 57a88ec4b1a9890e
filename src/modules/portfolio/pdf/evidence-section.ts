import { isSafeLink } from '../../../common/security/safe-link.js';
import { drawFiles } from './evidence-files.js';
import { drawAppendix, type PendingAppendix } from './pdf-appendix.js';
import type { OutlineItem } from './pdfkit-internals.js';
import type { PortfolioEvidence, PortfolioTag } from './portfolio-document.js';
import {
  evidenceKey,
  heading,
  type RenderContext,
  startSection,
  subheading,
} from './render-context.js';
import { type Cell, drawTable } from './table.js';

/** One row per evidence: what it is, what it claims, where it starts. */
export function drawEvidenceIndex(ctx: RenderContext): void {
  const { c, t, doc } = ctx;
  const labels = t.text.labels;
  const title = t.text.sections.index;
  startSection(ctx, 'index', title);
  if (doc.evidence.length === 0) {
    c.paragraph(labels.noEvidence, c.style('italic', 'body', 'muted'));
    return;
  }
  const fixed = { ref: 30, kind: 66, date: 64, status: 70, criteria: 96, page: 30 };
  const columns = [
    { header: labels.reference, width: fixed.ref },
    { header: labels.title, width: c.width - Object.values(fixed).reduce((a, b) => a + b, 0) },
    { header: labels.kind, width: fixed.kind },
    { header: labels.activityDate, width: fixed.date },
    { header: labels.status, width: fixed.status },
    { header: labels.criteria, width: fixed.criteria },
    { header: labels.page, width: fixed.page, align: 'right' as const },
  ];
  const small = c.style('regular', 'small');
  const rows = doc.evidence.map((e): Cell[] => {
    const key = evidenceKey(e.reference);
    return [
      { text: e.reference, style: c.style('bold', 'small'), goTo: key },
      { text: e.title, style: small, goTo: key },
      { text: t.text.evidenceKinds[e.kind], style: small },
      { text: ctx.date(e.activityDate), style: small },
      { text: t.text.evidenceStatus[e.status], style: small },
      { text: [...new Set(e.tags.map((tag) => tag.code))].join(', ') || '–', style: small },
      { text: '', style: small, pageOf: key },
    ];
  });
  drawTable(ctx, title, columns, rows);
}

/**
 * One section per evidence, each from a new page. `relieve` is awaited after each, so a slow
 * reader of the PDF stream holds the rendering back instead of letting it pile up in memory.
 */
export async function drawEvidenceSections(
  ctx: RenderContext,
  relieve: () => Promise<void>,
): Promise<void> {
  const { c, t, doc } = ctx;
  if (doc.evidence.length === 0) {
    startSection(ctx, 'evidence', t.text.sections.evidence);
    c.paragraph(t.text.labels.noEvidence, c.style('italic', 'body', 'muted'));
    return;
  }
  let parent: OutlineItem | undefined;
  for (const evidence of doc.evidence) {
    c.newPage(`${evidence.reference} ${evidence.title}`);
    const at = { left: c.pageWidth, top: c.y - 6 };
    if (!parent) {
      c.anchor('evidence');
      parent = ctx.outline.addItem(t.text.sections.evidence, at);
    }
    c.anchor(evidenceKey(evidence.reference));
    const item = parent.addItem(`${evidence.reference} ${evidence.title}`, at);
    const appendices = await drawEvidence(ctx, evidence);
    // A PDF's pages follow the section that lists it, so the assessor reads the report in place.
    for (const appendix of appendices) {
      await relieve();
      drawAppendix(ctx, appendix, item);
    }
    await relieve();
  }
}

async function drawEvidence(ctx: RenderContext, e: PortfolioEvidence): Promise<PendingAppendix[]> {
  const { c, t } = ctx;
  const labels = t.text.labels;
  c.paragraph(t.text.sections.evidence.toUpperCase(), c.style('bold', 'small', 'muted'));
  heading(ctx, `${e.reference}  ${e.title}`);
  c.paragraph(detailsLine(ctx, e), c.style('regular', 'small', 'muted'));
  c.y += 8;
  const body = c.style('regular', 'body');
  for (const paragraph of e.description.split(/\n\s*\n/)) {
    c.paragraph(paragraph.trim(), body);
    c.y += 5;
  }
  c.y += 6;
  if (e.tags.length > 0) {
    // Kept with its first tag (and the 3 points under a subheading): never alone above it.
    subheading(ctx, `${labels.claims} (${e.tags.length})`, 3 + tagHeight(ctx, e.tags[0]));
    for (const tag of e.tags) drawTag(ctx, tag);
  }
  // Links before files: they are short, and files may end in full-page images.
  if (e.links.length > 0) {
    c.y += 6;
    subheading(ctx, `${labels.links} (${e.links.length})`);
  }
  // A link to a private address, or one whose user-info disguises its host
  // (https://www.gov.uk@evil.example/), is printed as plain text: readable, not clickable.
  for (const link of e.links) {
    if (isSafeLink(link)) c.paragraph(link, c.style('regular', 'body', 'link'), { link });
    else c.paragraph(link, c.style('regular', 'body'));
  }
  if (e.files.length === 0) return [];
  c.y += 10;
  // "Files (2)" goes where its first file starts, which drawFiles knows once it has the file
  // (3 more points: the gap a subheading leaves beneath itself).
  return drawFiles(ctx, e, (keepWith) =>
    subheading(ctx, `${labels.files} (${e.files.length})`, 3 + keepWith),
  );
}

/**
 * "Kind: Report · Activity date: 3 March 2025 · Status: Accepted · No links · No files". An empty
 * list is said here, not under a heading of its own: "Files (0)" and "No files." went to a page
 * of their own whenever the section filled the one before.
 */
function detailsLine(ctx: RenderContext, e: PortfolioEvidence): string {
  const labels = ctx.t.text.labels;
  return [
    `${labels.kind}: ${ctx.t.text.evidenceKinds[e.kind]}`,
    `${labels.activityDate}: ${ctx.date(e.activityDate)}`,
    `${labels.status}: ${ctx.t.text.evidenceStatus[e.status]}`,
    e.tags.length === 0 ? labels.noClaims : '',
    e.links.length === 0 ? labels.noLinks : '',
    e.files.length === 0 ? labels.noFiles : '',
  ]
    .filter(Boolean)
    .join('   ·   ');
}

function drawTag(ctx: RenderContext, tag: PortfolioTag): void {
  const { c, t } = ctx;
  const { colour, indent, code, text, styles } = tagBlock(ctx, tag);
  const bar = (top: number, height: number) => c.rect(c.left, top, 3, height, colour);
  c.ensure(tagHeight(ctx, tag));
  c.y += 4;
  bar(c.y, c.lineHeight(code));
  c.label(tag.code, c.left + indent, c.y, code);
  c.label(t.text.tagStatus[tag.status], c.left + indent, c.y + 1, styles.status, {
    align: 'right',
    width: c.width - indent,
  });
  c.y += c.lineHeight(code);
  const opts = { indent, decorate: bar };
  c.paragraph(text.criterion, styles.criterion, opts);
  c.paragraph(text.justification, styles.justification, opts);
  if (text.said) c.paragraph(text.said, styles.said, opts);
  c.y += 6;
}

/**
 * The room a tag needs where it starts, which "Criteria claimed (n)" is kept with too. A tag is
 * read as one block: kept on one page when it fits on one (a reviewer's reason alone at the top
 * of the next page reads as nobody's), else started with room for three lines.
 */
function tagHeight(ctx: RenderContext, tag: PortfolioTag): number {
  const { c } = ctx;
  const { indent, code, text, styles } = tagBlock(ctx, tag);
  const width = c.width - indent;
  const height =
    4 +
    c.lineHeight(code) +
    c.heightOf(text.criterion, styles.criterion, width) +
    c.heightOf(text.justification, styles.justification, width) +
    (text.said ? c.heightOf(text.said, styles.said, width) : 0);
  return height <= c.bottom - c.top ? height : c.lineHeight(code) * 3;
}

/** A tag's words and styles: its criterion, the justification, and who decided, when and why. */
function tagBlock(ctx: RenderContext, tag: PortfolioTag) {
  const { c, t } = ctx;
  const labels = t.text.labels;
  const colour = t.colours.tags[tag.status];
  // The status is on the code's line already (it was printed twice, "Awaiting decision" under
  // every claim): beneath the justification only who decided, when and why.
  const decision = [
    tag.decidedBy ? `${labels.decidedBy}: ${tag.decidedBy}` : '',
    tag.decidedAt ? ctx.date(tag.decidedAt) : '',
  ].filter(Boolean);
  const lines = [decision.join(' · '), tag.reason ? `${labels.reason}: ${tag.reason}` : ''];
  return {
    colour,
    indent: 12,
    code: c.style('bold', 'body'),
    text: {
      criterion: ctx.criteria.get(tag.code)?.text ?? `(${labels.unknownCriterion})`,
      justification: `${labels.justification}: ${tag.justification}`,
      said: lines.filter(Boolean).join('\n'),
    },
    styles: {
      status: { ...c.style('bold', 'small'), colour },
      criterion: c.style('italic', 'small', 'muted'),
      justification: c.style('regular', 'body'),
      said: { ...c.style('regular', 'small'), colour },
    },
  };
}
