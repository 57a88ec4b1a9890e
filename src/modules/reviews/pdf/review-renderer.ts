import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Canvas } from '../../portfolio/pdf/canvas.js';
import { FontBook } from '../../portfolio/pdf/font-book.js';
import { fill, formatDate } from '../../portfolio/pdf/format.js';
import type { PortfolioTemplate } from '../../portfolio/pdf/portfolio-template.js';
import { type DrawingContext, heading, subheading } from '../../portfolio/pdf/render-context.js';
import { type Cell, drawTable } from '../../portfolio/pdf/table.js';
import { internals } from '../../portfolio/pdf/pdfkit-internals.js';
import type { ReviewDocument } from './review-document.js';

/** Bumped when a change here changes the output (it feeds the PDF /ID). */
const REVIEW_RENDERER_VERSION = '1';

/**
 * A signed progress review as an A4 PDF, drawn with the portfolio's template: its page, fonts
 * (any script), sizes, colours, dates, tables and headings. A few pages of text and no images,
 * so it is drawn here rather than in the portfolio's worker pool, whose protocol carries a
 * portfolio and its images.
 */
export async function renderReview(
  doc: ReviewDocument,
  t: PortfolioTemplate,
  output: Writable,
): Promise<void> {
  const words = t.text.progressReviews;
  const vars = {
    number: doc.review.number,
    apprentice: doc.apprentice.name,
    standardCode: doc.standard.code,
    standardTitle: doc.standard.title,
    standardVersion: doc.standard.version,
  };
  const { default: PDFDocument } = await import('pdfkit');
  await FontBook.preload(t);
  const date = new Date(doc.generatedAt);
  const pdf = new PDFDocument({
    size: t.page.size,
    margins: t.page.margins,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: t.language,
    displayTitle: true,
    info: {
      Title: fill(words.documentTitle, vars),
      Author: doc.provider.name,
      Subject: fill(words.title, vars),
      Creator: 'ksb-portfolio',
      CreationDate: date,
      ModDate: date,
    },
  });
  internals(pdf)._id = new Uint8Array(
    createHash('sha256')
      .update(REVIEW_RENDERER_VERSION)
      .update(JSON.stringify(t))
      .update(JSON.stringify(doc))
      .digest()
      .subarray(0, 16),
  );
  const written = pipeline(pdf, output);
  const c = new Canvas(pdf, await FontBook.register(pdf, t), t);
  drawReview({ c, t }, doc);
  drawFurniture({ c, t }, doc, fill(words.title, vars), fill(words.footer, vars));
  pdf.end();
  await written;
}

function drawReview(ctx: DrawingContext, doc: ReviewDocument): void {
  const { c, t } = ctx;
  const w = t.text.progressReviews;
  const r = doc.review;
  const d = (iso: string) => formatDate(iso, t.text.months);
  const body = c.style('regular', 'body');
  const small = c.style('regular', 'small');
  const muted = c.style('italic', 'body', 'muted');
  heading(ctx, fill(w.title, { number: r.number }));
  const labels = t.text.labels;
  keyValues(ctx, [
    [labels.apprentice, `${doc.apprentice.name} (${labels.uln} ${doc.apprentice.uln})`],
    [labels.employer, doc.employer.name],
    [labels.provider, `${doc.provider.name} (${labels.ukprn} ${doc.provider.ukprn})`],
    [labels.standard, `${doc.standard.code} ${doc.standard.title} v${doc.standard.version}`],
    [w.meetingDate, d(r.meetingDate)],
    [w.dueDate, r.heldLate ? `${d(r.dueDate)} · ${w.heldLate}` : d(r.dueDate)],
  ]);
  c.y += 10;
  const ch = r.changes;
  subheading(ctx, fill(ch.firstReview ? w.changesFirst : w.changes, { since: d(ch.since) }));
  c.paragraph(w.criteriaNewlyEvidenced, c.style('bold', 'body'));
  if (ch.criteriaNewlyEvidenced.length === 0) c.paragraph(w.noCriteria, muted);
  else
    drawTable(
      ctx,
      w.criteriaNewlyEvidenced,
      [
        { header: labels.code, width: 50 },
        { header: labels.criterion, width: c.width - 150 },
        { header: w.meeting, width: 100 },
      ],
      ch.criteriaNewlyEvidenced.map((x) => [
        { text: x.code, style: c.style('bold', 'small') },
        { text: x.text, style: small },
        { text: d(x.evidencedAt.slice(0, 10)), style: small },
      ]),
    );
  c.y += 8;
  c.paragraph(w.evidenceReviewed, c.style('bold', 'body'));
  if (ch.evidenceReviewed.items.length === 0) c.paragraph(w.noEvidenceReviewed, muted);
  else {
    c.paragraph(fill(w.reviewCounts, ch.evidenceReviewed.counts), body);
    c.y += 4;
    drawTable(
      ctx,
      w.evidenceReviewed,
      [
        { header: labels.reference, width: 40 },
        { header: labels.title, width: c.width - 240 },
        { header: w.status, width: 100 },
        { header: labels.signedAt, width: 100 },
      ],
      ch.evidenceReviewed.items.map((x) => [
        { text: x.reference, style: small },
        { text: x.title, style: small },
        { text: outcomeWord(w, x.outcome), style: small },
        { text: d(x.reviewedAt.slice(0, 10)), style: small },
      ]),
    );
  }
  c.y += 8;
  c.paragraph(w.otj, c.style('bold', 'body'));
  c.paragraph(
    ch.otj
      ? fill(w.otjFigures, { approved: ch.otj.approvedHours, expected: ch.otj.expectedHours })
      : w.otjUnavailable,
    ch.otj ? body : muted,
  );
  c.y += 12;
  actionsTable(ctx, w.previousActions, w.noPreviousActions, r.previousActions, true);
  for (const key of [
    'trainingPlanProgress',
    'concerns',
    'supportAndWellbeing',
    'epaReadiness',
  ] as const) {
    subheading(ctx, w[key]);
    c.paragraph(r[key] || w.nothingRecorded, r[key] ? body : muted);
    c.y += 10;
  }
  actionsTable(ctx, w.actions, w.noActions, r.actions, false);
  subheading(ctx, w.nextReview);
  c.paragraph(
    fill(w.nextReviewBy, { date: d(r.nextReviewDate), rule: d(r.nextReviewRuleDate) }),
    body,
  );
  if (r.nextReviewLaterReason) keyValues(ctx, [[w.laterReason, r.nextReviewLaterReason]]);
  c.y += 12;
  signaturesTable(ctx, doc);
}

type Words = PortfolioTemplate['text']['progressReviews'];
const outcomeWord = (w: Words, outcome: string) =>
  outcome === 'accepted' || outcome === 'changes_requested' ? w[outcome] : outcome;
const partyWord = (w: Words, party: string) =>
  party === 'provider'
    ? w.partyProvider
    : party === 'employer'
      ? w.partyEmployer
      : w.partyApprentice;

function actionsTable(
  ctx: DrawingContext,
  title: string,
  none: string,
  actions: ReviewDocument['review']['actions'] | ReviewDocument['review']['previousActions'],
  withStatus: boolean,
): void {
  const { c, t } = ctx;
  const w = t.text.progressReviews;
  const small = c.style('regular', 'small');
  subheading(ctx, title);
  if (actions.length === 0) {
    c.paragraph(none, c.style('italic', 'body', 'muted'));
    c.y += 10;
    return;
  }
  const statusWidth = withStatus ? 80 : 0;
  const columns = [
    { header: w.action, width: c.width - 190 - statusWidth },
    { header: w.owner, width: 100 },
    { header: w.due, width: 90 },
    ...(withStatus ? [{ header: w.status, width: statusWidth }] : []),
  ];
  const rows = actions.map((a): Cell[] => {
    const status = 'status' in a ? a.status : null;
    return [
      { text: a.description, style: small },
      { text: partyWord(w, a.owner), style: small },
      { text: formatDate(a.dueDate, t.text.months), style: small },
      ...(withStatus
        ? [
            {
              text: status ? w[status] : w.notMarked,
              style: c.style(status ? 'bold' : 'italic', 'small'),
            },
          ]
        : []),
    ];
  });
  drawTable(ctx, title, columns, rows);
  c.y += 12;
}

function signaturesTable(ctx: DrawingContext, doc: ReviewDocument): void {
  const { c, t } = ctx;
  const w = t.text.progressReviews;
  const small = c.style('regular', 'small');
  // The heading, the three rows and the hash stay on one page.
  c.ensure(c.lineHeight(c.style('bold', 'h2')) + 4 * (c.lineHeight(small) + 8) + 40);
  subheading(ctx, w.signatures, 80);
  drawTable(
    ctx,
    w.signatures,
    [
      { header: w.party, width: 110 },
      { header: w.signedBy, width: c.width - 330 },
      { header: w.signedAt, width: 130 },
      { header: w.afterMeeting, width: 90 },
    ],
    doc.review.signatures.map((s) => [
      { text: partyWord(w, s.party), style: c.style('bold', 'small') },
      { text: s.signedBy, style: small },
      { text: formatDate(s.signedAt, t.text.months), style: small },
      {
        text: `${fill(w.days, { days: s.daysAfterMeeting })}${s.late ? ` (${w.late})` : ''}`,
        style: s.late ? c.style('bold', 'small', 'draft') : small,
      },
    ]),
  );
  c.y += 8;
  const hash = doc.review.signatures[0]?.contentSha256;
  if (hash) c.paragraph(`${w.contentHash}: ${hash}`, c.style('regular', 'small', 'muted'));
}

const LABEL_WIDTH = 130;

function keyValues(ctx: DrawingContext, pairs: [string, string][]): void {
  const { c } = ctx;
  const label = c.style('bold', 'small', 'muted');
  const value = c.style('regular', 'body');
  for (const [k, v] of pairs) {
    const height = Math.max(c.heightOf(v, value, c.width - LABEL_WIDTH), c.lineHeight(value));
    c.ensure(height);
    c.label(k, c.left, c.y + c.baseline(value) - c.baseline(label), label, {
      width: LABEL_WIDTH - 6,
    });
    c.block(v, c.left + LABEL_WIDTH, c.y, c.width - LABEL_WIDTH, value);
    c.y += height + 2;
  }
}

/** Header and "page X of Y" footer on every page, by position once all pages exist. */
function drawFurniture(
  ctx: DrawingContext,
  doc: ReviewDocument,
  title: string,
  footer: string,
): void {
  const { c, t } = ctx;
  const small = c.style('regular', 'small', 'muted');
  const { start, count } = c.pdf.bufferedPageRange();
  const half = c.width / 2 - 6;
  for (let i = start; i < start + count; i++) {
    c.pdf.switchToPage(i);
    const top = t.page.margins.top - 34;
    c.label(title, c.left, top, small, { width: half });
    c.label(doc.apprentice.name, c.left + c.width - half, top, small, {
      align: 'right',
      width: half,
    });
    c.rule(t.page.margins.top - 16);
    c.rule(c.bottom + 14);
    const number = fill(t.text.pageNumber, { page: i + 1, pages: count });
    const numberWidth = c.text.width(number, small);
    c.label(number, c.left, c.bottom + 19, small, { align: 'right', width: c.width });
    c.label(footer, c.left, c.bottom + 19, small, { width: c.width - numberWidth - 12 });
  }
}
