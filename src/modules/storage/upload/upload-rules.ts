/**
 * The pure decisions of the upload pipeline, kept apart from streams so they can be tested as
 * tables: is a client's file name safe to keep as a label, and which media type (if any) do a
 * name and a sniffed signature add up to.
 */
import { extname } from 'node:path';
import { containsControlCharacters } from '../storage.js';
import {
  MediaTypeRule,
  PLAIN_TEXT_RULE,
  provesRule,
  ruleForExtension,
  ruleForSignature,
  TEXTUAL_SIGNATURES,
} from './media-types.js';

export const MAX_ORIGINAL_NAME_LENGTH = 255;

/**
 * Why a client's file name is refused, or undefined when it is fine. The name is only ever a
 * label (keys are server-made), but a label with `../` or control characters still misleads
 * whoever downloads it, and a download's Content-Disposition must not carry it.
 */
export function originalNameProblem(name: string | undefined): string | undefined {
  if (name === undefined || name.trim() === '' || name === '.') return 'has no file name';
  if ([...name].length > MAX_ORIGINAL_NAME_LENGTH) {
    return `has a file name longer than ${MAX_ORIGINAL_NAME_LENGTH} characters`;
  }
  if (name.includes('/') || name.includes('\\')) return 'has a path separator in its file name';
  if (name.includes('..')) return 'has ".." in its file name';
  if (containsControlCharacters(name)) return 'has control characters in its file name';
  return undefined;
}

/** `.pdf` for `Report.PDF`; empty when the name has no extension. */
export function extensionOf(name: string): string {
  return extname(name).toLowerCase();
}

export interface MediaTypeDecision {
  rule: MediaTypeRule;
  /** The whole stream must prove to be text: valid UTF-8 without NUL bytes. */
  mustBeText: boolean;
  /** An OOXML file whose head only showed "a zip": check its central directory at the end. */
  verifyContainer: boolean;
}

export type DecisionOutcome = { decision: MediaTypeDecision } | { refused: string };

export interface DecisionInput {
  fileName: string;
  /** file-type's verdict on the first bytes, if it recognised anything. */
  sniffed?: string;
  /** The first bytes are valid UTF-8 (a cut-off final character aside) with no NUL. */
  headIsText: boolean;
  allowed: ReadonlySet<string>;
}

function allowedOnly(
  rule: MediaTypeRule,
  allowed: ReadonlySet<string>,
  flags: Omit<MediaTypeDecision, 'rule'>,
): DecisionOutcome {
  if (!allowed.has(rule.mediaType)) return { refused: `${rule.mediaType} files are not accepted` };
  return { decision: { rule, ...flags } };
}

/**
 * Binary content must be proved by its signature and agree with the extension; content without a
 * binary signature is text of the type its extension names (plain text when it has none).
 */
export function decideMediaType({
  fileName,
  sniffed,
  headIsText,
  allowed,
}: DecisionInput): DecisionOutcome {
  const extension = extensionOf(fileName);
  const claimed = extension ? ruleForExtension(extension) : undefined;
  if (extension && !claimed) {
    return { refused: `files with the extension "${extension}" are not accepted` };
  }
  const signature = sniffed && !TEXTUAL_SIGNATURES.has(sniffed) ? sniffed : undefined;
  // Some signatures are two bytes ("MZ"): text that merely starts like one is still text.
  const binary = signature !== undefined && !(claimed?.kind === 'text' && headIsText);

  if (binary && claimed) {
    if (provesRule(claimed, signature)) {
      return allowedOnly(claimed, allowed, { mustBeText: false, verifyContainer: false });
    }
    if (claimed.ooxmlFolder && signature === 'application/zip') {
      return allowedOnly(claimed, allowed, { mustBeText: false, verifyContainer: true });
    }
    return {
      refused: `the content is ${signature}, which does not match the extension "${extension}"`,
    };
  }
  if (binary) {
    const rule = ruleForSignature(signature);
    if (!rule) return { refused: `the content is ${signature}, which is not accepted` };
    return allowedOnly(rule, allowed, { mustBeText: false, verifyContainer: false });
  }

  const rule = claimed ?? PLAIN_TEXT_RULE;
  if (rule.kind === 'binary') {
    return { refused: `the content is not a valid ${extension.slice(1).toUpperCase()} file` };
  }
  return allowedOnly(rule, allowed, { mustBeText: true, verifyContainer: false });
}
