import { REVIEW_PARTIES } from '../../../common/vocabulary.js';
import { LATE_SIGNATURE_DAYS } from '../../reviews/review-schedule.js';
import { afterMeeting } from './progress-review-text.js';
import type { PortfolioProgressReview } from './portfolio-document.js';
import { type RenderContext, startSection } from './render-context.js';
import { type Cell, type Column, drawTable } from './table.js';

/**
 * The progress reviews held during the practical period: each meeting and when each party signed,
 * frozen at gateway with the rest of the portfolio.
 */
export function drawProgressReviews(
  ctx: RenderContext,
  reviews: readonly PortfolioProgressReview[],
): void {
  const { c, t } = ctx;
  const words = t.text.progressReviews;
  startSection(ctx, 'progress-reviews', words.section);
  c.paragraph(words.intro, c.style('regular', 'body'));
  c.y += 10;
  if (reviews.length === 0) {
    c.paragraph(words.none, c.style('italic', 'body', 'muted'));
    return;
  }
  const body = c.style('regular', 'small');
  const lateStyle = c.style('bold', 'small', 'draft');
  const missing = c.style('italic', 'small', 'muted');
  const first = 40;
  const second = 90;
  const rest = (c.width - first - second) / 3;
  const columns: Column[] = [
    { header: words.number, width: first, align: 'right' },
    { header: words.meeting, width: second },
    ...REVIEW_PARTIES.map((p) => ({ header: words[p], width: rest })),
  ];
  const rows: Cell[][] = reviews.map((r) => [
    { text: String(r.number), style: body },
    { text: ctx.date(r.meetingDate), style: body },
    ...REVIEW_PARTIES.map((party): Cell => {
      const s = r.signatures.find((x) => x.party === party);
      if (!s) return { text: words.notSigned, style: missing };
      const late = s.daysAfterMeeting > LATE_SIGNATURE_DAYS;
      const when = `${ctx.date(s.signedAt.slice(0, 10))} (${afterMeeting(words, s.daysAfterMeeting)}${late ? `, ${words.late}` : ''})`;
      return { text: `${s.name}\n${when}`, style: late ? lateStyle : body };
    }),
  ]);
  drawTable(ctx, words.section, columns, rows);
}
