import { AppError, FieldError } from '../../common/errors/app-error.js';
import { ReviewEvidenceDto } from './dto/evidence-input.dto.js';

export type TagState = { code: string; status: string; reason: string | null };

/** Every decision names a tag of this evidence once; rejections need a reason; acceptance needs all decided. */
export function checkDecisions(dto: ReviewEvidenceDto, tags: TagState[]): void {
  const tagged = new Set(tags.map((t) => t.code));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  dto.decisions.forEach((d, i) => {
    if (!tagged.has(d.code))
      errors.push({
        field: `decisions.${i}.code`,
        message: `is "${d.code}", which is not tagged on this evidence`,
      });
    if (seen.has(d.code))
      errors.push({ field: `decisions.${i}.code`, message: `is "${d.code}", decided twice` });
    if (d.decision === 'rejected' && !d.reason)
      errors.push({
        field: `decisions.${i}.reason`,
        message: 'is required to reject a tag',
      });
    seen.add(d.code);
  });
  if (errors.length > 0) throw AppError.validation(errors);
  if (dto.outcome === 'accepted') {
    const undecided = [...tagged].filter((code) => !seen.has(code));
    if (undecided.length > 0) {
      throw AppError.field(
        'decisions',
        `must decide every tag before accepting (undecided: ${undecided.join(', ')})`,
      );
    }
    if (!dto.decisions.some((d) => d.decision === 'accepted')) {
      throw AppError.field(
        'outcome',
        'cannot be accepted when every tag is rejected: request changes instead',
      );
    }
  }
}
