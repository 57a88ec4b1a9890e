import { INestApplicationContext } from '@nestjs/common';
import { Clock } from '../../common/clock/clock.js';
import { Database } from '../../common/database/database.js';
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { CohortEntity } from '../cohorts/cohort.entity.js';
import { CohortsService } from '../cohorts/cohorts.service.js';
import { EvidenceEntity } from '../evidence/entities/evidence.entity.js';
import { DeclarationEntity } from '../gateway/declaration.entity.js';
import { GatewayFreezeService } from '../gateway/gateway-freeze.service.js';
import { GatewayService } from '../gateway/gateway.service.js';
import type { CreateProgressReviewDto } from '../reviews/dto/progress-review-input.dto.js';
import { seedEvidence } from './demo-evidence.js';
import { GATEWAY_EVIDENCE } from './demo-gateway-evidence.js';
import { seedOtjHistory } from './demo-otj.js';
import { dayAt } from './demo-dates.js';
import { type DemoPeople, holdReview, seedReviewHistory } from './demo-reviews.js';

const START = '2024-09-02';
const COHORT = 'ML Engineers — September 2024';
/** The review that agreed gateway, the declarations in the week after, and the freeze. */
const READY_REVIEW = '2026-10-19';
const DECLARED = '2026-10-27';
const FROZEN = '2026-11-02';

export interface GatewayPeople extends DemoPeople {
  assessorId: string;
}

/**
 * The demo's second apprenticeship, already frozen at gateway, so that the assessor has a whole
 * EPA pack to read from the first sign-in: two years of work, twelve accepted pieces of evidence
 * that cover every K, S and B, the off-the-job hours approved, a last progress review signed by
 * all three, the three declarations, and the tutor's freeze (no override: nothing is missing).
 * Everything through the services, as the people would; each step skipped when already done.
 */
export async function seedGatewayApprenticeship(
  app: INestApplicationContext,
  people: GatewayPeople,
): Promise<void> {
  const db = app.get(Database).manager;
  const { tutor, employer, apprentice } = people;
  const clock = app.get(Clock);
  // The tutor set the cohort and the apprenticeship up a fortnight before the start.
  const setUp = dayAt(START, -14);
  const cohort =
    (await db.findOneBy(CohortEntity, { name: COHORT, providerId: tutor.providerId! })) ??
    (await clock.at(setUp, () =>
      app
        .get(CohortsService)
        .create(tutor, { name: COHORT, standardCode: 'ST1398', startDate: START }),
    ));
  let apprenticeship = await db.findOneBy(ApprenticeshipEntity, { apprenticeId: apprentice.id });
  if (!apprenticeship) {
    const created = await clock.at(setUp, () =>
      app.get(ApprenticeshipsService).create(tutor, {
        apprenticeId: apprentice.id,
        employerId: employer.organisationId!,
        cohortId: cohort.id,
        tutorId: tutor.id,
        assessorId: people.assessorId,
        uln: '2345678901',
        startDate: START,
        plannedGatewayDate: '2026-11-02',
      }),
    );
    apprenticeship = await db.findOneByOrFail(ApprenticeshipEntity, { id: created.id });
  }
  if (apprenticeship.status !== 'in_training') return;
  const id = apprenticeship.id;
  if (!(await db.existsBy(EvidenceEntity, { apprenticeshipId: id }))) {
    await seedEvidence(app, id, apprentice, tutor, GATEWAY_EVIDENCE);
  }
  // Training up to the month of the review that agreed gateway, all approved before it.
  if (await seedOtjHistory(app, id, START, people, `${READY_REVIEW.slice(0, 7)}-01`)) {
    await lastProgressReview(app, id, people);
  }
  const gateway = app.get(GatewayService);
  for (const [i, person] of [apprentice, employer, tutor].entries()) {
    if (!(await db.existsBy(DeclarationEntity, { apprenticeshipId: id, signedById: person.id }))) {
      await clock.at(dayAt(DECLARED, i), () => gateway.sign(person, id));
    }
  }
  await clock.at(dayAt(FROZEN), () => app.get(GatewayFreezeService).freeze(tutor, id, {}));
}

/**
 * A review each quarter from the start, then the one that agreed the apprentice was ready for
 * gateway, each signed by all three within three days.
 */
async function lastProgressReview(
  app: INestApplicationContext,
  apprenticeshipId: string,
  people: GatewayPeople,
): Promise<void> {
  const previous = await seedReviewHistory(app, apprenticeshipId, START, READY_REVIEW, people);
  const review: CreateProgressReviewDto = {
    meetingDate: READY_REVIEW,
    trainingPlanProgress:
      'Training plan complete: the fraud model has been live for a year and is handed over.',
    concerns: 'None.',
    supportAndWellbeing: 'No support needs; Samir has booked leave after the EPA.',
    epaReadiness:
      'Ready for gateway: every K, S and B is evidenced and accepted; the EPA project is agreed with the employer.',
    actions: [
      {
        description: 'Sign the gateway declaration',
        owner: 'apprentice',
        dueDate: DECLARED,
      },
    ],
  };
  await holdReview(app, apprenticeshipId, people, review, previous);
}
