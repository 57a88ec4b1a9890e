/**
 * Which files count as ML apprenticeship evidence, and how each is recognised. Binary formats are
 * proved by their magic bytes (file-type); text formats have none, so the extension names the type
 * and the upload engine proves the whole stream is UTF-8 text. The default allow-list is every
 * catalogued type except SVG; `ALLOWED_MEDIA_TYPES` narrows it or opts SVG in.
 */
import { ConfigError } from '../../../config/app-config.js';

export interface MediaTypeRule {
  /** What is stored and later served: never the client's Content-Type. */
  mediaType: string;
  /** Lower case, with the dot. */
  extensions: readonly string[];
  kind: 'binary' | 'text';
  /** file-type results that prove a binary type (default: `[mediaType]`). */
  signatures?: readonly string[];
  /**
   * OOXML: a head may show only "a zip" ([Content_Types].xml can come late). Such a file is then
   * accepted only if its central directory lists `[Content_Types].xml` and entries under this
   * folder (`word/`). ODF needs none: its `mimetype` entry must come first, so the head tells.
   */
  ooxmlFolder?: string;
  /** Text that must be a JSON object naming this key (Jupyter notebooks: `nbformat`). */
  jsonObjectKey?: string;
}

const OOXML = 'application/vnd.openxmlformats-officedocument';
const ODF = 'application/vnd.oasis.opendocument';

const binary = (
  mediaType: string,
  extensions: string[],
  extra: Partial<MediaTypeRule> = {},
): MediaTypeRule => ({ mediaType, extensions, kind: 'binary', ...extra });
const text = (
  mediaType: string,
  extensions: string[],
  extra: Partial<MediaTypeRule> = {},
): MediaTypeRule => ({ mediaType, extensions, kind: 'text', ...extra });

/** What an extensionless name that proves to be text is stored as (README, Makefile). */
export const PLAIN_TEXT_RULE = text('text/plain', ['.txt', '.log']);

export const MEDIA_TYPE_CATALOGUE: readonly MediaTypeRule[] = [
  binary('application/pdf', ['.pdf']),
  binary('image/png', ['.png'], { signatures: ['image/png', 'image/apng'] }),
  binary('image/jpeg', ['.jpg', '.jpeg']),
  binary('image/gif', ['.gif']),
  binary('image/webp', ['.webp']),
  binary(`${OOXML}.wordprocessingml.document`, ['.docx'], { ooxmlFolder: 'word/' }),
  binary(`${OOXML}.spreadsheetml.sheet`, ['.xlsx'], { ooxmlFolder: 'xl/' }),
  binary(`${OOXML}.presentationml.presentation`, ['.pptx'], { ooxmlFolder: 'ppt/' }),
  binary(`${ODF}.text`, ['.odt']),
  binary(`${ODF}.spreadsheet`, ['.ods']),
  binary(`${ODF}.presentation`, ['.odp']),
  binary('video/mp4', ['.mp4', '.m4v'], { signatures: ['video/mp4', 'video/x-m4v'] }),
  binary('video/webm', ['.webm']),
  // Cameras and screen recorders also write MOV files with an MP4 brand.
  binary('video/quicktime', ['.mov'], { signatures: ['video/quicktime', 'video/mp4'] }),
  PLAIN_TEXT_RULE,
  text('text/markdown', ['.md', '.markdown']),
  text('text/csv', ['.csv']),
  text('text/tab-separated-values', ['.tsv']),
  text('application/json', ['.json']),
  text('application/x-ipynb+json', ['.ipynb'], { jsonObjectKey: 'nbformat' }),
  text('text/x-python', ['.py']),
  text('text/x-typescript', ['.ts', '.tsx']),
  text('text/javascript', ['.js', '.mjs', '.cjs', '.jsx']),
  text('text/x-java', ['.java']),
  text('text/x-go', ['.go']),
  text('text/x-rust', ['.rs']),
  text('text/x-r', ['.r']),
  text('application/sql', ['.sql']),
  text('application/yaml', ['.yaml', '.yml']),
  text('application/toml', ['.toml']),
  text('text/x-shellscript', ['.sh']),
  text('text/x-c', ['.c', '.h']),
  text('text/x-c++', ['.cpp', '.cc', '.cxx', '.hpp', '.hh']),
  // SVG is XML that can carry <script>, event handlers and external references: one inline render
  // (a future preview, a mis-set header, a copied link opened from disk) is stored XSS. Evidence
  // rarely needs vectors (PNG exports do), so it is catalogued but off unless an operator opts in.
  text('image/svg+xml', ['.svg']),
];

/** Everything catalogued except SVG (see above). */
export const DEFAULT_ALLOWED_MEDIA_TYPES: readonly string[] = MEDIA_TYPE_CATALOGUE.map(
  (r) => r.mediaType,
).filter((t) => t !== 'image/svg+xml');

/** file-type results for formats that are text underneath: they never contradict a text name. */
export const TEXTUAL_SIGNATURES: ReadonlySet<string> = new Set([
  'application/xml',
  'text/xml',
  'image/svg+xml',
  'text/calendar',
  'text/vcard',
  'text/vtt',
]);

const byExtension = new Map(MEDIA_TYPE_CATALOGUE.flatMap((r) => r.extensions.map((e) => [e, r])));
const byMediaType = new Map(MEDIA_TYPE_CATALOGUE.map((r) => [r.mediaType, r]));
const bySignature = new Map<string, MediaTypeRule>();
for (const rule of MEDIA_TYPE_CATALOGUE.filter((r) => r.kind === 'binary')) {
  for (const signature of rule.signatures ?? [rule.mediaType]) {
    if (!bySignature.has(signature)) bySignature.set(signature, rule);
  }
}

export function ruleForExtension(extension: string): MediaTypeRule | undefined {
  return byExtension.get(extension.toLowerCase());
}

export function ruleForMediaType(mediaType: string): MediaTypeRule | undefined {
  return byMediaType.get(mediaType);
}

/** The first catalogued binary type that a file-type result proves. */
export function ruleForSignature(mime: string): MediaTypeRule | undefined {
  return bySignature.get(mime);
}

export function provesRule(rule: MediaTypeRule, mime: string): boolean {
  return (rule.signatures ?? [rule.mediaType]).includes(mime);
}

/**
 * The effective allow-list: the configured one (ALLOWED_MEDIA_TYPES) or the default. A configured
 * type outside the catalogue is a configuration error: there would be no rule to recognise it.
 */
export function resolveAllowedMediaTypes(configured?: readonly string[]): ReadonlySet<string> {
  if (!configured) return new Set(DEFAULT_ALLOWED_MEDIA_TYPES);
  const unknown = configured.filter((t) => !byMediaType.has(t));
  if (unknown.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\nALLOWED_MEDIA_TYPES lists ${unknown.join(', ')}, which the upload ` +
        `catalogue does not know; known: ${[...byMediaType.keys()].join(', ')}`,
    );
  }
  return new Set(configured);
}
