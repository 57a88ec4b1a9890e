import { fill, formatDate } from '../../portfolio/pdf/format.js';
import type { PortfolioTemplate } from '../../portfolio/pdf/portfolio-template.js';
import { afterMeeting } from '../../portfolio/pdf/progress-review-text.js';
import { type DrawingContext, heading, subheading } from '../../portfolio/pdf/render-context.js';
import { type Cell, drawTable } from '../../portfolio/pdf/table.js';
import type { ReviewDocument } from './review-document.js';

/** The body of a progress review's PDF, in the order of the meeting's record. */
export function drawReview(ctx: DrawingContext, doc: ReviewDocument): void {
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
        { header: w.evidencedOn, width: 100 },
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
        text: `${afterMeeting(w, s.daysAfterMeeting)}${s.late ? ` (${w.late})` : ''}`,
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
