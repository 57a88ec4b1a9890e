import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import { FieldError } from '../../common/errors/app-error.js';
import { flattenValidationErrors } from '../../common/errors/validation.js';
import { KIND_PREFIX } from './entities/criterion.entity.js';
import { StandardDocumentDto } from './dto/standard-document.dto.js';

/**
 * Checks what class-validator cannot: codes unique, each code's prefix matching its kind, every
 * link and assessment method pointing at criteria the document defines.
 */
export function checkStandardDocument(doc: StandardDocumentDto): FieldError[] {
  const errors: FieldError[] = [];
  const kinds = new Map<string, string>();
  doc.criteria.forEach((c, i) => {
    if (kinds.has(c.code))
      errors.push({ field: `criteria.${i}.code`, message: `${c.code} is listed twice` });
    kinds.set(c.code, c.kind);
    if (!c.code.startsWith(KIND_PREFIX[c.kind])) {
      errors.push({
        field: `criteria.${i}.code`,
        message: `${c.code} does not match kind ${c.kind} (expected prefix ${KIND_PREFIX[c.kind]})`,
      });
    }
  });
  const isKsb = (code: string) => kinds.has(code) && kinds.get(code) !== 'duty';

  const seenDuties = new Set<string>();
  (doc.dutyLinks ?? []).forEach((link, i) => {
    if (kinds.get(link.duty) !== 'duty') {
      errors.push({
        field: `dutyLinks.${i}.duty`,
        message: `${link.duty} is not a duty of this standard`,
      });
    }
    if (seenDuties.has(link.duty)) {
      errors.push({ field: `dutyLinks.${i}.duty`, message: `${link.duty} is linked twice` });
    }
    seenDuties.add(link.duty);
    checkKsbList(link.ksbs, `dutyLinks.${i}.ksbs`, isKsb, errors);
  });

  const seenMethods = new Set<string>();
  (doc.assessmentMethods ?? []).forEach((method, i) => {
    if (seenMethods.has(method.code)) {
      errors.push({
        field: `assessmentMethods.${i}.code`,
        message: `${method.code} is listed twice`,
      });
    }
    seenMethods.add(method.code);
    checkKsbList(method.ksbs, `assessmentMethods.${i}.ksbs`, isKsb, errors);
  });
  return errors;
}

function checkKsbList(
  codes: string[],
  field: string,
  isKsb: (code: string) => boolean,
  errors: FieldError[],
): void {
  const seen = new Set<string>();
  codes.forEach((code, j) => {
    if (!isKsb(code))
      errors.push({
        field: `${field}.${j}`,
        message: `${code} is not a K, S or B of this standard`,
      });
    if (seen.has(code)) errors.push({ field: `${field}.${j}`, message: `${code} is listed twice` });
    seen.add(code);
  });
}

/** Parses and fully validates an untrusted document (the built-in files go through this too). */
export function parseStandardDocument(input: unknown): {
  doc?: StandardDocumentDto;
  errors: FieldError[];
} {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { errors: [{ field: '', message: 'must be a JSON object' }] };
  }
  const doc = plainToInstance(StandardDocumentDto, input);
  const shapeErrors = flattenValidationErrors(
    validateSync(doc, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }),
  );
  if (shapeErrors.length > 0) return { errors: shapeErrors };
  const errors = checkStandardDocument(doc);
  return errors.length > 0 ? { errors } : { doc, errors };
}

/** SHA-256 over the document's meaningful content in a fixed key order. */
export function contentHashOf(doc: StandardDocumentDto): string {
  const canonical = {
    code: doc.code,
    version: doc.version,
    title: doc.title,
    level: doc.level,
    status: doc.status,
    evidenceThreshold: doc.evidenceThreshold ?? 1,
    summary: doc.summary ?? null,
    // Only when given, so the hash of every version imported before the field existed stands.
    ...(doc.minimumOtjHours !== undefined ? { minimumOtjHours: doc.minimumOtjHours } : {}),
    criteria: doc.criteria.map((c) => [c.kind, c.code, c.text]),
    dutyLinks: (doc.dutyLinks ?? []).map((l) => [l.duty, l.ksbs]),
    assessmentMethods: (doc.assessmentMethods ?? []).map((m) => [m.code, m.name, m.ksbs]),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
