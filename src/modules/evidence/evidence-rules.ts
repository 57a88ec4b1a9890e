import { longDay } from '../../common/clock/calendar.js';
import { AppError } from '../../common/errors/app-error.js';
import { EvidenceEntity, referenceOf } from './entities/evidence.entity.js';

/** The fields of evidence the audit trail records before and after a change. */
export const auditShape = (e: EvidenceEntity) => ({
  reference: referenceOf(e),
  title: e.title,
  description: e.description,
  kind: e.kind,
  activityDate: e.activityDate,
  links: e.links,
  status: e.status,
});

export const closed = (status: string) =>
  AppError.conflict(`The apprenticeship is at ${status}; evidence is closed`);

/**
 * Not after `today` (Clock.today), not before the apprenticeship started (422 naming activityDate).
 */
export function checkActivityDate(activityDate: string, startDate: string, today: string): void {
  if (activityDate > today) throw AppError.field('activityDate', 'must not be in the future');
  if (activityDate < startDate) {
    throw AppError.field(
      'activityDate',
      `must not be before the apprenticeship started (${longDay(startDate)})`,
    );
  }
}
