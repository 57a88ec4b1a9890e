import { DECLARATION_ROLES } from '../../../common/vocabulary.js';
import type { DeclarationRole } from '../../../common/vocabulary.js';
import { drawOverrideNotice } from './cover-section.js';
import { type RenderContext, startSection, subheading } from './render-context.js';

/**
 * The three gateway declarations. A signed one prints the wording that was signed, with who and
 * when; an unsigned one prints the template's wording and empty lines to sign on paper.
 */
export function drawDeclarations(ctx: RenderContext): void {
  const { t } = ctx;
  startSection(ctx, 'declarations', t.text.sections.declarations);
  for (const role of DECLARATION_ROLES) drawDeclaration(ctx, role);
}

function drawDeclaration(ctx: RenderContext, role: DeclarationRole): void {
  const { c, t, doc } = ctx;
  const labels = t.text.labels;
  const wording = t.text.declarations[role];
  const signed = doc.declarations.find((d) => d.role === role);
  const body = c.style('regular', 'body');
  const small = c.style('regular', 'small', 'muted');
  // Frozen by override, the provider cannot be shown claiming the gateway requirements were met.
  const override = role === 'provider' && doc.snapshot?.overrideReason;
  const statement = override
    ? t.text.gateway.providerOverrideStatement
    : (signed?.statement ?? wording.statement);
  const height = c.heightOf(statement, body) + 4 * c.lineHeight(body) + 40;
  c.ensure(height);
  subheading(ctx, wording.title);
  c.paragraph(statement, body);
  c.y += 8;
  if (override) {
    drawOverrideNotice(ctx);
    c.y += 10;
  }
  if (signed) {
    const who = signed.jobTitle ? `${signed.name}, ${signed.jobTitle}` : signed.name;
    keyValue(ctx, labels.signedBy, who);
    keyValue(ctx, labels.signedAt, ctx.date(signed.signedAt));
  } else {
    c.paragraph(labels.notSigned, c.style('italic', 'body', 'draft'));
    c.y += 14;
    const third = (c.width - 24) / 3;
    [labels.signedBy, labels.signature, labels.signedAt].forEach((label, i) => {
      const x = c.left + i * (third + 12);
      c.pdf
        .moveTo(x, c.y)
        .lineTo(x + third, c.y)
        .lineWidth(0.5)
        .strokeColor(t.colours.muted)
        .stroke();
      c.label(label, x, c.y + 2, small);
    });
    c.y += c.lineHeight(small) + 4;
  }
  c.y += 22;
}

const LABEL_WIDTH = 80;

function keyValue(ctx: RenderContext, label: string, value: string): void {
  const { c } = ctx;
  const labelStyle = c.style('bold', 'small', 'muted');
  const valueStyle = c.style('regular', 'body');
  const shift = c.baseline(valueStyle) - c.baseline(labelStyle);
  c.label(label, c.left, c.y + shift, labelStyle, { width: LABEL_WIDTH - 6 });
  c.label(value, c.left + LABEL_WIDTH, c.y, valueStyle, { width: c.width - LABEL_WIDTH });
  c.y += c.lineHeight(valueStyle) + 2;
}
