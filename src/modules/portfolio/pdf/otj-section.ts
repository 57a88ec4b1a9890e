import { fill } from './format.js';
import type { PortfolioOtj } from './portfolio-document.js';
import { type RenderContext, startSection, subheading } from './render-context.js';
import { drawTable } from './table.js';

/**
 * The off-the-job training summary: planned, minimum and actual (approved) hours, then the hours
 * by category. In a gateway PDF these are the figures frozen with the snapshot.
 */
export function drawOtj(ctx: RenderContext): void {
  const { c, t, doc } = ctx;
  const otj = doc.otj;
  if (!otj) return;
  const w = t.text.otj;
  startSection(ctx, 'otj', t.text.sections.otj);
  const hours = (n: number | null) => (n === null ? '—' : `${formatHours(n)} ${w.hours}`);
  const rows: [string, string][] = [
    [w.ruleYear, ruleYearText(ctx, otj.ruleYear)],
    [w.planned, otj.plannedHours === null ? w.notSet : hours(otj.plannedHours)],
    [w.minimum, minimumText(ctx, otj)],
    [w.rpl, hours(otj.rplHours)],
    [w.approved, hours(otj.approvedHours)],
    [w.pending, hours(otj.pendingHours)],
  ];
  const label = c.style('bold', 'small', 'muted');
  const value = c.style('regular', 'body');
  const labelWidth = 170;
  for (const [key, text] of rows) {
    const shift = c.baseline(value) - c.baseline(label);
    const height = c.heightOf(text, value, c.width - labelWidth);
    c.ensure(height + 4);
    c.label(key, c.left, c.y + shift, label, { width: labelWidth - 6 });
    c.block(text, c.left + labelWidth, c.y, c.width - labelWidth, value);
    c.y += height + 4;
  }
  c.y += 8;
  c.paragraph(w.note, c.style('regular', 'small', 'muted'));
  c.y += 12;
  subheading(ctx, w.byCategory);
  if (otj.byCategory.length === 0) {
    c.paragraph(w.noEntries, c.style('italic', 'body', 'muted'));
    return;
  }
  const cell = c.style('regular', 'small');
  const number = c.width * 0.16;
  drawTable(
    ctx,
    w.byCategory,
    [
      { header: w.category, width: c.width - 3 * number },
      { header: w.counts, width: number },
      { header: w.approvedColumn, width: number, align: 'right' },
      { header: w.entries, width: number, align: 'right' },
    ],
    otj.byCategory.map((row) => [
      { text: row.label, style: cell },
      { text: row.eligible ? w.yes : w.no, style: cell },
      { text: formatHours(row.approvedHours), style: cell },
      { text: String(row.entries), style: cell },
    ]),
  );
}

/**
 * The rules year, and when the apprenticeship started before it: the service applies the earliest
 * year it holds to earlier starts (ruleYearSql), which the PDF says rather than imply that year's
 * rules were the ones in force at the start.
 */
function ruleYearText(ctx: RenderContext, ruleYear: string): string {
  const begins = ruleYearStart(ruleYear);
  const start = ctx.doc.dates.start.slice(0, 10);
  if (!begins || start >= begins) return ruleYear;
  return fill(ctx.t.text.otj.ruleYearEarliest, {
    ruleYear,
    start: ctx.date(start),
    yearStart: ctx.date(begins),
  });
}

/**
 * "2025/26" → "2025-08-01". A funding rules year runs from 1 August (as otj_rule_years.starts_on
 * holds it); the snapshot keeps only the year's code, so the date is read from the code.
 */
export function ruleYearStart(code: string): string | undefined {
  const year = /^(\d{4})\/\d{2}$/.exec(code)?.[1];
  return year ? `${year}-08-01` : undefined;
}

/** Hours with at most two decimals, no trailing zeros: 12, 12.5, 12.25. */
const formatHours = (n: number) => String(Math.round(n * 100) / 100);

/** The minimum that applies: the published one, else the rules year's floor (as the pages say). */
function minimumText(ctx: RenderContext, otj: PortfolioOtj): string {
  const w = ctx.t.text.otj;
  if (otj.minimumHours !== null) return `${formatHours(otj.minimumHours)} ${w.hours}`;
  if (otj.floorHours === undefined) return w.minimumUnknown;
  return fill(w.minimumFloor, { hours: formatHours(otj.floorHours), ruleYear: otj.ruleYear });
}
