/**
 * The file name and media type rules as tables, so each accepted or refused case is visible.
 */
import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../../config/app-config.js';
import {
  DEFAULT_ALLOWED_MEDIA_TYPES,
  MEDIA_TYPE_CATALOGUE,
  resolveAllowedMediaTypes,
  ruleForExtension,
} from './media-types.js';
import { decideMediaType, extensionOf, originalNameProblem } from './upload-rules.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ODT = 'application/vnd.oasis.opendocument.text';
const allowed = resolveAllowedMediaTypes();

describe('originalNameProblem', () => {
  it.each([
    ['report.pdf', undefined],
    ['Präsentation – v2 (final).pptx', undefined],
    ['.bashrc', undefined],
    ['a'.repeat(251) + '.pdf', undefined],
    ['a'.repeat(252) + '.pdf', /longer than 255/],
    ['', /no file name/],
    ['   ', /no file name/],
    ['.', /no file name/],
    ['../etc/passwd', /path separator/],
    ['dir/report.pdf', /path separator/],
    ['C:\\Users\\me\\report.pdf', /path separator/],
    ['..', /".."/],
    ['report..pdf', /".."/],
    ['report\u0000.pdf', /control/],
    ['report\r\n.pdf', /control/],
    ['\u202efdp.exe', /control/],
  ])('%j → %s', (name, expected) => {
    const problem = originalNameProblem(name);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(originalNameProblem('😀'.repeat(251) + '.pdf')).toBeUndefined();
  });
});

describe('extensionOf', () => {
  it.each([
    ['Report.PDF', '.pdf'],
    ['archive.tar.gz', '.gz'],
    ['README', ''],
    ['.env', ''],
  ])('%j → %j', (name, extension) => {
    expect(extensionOf(name)).toBe(extension);
  });
});

describe('decideMediaType', () => {
  type Row = [
    fileName: string,
    sniffed: string | undefined,
    headIsText: boolean,
    expected: string | { refused: RegExp },
    flags?: { mustBeText?: boolean; verifyContainer?: boolean },
  ];
  const refused = (pattern: RegExp) => ({ refused: pattern });
  const table: Row[] = [
    // binary, proved by signature and agreeing with the extension
    ['report.pdf', 'application/pdf', false, 'application/pdf', { mustBeText: false }],
    ['chart.PNG', 'image/png', false, 'image/png'],
    ['chart.png', 'image/apng', false, 'image/png'],
    ['photo.jpeg', 'image/jpeg', false, 'image/jpeg'],
    ['photo.jpg', 'image/jpeg', false, 'image/jpeg'],
    ['anim.gif', 'image/gif', false, 'image/gif'],
    ['pic.webp', 'image/webp', false, 'image/webp'],
    ['demo.mp4', 'video/mp4', false, 'video/mp4'],
    ['demo.m4v', 'video/x-m4v', false, 'video/mp4'],
    ['demo.webm', 'video/webm', false, 'video/webm'],
    ['demo.mov', 'video/quicktime', false, 'video/quicktime'],
    ['demo.mov', 'video/mp4', false, 'video/quicktime'],
    ['report.docx', DOCX, false, DOCX, { verifyContainer: false }],
    ['sheet.xlsx', XLSX, false, XLSX],
    ['notes.odt', ODT, false, ODT],
    // an OOXML head that only shows "a zip" is accepted provisionally, then verified in full
    ['report.docx', 'application/zip', false, DOCX, { verifyContainer: true }],
    // no extension: the signature decides
    ['scan', 'image/png', false, 'image/png'],
    // contradictions
    ['report.pdf', 'image/png', false, refused(/image\/png.*does not match.*"\.pdf"/)],
    ['notes.txt', 'application/zip', false, refused(/application\/zip.*does not match/)],
    ['chart.png', 'application/x-msdownload', false, refused(/x-msdownload.*does not match/)],
    ['sheet.xlsx', DOCX, false, refused(/does not match/)],
    ['demo.mp4', 'video/quicktime', false, refused(/does not match/)],
    ['report.pdf', undefined, true, refused(/not a valid PDF/)],
    ['chart.png', undefined, false, refused(/not a valid PNG/)],
    // types that are not accepted at all
    ['setup.exe', 'application/x-msdownload', false, refused(/extension "\.exe"/)],
    ['page.html', undefined, true, refused(/extension "\.html"/)],
    ['weights.zip', 'application/zip', false, refused(/extension "\.zip"/)],
    ['tool', 'application/x-msdownload', false, refused(/x-msdownload, which is not accepted/)],
    ['drawing.svg', undefined, true, refused(/image\/svg\+xml files are not accepted/)],
    ['drawing.svg', 'application/xml', true, refused(/image\/svg\+xml files are not accepted/)],
    // text: the extension names the type, the stream must prove it is text
    ['notes.txt', undefined, true, 'text/plain', { mustBeText: true }],
    ['README', undefined, true, 'text/plain', { mustBeText: true }],
    ['README.md', undefined, true, 'text/markdown'],
    ['results.csv', undefined, true, 'text/csv'],
    ['config.json', undefined, true, 'application/json'],
    ['train.ipynb', undefined, true, 'application/x-ipynb+json'],
    ['train.py', undefined, true, 'text/x-python'],
    ['app.ts', undefined, true, 'text/x-typescript'],
    ['app.js', undefined, true, 'text/javascript'],
    ['Main.java', undefined, true, 'text/x-java'],
    ['main.go', undefined, true, 'text/x-go'],
    ['lib.rs', undefined, true, 'text/x-rust'],
    ['eda.R', undefined, true, 'text/x-r'],
    ['schema.sql', undefined, true, 'application/sql'],
    ['pipeline.yml', undefined, true, 'application/yaml'],
    ['pyproject.toml', undefined, true, 'application/toml'],
    ['run.sh', undefined, true, 'text/x-shellscript'],
    ['kernel.c', undefined, true, 'text/x-c'],
    ['kernel.h', undefined, true, 'text/x-c'],
    ['model.cpp', undefined, true, 'text/x-c++'],
    // text formats file-type recognises, and two-byte signatures that text can start with
    ['subs.txt', 'text/vtt', true, 'text/plain'],
    ['MZ-codes.csv', 'application/x-msdownload', true, 'text/csv', { mustBeText: true }],
    // a video with a .ts name is MPEG-TS, not TypeScript
    ['clip.ts', 'video/mp2t', false, refused(/video\/mp2t.*does not match/)],
  ];

  it.each(table)('%j sniffed as %s (head is text: %s) → %j', (...row) => {
    const [fileName, sniffed, headIsText, expected, flags] = row;
    const outcome = decideMediaType({ fileName, sniffed, headIsText, allowed });
    if (typeof expected === 'string') {
      expect(outcome).toMatchObject({ decision: { rule: { mediaType: expected }, ...flags } });
    } else {
      expect(outcome).toEqual({ refused: expect.stringMatching(expected.refused) });
    }
  });

  it('follows a narrowed allow-list, and lets an operator opt SVG in', () => {
    const pdfOnly = resolveAllowedMediaTypes(['application/pdf']);
    const decide = (fileName: string, sniffed?: string) =>
      decideMediaType({ fileName, sniffed, headIsText: !sniffed, allowed: pdfOnly });
    expect(decide('report.pdf', 'application/pdf')).toHaveProperty('decision');
    expect(decide('chart.png', 'image/png')).toEqual({
      refused: 'image/png files are not accepted',
    });
    expect(decide('notes.txt')).toEqual({ refused: 'text/plain files are not accepted' });
    const withSvg = resolveAllowedMediaTypes([...DEFAULT_ALLOWED_MEDIA_TYPES, 'image/svg+xml']);
    const svg = decideMediaType({ fileName: 'd.svg', headIsText: true, allowed: withSvg });
    expect(svg).toMatchObject({ decision: { rule: { mediaType: 'image/svg+xml' } } });
  });
});

describe('the media type catalogue', () => {
  it('gives every extension exactly one rule', () => {
    const extensions = MEDIA_TYPE_CATALOGUE.flatMap((r) => r.extensions);
    expect(new Set(extensions).size).toBe(extensions.length);
    expect(extensions.every((e) => /^\.[a-z0-9+]+$/.test(e))).toBe(true);
    for (const rule of MEDIA_TYPE_CATALOGUE) {
      for (const e of rule.extensions) expect(ruleForExtension(e.toUpperCase())).toBe(rule);
    }
  });

  it('allows everything but SVG by default', () => {
    expect(resolveAllowedMediaTypes().has('image/svg+xml')).toBe(false);
    expect(resolveAllowedMediaTypes().size).toBe(MEDIA_TYPE_CATALOGUE.length - 1);
  });

  it('refuses a configured type it cannot recognise, naming the variable', () => {
    expect(() => resolveAllowedMediaTypes(['application/pdf', 'application/x-msdownload'])).toThrow(
      ConfigError,
    );
    expect(() => resolveAllowedMediaTypes(['application/zip'])).toThrow(/ALLOWED_MEDIA_TYPES/);
  });
});
