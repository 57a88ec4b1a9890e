import { AppError } from '../../common/errors/app-error.js';
import type { ApprenticeshipStatus } from '../../common/vocabulary.js';
import { ApprenticeshipEntity } from './apprenticeship.entity.js';
import { ApprenticeshipDto } from './dto/apprenticeship.dto.js';

const ref = (x: { id: string; name: string } | null) => (x ? { id: x.id, name: x.name } : null);

export function toDto(a: ApprenticeshipEntity): ApprenticeshipDto {
  return {
    id: a.id,
    apprentice: ref(a.apprentice)!,
    standard: { code: a.standard.code, version: a.standard.version, title: a.standard.title },
    provider: ref(a.provider)!,
    employer: ref(a.employer)!,
    cohort: ref(a.cohort),
    tutor: ref(a.tutor)!,
    assessor: ref(a.assessor),
    uln: a.uln,
    startDate: a.startDate,
    plannedGatewayDate: a.plannedGatewayDate,
    status: a.status,
    createdAt: a.createdAt,
  };
}

export const STATUS_TRANSITIONS: Record<ApprenticeshipStatus, ApprenticeshipStatus[]> = {
  in_training: ['withdrawn'],
  gateway: ['epa', 'withdrawn'],
  epa: ['completed', 'withdrawn'],
  completed: [],
  withdrawn: ['in_training'],
};

export const auditShape = (a: Omit<ApprenticeshipEntity, 'nextEvidenceNumber'>) => ({
  cohortId: a.cohortId,
  tutorId: a.tutorId,
  assessorId: a.assessorId,
  uln: a.uln,
  startDate: a.startDate,
  plannedGatewayDate: a.plannedGatewayDate,
  status: a.status,
});

export function checkDates(start: string, plannedGateway: string): void {
  if (plannedGateway <= start)
    throw AppError.field('plannedGatewayDate', 'must be after startDate');
}

/**
 * Status moves forward only: in_training → gateway (by freezing, not by hand) → epa →
 * completed; withdrawn from any open state; back from withdrawn only if never frozen.
 */
export function checkTransition(
  a: ApprenticeshipEntity,
  to: ApprenticeshipStatus,
  frozen: boolean,
): void {
  if (!STATUS_TRANSITIONS[a.status].includes(to)) {
    throw AppError.conflict(`An apprenticeship cannot move from ${a.status} to ${to}`);
  }
  if (to === 'in_training' && frozen) {
    throw AppError.conflict(
      'The portfolio was frozen at gateway; the apprenticeship cannot return to training',
    );
  }
}
