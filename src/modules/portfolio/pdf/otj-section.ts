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
    [w.ruleYear, otj.ruleYear],
    [w.planned, otj.plannedHours === null ? w.notSet : hours(otj.plannedHours)],
    [w.minimum, otj.minimumHours === null ? w.minimumUnknown : hours(otj.minimumHours)],
    [w.rpl, hours(otj.rplHours)],
    [w.approved, hours(otj.approvedHours)],
    [w.pending, hours(otj.pendingHours)],
  ];
  const label = c.style('bold', 'small', 'muted');
  const value = c.style('regular', 'body');
  const labelWidth = 170;
  for (const [key, text] of rows) {
    const shift = c.baseline(value) - c.baseline(label);
    c.ensure(c.lineHeight(value) + 4);
    c.label(key, c.left, c.y + shift, label, { width: labelWidth - 6 });
    c.label(text, c.left + labelWidth, c.y, value, { width: c.width - labelWidth });
    c.y += c.lineHeight(value) + 4;
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

/** Hours with at most two decimals, no trailing zeros: 12, 12.5, 12.25. */
const formatHours = (n: number) => String(Math.round(n * 100) / 100);
