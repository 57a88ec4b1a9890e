import { evidenceKey, type RenderContext, startSection } from './render-context.js';

interface Entry {
  key: string;
  title: string;
  indent: boolean;
}

const PAGE_WIDTH = 30;
const INDENT = 18;

/**
 * The contents, drawn before the sections exist: each page number is a forward reference filled in
 * at the end, and each line links to its section.
 */
export function drawContents(ctx: RenderContext): void {
  const { c, t, doc } = ctx;
  const sections = t.text.sections;
  const entries: Entry[] = [
    { key: 'coverage', title: sections.coverage, indent: false },
    { key: 'criteria', title: sections.criteria, indent: false },
    { key: 'matrix', title: sections.matrix, indent: false },
    { key: 'index', title: sections.index, indent: false },
    { key: 'evidence', title: sections.evidence, indent: false },
    ...doc.evidence.map((e) => ({
      key: evidenceKey(e.reference),
      title: `${e.reference}  ${e.title}`,
      indent: true,
    })),
    ...(doc.otj ? [{ key: 'otj', title: sections.otj, indent: false }] : []),
    ...(doc.progressReviews
      ? [{ key: 'progress-reviews', title: t.text.progressReviews.section, indent: false }]
      : []),
    { key: 'declarations', title: sections.declarations, indent: false },
  ];
  startSection(ctx, 'contents', sections.contents);
  const main = c.style('bold', 'body');
  const sub = c.style('regular', 'body');
  for (const entry of entries) {
    const style = entry.indent ? sub : main;
    const lh = c.lineHeight(style) + (entry.indent ? 1 : 5);
    if (c.ensure(lh)) {
      c.label(
        `${sections.contents} (${t.text.labels.continued})`,
        c.left,
        c.y,
        c.style('bold', 'h2', 'accent'),
      );
      c.y += 28;
    }
    const top = c.y + lh - c.lineHeight(style);
    const x = c.left + (entry.indent ? INDENT : 0);
    const titleWidth = c.width - (x - c.left) - PAGE_WIDTH - 12;
    const width = c.label(entry.title, x, top, style, { width: titleWidth });
    const baseline = top + c.lineHeight(style) / 2 + style.size * 0.35;
    c.pdf
      .save()
      .moveTo(x + width + 4, baseline)
      .lineTo(c.left + c.width - PAGE_WIDTH - 2, baseline)
      .dash(0.6, { space: 2.4 })
      .lineWidth(0.6)
      .strokeColor(t.colours.rule)
      .stroke()
      .restore();
    c.pageRef(entry.key, c.left + c.width - PAGE_WIDTH, top, PAGE_WIDTH, style);
    c.pdf.goTo(x, top, c.left + c.width - x, c.lineHeight(style), entry.key);
    c.y += lh;
  }
}
