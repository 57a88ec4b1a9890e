import { fill } from './format.js';
import type { RenderContext } from './render-context.js';

const LABEL_WIDTH = 150;

/** Page 1: who, what standard, which dates and, for a gateway PDF, which frozen snapshot. */
export function drawCover(ctx: RenderContext): void {
  const { c, doc, t } = ctx;
  const labels = t.text.labels;
  c.anchor('cover');
  ctx.outline.addItem(t.text.coverTitle, { left: c.pageWidth, top: 0 });
  c.y = c.top + 30;
  const kindColour = doc.kind === 'draft' ? 'draft' : 'accent';
  c.paragraph(t.text.kind[doc.kind].toUpperCase(), c.style('bold', 'h2', kindColour));
  c.paragraph(t.text.coverTitle, c.style('bold', 'title', 'accent'));
  c.y += 10;
  c.paragraph(doc.apprentice.name, c.style('bold', 'h1'));
  const { standard } = doc;
  c.paragraph(
    `${standard.code} ${standard.title} · ${labels.level} ${standard.level} · v${standard.version}`,
    c.style('regular', 'body', 'muted'),
  );
  c.y += 28;

  const rows: [string, string | undefined][] = [
    [labels.apprentice, doc.apprentice.name],
    [labels.uln, doc.apprentice.uln],
    [labels.email, doc.apprentice.email],
    [labels.employer, doc.employer.name],
    [labels.provider, `${doc.provider.name} (${labels.ukprn} ${doc.provider.ukprn})`],
    [labels.assessor, assessorOf(ctx)],
    [
      labels.standard,
      `${standard.code} ${standard.title}, ${labels.level.toLowerCase()} ${standard.level}, v${standard.version}`,
    ],
    [labels.start, ctx.date(doc.dates.start)],
    [labels.plannedGateway, ctx.date(doc.dates.plannedGateway)],
    [labels.gateway, doc.dates.gateway && ctx.date(doc.dates.gateway)],
    [labels.generated, ctx.date(doc.generatedAt)],
  ];
  c.rule();
  for (const [label, value] of rows) if (value) keyValue(ctx, label, value);
  if (doc.snapshot?.overrideReason) {
    c.y += 18;
    drawOverrideNotice(ctx);
  }
  if (doc.snapshot) {
    c.y += doc.snapshot.overrideReason ? 14 : 24;
    drawSnapshotBox(ctx);
  }
}

/**
 * Gateway went ahead with required criteria not evidenced: the assessor learns it on page 1, with
 * the criteria and the provider's reason (and again at the provider's declaration).
 */
export function drawOverrideNotice(ctx: RenderContext): void {
  const { c, doc, t } = ctx;
  const snapshot = doc.snapshot!;
  const words = t.text.gateway;
  const pad = 10;
  const inner = c.width - 2 * pad;
  const title = c.style('bold', 'h2', 'draft');
  const body = c.style('regular', 'body');
  const label = c.style('bold', 'small', 'muted');
  const notice = fill(words.overrideNotice, {
    missing: (snapshot.missingCriteria ?? []).join(', ') || '–',
  });
  const reason = snapshot.overrideReason ?? '';
  const height =
    2 * pad +
    c.lineHeight(title) +
    4 +
    c.heightOf(notice, body, inner) +
    6 +
    c.lineHeight(label) +
    c.heightOf(reason, body, inner);
  c.ensure(height);
  c.rect(c.left, c.y, c.width, height, undefined, t.colours.draft);
  c.rect(c.left, c.y, 4, height, t.colours.draft);
  let y = c.y + pad;
  c.label(words.overrideTitle, c.left + pad, y, title);
  y += c.lineHeight(title) + 4;
  y += c.block(notice, c.left + pad, y, inner, body) + 6;
  c.label(words.overrideReason, c.left + pad, y, label);
  y += c.lineHeight(label);
  c.block(reason, c.left + pad, y, inner, body);
  c.y += height;
}

function assessorOf({ doc }: RenderContext): string | undefined {
  const parts = [doc.assessor?.organisation, doc.assessor?.name].filter(Boolean);
  return parts.length > 0 ? parts.join(' – ') : undefined;
}

function keyValue(ctx: RenderContext, label: string, value: string): void {
  const { c } = ctx;
  const valueStyle = c.style('regular', 'body');
  const labelStyle = c.style('bold', 'small', 'muted');
  const top = c.y + 5;
  const height = c.block(value, c.left + LABEL_WIDTH, top, c.width - LABEL_WIDTH, valueStyle);
  const shift = c.baseline(valueStyle) - c.baseline(labelStyle);
  c.label(label, c.left, top + shift, labelStyle, { width: LABEL_WIDTH - 8 });
  c.y = top + height + 5;
  c.rule();
}

function drawSnapshotBox(ctx: RenderContext): void {
  const { c, doc, t } = ctx;
  const snapshot = doc.snapshot!;
  const labels = t.text.labels;
  const pad = 12;
  const inner = c.width - 2 * pad;
  const title = c.style('bold', 'h2', 'accent');
  const small = c.style('regular', 'small');
  const label = c.style('bold', 'small', 'muted');
  const mono = c.style('mono', 'small');
  const note = c.style('italic', 'small', 'muted');
  const rows: [string, string][] = [
    [labels.snapshotId, snapshot.id],
    [labels.frozenAt, ctx.date(snapshot.frozenAt)],
    ...(snapshot.frozenBy ? [[labels.frozenBy, snapshot.frozenBy] as [string, string]] : []),
  ];
  const rowHeight = c.lineHeight(small) + 2;
  const height =
    2 * pad +
    c.lineHeight(title) +
    6 +
    rows.length * rowHeight +
    c.lineHeight(label) +
    c.lineHeight(mono) +
    8 +
    c.heightOf(t.text.snapshotHashNote, note, inner);
  const x = c.left + pad;
  c.rect(c.left, c.y, c.width, height, t.colours.shade, t.colours.accent);
  let y = c.y + pad;
  c.label(labels.snapshot, x, y, title);
  y += c.lineHeight(title) + 6;
  for (const [name, value] of rows) {
    c.label(name, x, y, label);
    c.label(value, x + 110, y, small, { width: inner - 110 });
    y += rowHeight;
  }
  c.label(labels.snapshotHash, x, y, label);
  y += c.lineHeight(label);
  c.label(snapshot.sha256OfContent.toLowerCase(), x, y, mono);
  y += c.lineHeight(mono) + 8;
  c.block(t.text.snapshotHashNote, x, y, inner, note);
  c.y += height;
}
