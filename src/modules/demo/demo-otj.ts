import { INestApplicationContext } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Database } from '../../common/database/database.js';
import { CreateOtjEntryDto } from '../otj/dto/otj-input.dto.js';
import { OtjPlanEntity } from '../otj/entities/otj-plan.entity.js';
import { OtjDecisionsService } from '../otj/otj-decisions.service.js';
import { OtjEntriesService } from '../otj/otj-entries.service.js';
import { OtjPlanService } from '../otj/otj-plan.service.js';
import { ProgressReviewsService } from '../reviews/progress-reviews.service.js';
import { ReviewSigningService } from '../reviews/review-signing.service.js';

/** A training month of the demo apprentice: a taught day, a practical day, study time. */
const MONTH: Omit<CreateOtjEntryDto, 'activityDate'>[] = [
  {
    duration: '7:00',
    description: 'Taught day: data pipelines, feature engineering and model evaluation',
    category: 'theory',
    deliveredBy: 'provider',
    criteria: ['K5', 'K9'],
  },
  {
    duration: '7:00',
    description: 'Shadowing the MLOps team: deployment, monitoring and incident review',
    category: 'practical',
    deliveredBy: 'employer',
    criteria: ['K12', 'S10'],
  },
  {
    duration: '4:30',
    description: 'Study time: assignment on responsible AI and the model card',
    category: 'learning_support',
    deliveredBy: 'provider',
    criteria: ['K20'],
  },
];

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const daysAgo = (days: number) => isoDay(new Date(Date.now() - days * 86_400_000));

/** The people who sign and decide for a demo apprenticeship. */
export interface DemoPeople {
  tutor: AuthUser;
  employer: AuthUser;
  apprentice: AuthUser;
}

/** Every month from the start to the month before last, as YYYY-MM. */
function monthsSince(start: string): string[] {
  const months: string[] = [];
  const end = new Date();
  end.setUTCDate(1);
  end.setUTCMonth(end.getUTCMonth() - 1);
  for (const d = new Date(`${start.slice(0, 7)}-01`); d < end; d.setUTCMonth(d.getUTCMonth() + 1))
    months.push(isoDay(d).slice(0, 7));
  return months;
}

/**
 * The tutor's plan of 400 hours, and the months the apprentice kept on paper before the service
 * (a back-dated import, with its reason), approved by whoever delivered each entry: the tutor, or
 * the employer. Only once: a plan already there means it has run; returns false then.
 */
export async function seedOtjHistory(
  app: INestApplicationContext,
  apprenticeshipId: string,
  start: string,
  people: DemoPeople,
): Promise<boolean> {
  if (await app.get(Database).manager.existsBy(OtjPlanEntity, { apprenticeshipId })) return false;
  const { tutor, employer, apprentice } = people;
  await app.get(OtjPlanService).set(tutor, apprenticeshipId, { plannedHours: 400 });
  const history = monthsSince(start).flatMap((month) =>
    MONTH.map((entry, i) => ({ ...entry, activityDate: `${month}-${['08', '15', '22'][i]}` })),
  );
  const imported = await app.get(OtjEntriesService).importEntries(apprentice, apprenticeshipId, {
    entries: history,
    backdated: true,
    reason: 'Hours kept on paper before the provider moved to this service',
  });
  const decisions = app.get(OtjDecisionsService);
  for (const entry of imported) {
    const decider = entry.deliveredBy === 'employer' ? employer : tutor;
    await decisions.decide(decider, entry.id, { decision: 'approved' });
  }
  return true;
}

/**
 * Off-the-job training and a progress review for the demo apprenticeship, through the services
 * as people would: the history above; then last week's training, which waits in the tutor's
 * approvals; and last week's progress review, signed by the tutor and the employer, waiting for
 * the apprentice's signature. Only once.
 */
export async function seedOtjAndReview(
  app: INestApplicationContext,
  apprenticeshipId: string,
  start: string,
  people: DemoPeople,
): Promise<void> {
  if (!(await seedOtjHistory(app, apprenticeshipId, start, people))) return;
  const { tutor, employer, apprentice } = people;
  const entries = app.get(OtjEntriesService);
  for (const [i, entry] of MONTH.slice(0, 2).entries()) {
    await entries.create(apprentice, apprenticeshipId, { ...entry, activityDate: daysAgo(6 - i) });
  }

  const review = await app.get(ProgressReviewsService).create(tutor, apprenticeshipId, {
    meetingDate: daysAgo(7),
    trainingPlanProgress:
      'On plan: the churn model is in staging with monitoring; the fairness review is written up.',
    concerns: 'None raised.',
    supportAndWellbeing: 'Settled in the MLOps team; no support needs.',
    epaReadiness: 'Project scope for the EPA agreed in outline; portfolio about a third evidenced.',
    actions: [
      {
        description: 'Submit the fairness review as evidence and tag it',
        owner: 'apprentice',
        dueDate: daysAgo(-21),
      },
      {
        description: 'Arrange a sponsor for the EPA project',
        owner: 'employer',
        dueDate: daysAgo(-42),
      },
    ],
  });
  const signing = app.get(ReviewSigningService);
  await signing.sign(tutor, review.id);
  await signing.sign(employer, review.id);
}
