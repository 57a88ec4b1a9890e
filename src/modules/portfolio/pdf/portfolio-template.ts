import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../../../config/project-root.js';
import {
  colour,
  type Infer,
  type Leaf,
  list,
  num,
  oneOf,
  parseWith,
  text,
} from './template-schema.js';
import { TEXT_SCHEMA } from './template-text.js';

/**
 * Layout and wording of a portfolio PDF live in `templates/portfolio.<name>.json`, validated against
 * this schema; a second template is a new file, not new code.
 */
export class TemplateError extends Error {}

export const TEMPLATES_DIR = join(projectRoot(), 'templates');
export const FONTS_DIR = join(TEMPLATES_DIR, 'fonts');

/** A font file in templates/fonts; for a collection (.ttc) also the PostScript name to use. */
export interface FontRef {
  file: string;
  postscriptName?: string;
}

const fontRef: Leaf<FontRef> = (value, path, errors) => {
  const ref = typeof value === 'string' ? { file: value } : value;
  if (typeof ref === 'object' && ref !== null && !Array.isArray(ref)) {
    const { file, postscriptName, ...rest } = ref as Record<string, unknown>;
    const fileOk = typeof file === 'string' && /^[\w.-]+\.(ttf|otf|ttc)$/i.test(file);
    const nameOk = postscriptName === undefined || typeof postscriptName === 'string';
    const isTtc = typeof file === 'string' && /\.ttc$/i.test(file);
    if (fileOk && nameOk && Object.keys(rest).length === 0 && (!isTtc || postscriptName)) {
      return postscriptName ? { file, postscriptName } : { file };
    }
  }
  errors.push(
    `${path}: must be a font file name in templates/fonts (.ttf, .otf) or ` +
      '{ "file": "x.ttc", "postscriptName": "…" }',
  );
  return undefined;
};

const TEMPLATE_SCHEMA = {
  name: text,
  description: text,
  /** BCP 47 tag of the wording, for the PDF's /Lang (screen readers, hyphenation). */
  language: text,
  page: {
    size: oneOf(['A4', 'A3', 'A5', 'LETTER', 'LEGAL']),
    margins: { top: num(36, 144), right: num(24, 144), bottom: num(36, 144), left: num(24, 144) },
  },
  fonts: {
    regular: fontRef,
    bold: fontRef,
    italic: fontRef,
    mono: fontRef,
    /** Tried in order for characters the main fonts lack (CJK, Arabic, Devanagari, …). */
    fallbacks: list(fontRef),
  },
  sizes: {
    title: num(12, 48),
    h1: num(10, 32),
    h2: num(8, 24),
    body: num(6, 16),
    small: num(5, 12),
    tiny: num(4, 10),
    /** Line height as a multiple of the font size. */
    lineHeight: num(1, 2),
  },
  colours: {
    text: colour,
    muted: colour,
    rule: colour,
    shade: colour,
    accent: colour,
    link: colour,
    draft: colour,
    coverage: { evidenced: colour, claimed: colour, missing: colour },
    tags: { accepted: colour, claimed: colour, rejected: colour },
  },
  text: TEXT_SCHEMA,
};

export type PortfolioTemplate = Infer<typeof TEMPLATE_SCHEMA>;

/** Validates an untrusted template; throws a TemplateError naming every bad field. */
export function parsePortfolioTemplate(raw: unknown, label = 'template'): PortfolioTemplate {
  const errors: string[] = [];
  const template = parseWith(TEMPLATE_SCHEMA, raw, '', errors);
  if (template?.text?.months && template.text.months.length !== 12) {
    errors.push('text.months: must list the 12 months');
  }
  if (!template || errors.length > 0) {
    throw new TemplateError(
      `${label} is not a valid portfolio template:\n  ${errors.join('\n  ')}`,
    );
  }
  return template;
}

/**
 * Loads `templates/portfolio.<name>.json`, validates it and checks its font files exist,
 * so a bad template fails here and not halfway through a PDF.
 */
export async function loadPortfolioTemplate(
  name = 'default',
  dir = TEMPLATES_DIR,
): Promise<PortfolioTemplate> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new TemplateError(`template name "${name}" must be lower-case letters, digits and -`);
  }
  const label = `templates/portfolio.${name}.json`;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, `portfolio.${name}.json`), 'utf8'));
  } catch (error) {
    throw new TemplateError(`${label}: cannot be read as JSON (${(error as Error).message})`);
  }
  const template = parsePortfolioTemplate(raw, label);
  const { fallbacks, ...main } = template.fonts;
  for (const ref of [...Object.values(main), ...fallbacks]) {
    await access(join(dir, 'fonts', ref.file)).catch(() => {
      throw new TemplateError(`${label}: font file templates/fonts/${ref.file} does not exist`);
    });
  }
  return template;
}
