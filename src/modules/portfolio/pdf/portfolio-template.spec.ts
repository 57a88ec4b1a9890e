import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadPortfolioTemplate,
  parsePortfolioTemplate,
  TEMPLATES_DIR,
  TemplateError,
} from './portfolio-template.js';

/** The default template as plain JSON, typed just enough to break it in the tests. */
interface RawTemplate {
  colours: { coverage: Record<string, string>; text: string };
  text: { sections: Partial<Record<string, string>> };
  sizes: { body: number };
  fonts: { fallbacks: unknown[]; mono: string; regular: string };
}

const raw = () =>
  JSON.parse(readFileSync(join(TEMPLATES_DIR, 'portfolio.default.json'), 'utf8')) as RawTemplate;

describe('portfolio templates', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portfolio-template-'));
    mkdirSync(join(dir, 'fonts'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the default template with its wording and fonts', async () => {
    const template = await loadPortfolioTemplate('default');
    expect(template.page.size).toBe('A4');
    expect(template.text.declarations.employer.statement).toContain("the apprentice's own work");
    expect(template.text.declarations.apprentice.statement).toBeTruthy();
    expect(template.text.declarations.provider.statement).toBeTruthy();
    expect(template.fonts.fallbacks[0]).toEqual({
      file: 'wqy-microhei.ttc',
      postscriptName: 'WenQuanYiMicroHei',
    });
    expect(template.text.months).toHaveLength(12);
  });

  it('names every bad field: unknown, missing, wrong type', () => {
    const bad = raw();
    bad.colours.coverage.purple = '#800080';
    bad.colours.text = 'black';
    delete bad.text.sections.matrix;
    bad.sizes.body = 100;
    bad.fonts.fallbacks.push({ file: 'collection.ttc' });
    bad.fonts.mono = '../../etc/passwd';
    let message = '';
    try {
      parsePortfolioTemplate(bad, 'bad.json');
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateError);
      message = (error as Error).message;
    }
    expect(message).toContain('bad.json is not a valid portfolio template');
    expect(message).toContain('colours.coverage.purple: unknown key');
    expect(message).toContain('colours.text: must be a colour');
    expect(message).toContain('text.sections.matrix: is required');
    expect(message).toContain('sizes.body: must be a number from 6 to 16');
    expect(message).toMatch(/fonts\.fallbacks\.\d+: must be a font file name/);
    expect(message).toContain('fonts.mono: must be a font file name');
  });

  it('rejects a document that is not an object', () => {
    expect(() => parsePortfolioTemplate([], 'list.json')).toThrow(
      /\(template\): must be an object/,
    );
  });

  it('refuses template names that could leave the templates folder', async () => {
    await expect(loadPortfolioTemplate('../secrets')).rejects.toThrow(TemplateError);
    await expect(loadPortfolioTemplate('missing', dir)).rejects.toThrow(/cannot be read as JSON/);
  });

  it('checks the font files exist when loading', async () => {
    const template = raw();
    template.fonts.regular = 'Missing-Regular.ttf';
    writeFileSync(join(dir, 'portfolio.broken.json'), JSON.stringify(template));
    await expect(loadPortfolioTemplate('broken', dir)).rejects.toThrow(
      'font file templates/fonts/Missing-Regular.ttf does not exist',
    );
  });
});
