import { statusColour } from './coverage-section.js';
import { CRITERION_KINDS } from '../../../common/vocabulary.js';
import type { TagStatus } from '../../../common/vocabulary.js';
import { type RenderContext, startSection } from './render-context.js';
import { type Band, type Cell, drawTable } from './table.js';

/** Every criterion in full, with its status and the evidence that accepted or claimed it. */
export function drawCriteria(ctx: RenderContext): void {
  const { c, t, doc } = ctx;
  const labels = t.text.labels;
  const title = t.text.sections.criteria;
  startSection(ctx, 'criteria', title);
  const code = c.style('bold', 'small');
  const small = c.style('regular', 'small');
  const muted = c.style('regular', 'small', 'muted');
  const columns = [
    { header: labels.code, width: 34 },
    { header: labels.criterion, width: c.width - 34 - 104 - 96 },
    { header: labels.status, width: 104 },
    { header: labels.evidence, width: 96 },
  ];
  const rows: (Cell[] | Band)[] = [];
  for (const kind of CRITERION_KINDS) {
    const list = doc.criteria.filter((k) => k.kind === kind);
    if (list.length > 0) rows.push({ band: t.text.criterionKinds[kind] });
    for (const criterion of list) {
      const accepted = refsWith(ctx, criterion.code, 'accepted');
      const claimed = refsWith(ctx, criterion.code, 'claimed');
      const evidence = [
        accepted.join(', '),
        claimed.length > 0 ? `(${t.text.tagStatus.claimed}: ${claimed.join(', ')})` : '',
      ];
      rows.push([
        { text: criterion.code, style: code },
        { text: criterion.text, style: small },
        {
          text: t.text.coverageStatus[criterion.status],
          style: small,
          chip: statusColour(ctx, criterion.status),
        },
        {
          text: evidence.filter(Boolean).join('\n') || '–',
          style: accepted.length ? small : muted,
        },
      ]);
    }
  }
  drawTable(ctx, title, columns, rows);
}

/** Evidence references, in document order, whose strongest tag for `code` has this status. */
export function refsWith(ctx: RenderContext, code: string, status: TagStatus): string[] {
  const byRef = ctx.tags.get(code);
  if (!byRef) return [];
  return ctx.doc.evidence.map((e) => e.reference).filter((ref) => byRef.get(ref) === status);
}
