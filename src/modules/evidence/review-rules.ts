import { AppError, FieldError } from '../../common/errors/app-error.js';
import { ReviewEvidenceDto } from './dto/evidence-input.dto.js';

export type TagState = { code: string; status: string; reason: string | null };

/**
 * Every decision names a tag of this evidence once; rejections need a reason; acceptance needs all
 * decided; changes are requested with a tag rejected (its reason) or a comment saying what.
 */
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
  // Sent back with nothing to act on, the apprentice can only ask what to change.
  const rejected = dto.decisions.some((d) => d.decision === 'rejected');
  if (dto.outcome === 'changes_requested' && !rejected && !dto.comment?.trim()) {
    throw AppError.field(
      'comment',
      'is required to request changes when no tag is rejected: say what needs to change',
      { rule: 'say_what_to_change' },
    );
  }
}
