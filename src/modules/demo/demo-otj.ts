import { INestApplicationContext } from '@nestjs/common';
import { Clock } from '../../common/clock/clock.js';
import { Database } from '../../common/database/database.js';
import { CreateOtjEntryDto } from '../otj/dto/otj-input.dto.js';
import type { CreateProgressReviewDto } from '../reviews/dto/progress-review-input.dto.js';
import { OtjPlanEntity } from '../otj/entities/otj-plan.entity.js';
import { OtjDecisionsService } from '../otj/otj-decisions.service.js';
import { OtjEntriesService } from '../otj/otj-entries.service.js';
import { OtjPlanService } from '../otj/otj-plan.service.js';
import { isoDay } from '../../common/clock/calendar.js';
import { dayAt, daysAgo } from './demo-dates.js';
import { type DemoPeople, holdReview, seedReviewHistory } from './demo-reviews.js';

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

/** Every month from the start to the month before last and before `until`, as YYYY-MM. */
function monthsSince(start: string, until?: string): string[] {
  const months: string[] = [];
  const lastMonth = new Date();
  lastMonth.setUTCDate(1);
  lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
  const end = until && new Date(until) < lastMonth ? new Date(until) : lastMonth;
  for (const d = new Date(`${start.slice(0, 7)}-01`); d < end; d.setUTCMonth(d.getUTCMonth() + 1))
    months.push(isoDay(d).slice(0, 7));
  return months;
}

/**
 * The tutor's plan of 400 hours, and every month's training from the start to the month before
 * last (or before `until`): each entry logged the day after it happened and approved a few days
 * after the month ends by whoever delivered it (the tutor, or the employer), each at that time
 * (Clock.at). Only once: a plan already there means it has run; returns false then.
 */
export async function seedOtjHistory(
  app: INestApplicationContext,
  apprenticeshipId: string,
  start: string,
  people: DemoPeople,
  until?: string,
): Promise<boolean> {
  if (await app.get(Database).manager.existsBy(OtjPlanEntity, { apprenticeshipId })) return false;
  const { tutor, employer, apprentice } = people;
  const clock = app.get(Clock);
  await clock.at(dayAt(start), () =>
    app.get(OtjPlanService).set(tutor, apprenticeshipId, { plannedHours: 400 }),
  );
  const entries = app.get(OtjEntriesService);
  const decisions = app.get(OtjDecisionsService);
  for (const month of monthsSince(start, until)) {
    const logged = [];
    for (const [i, entry] of MONTH.entries()) {
      const activityDate = `${month}-${['08', '15', '22'][i]}`;
      logged.push(
        await clock.at(dayAt(activityDate, 1), () =>
          entries.create(apprentice, apprenticeshipId, { ...entry, activityDate }),
        ),
      );
    }
    for (const entry of logged) {
      const decider = entry.deliveredBy === 'employer' ? employer : tutor;
      await clock.at(dayAt(`${month}-28`, 3), () =>
        decisions.decide(decider, entry.id, { decision: 'approved' }),
      );
    }
  }
  return true;
}

/**
 * Off-the-job training and progress reviews for the demo apprenticeship, through the services
 * as people would: the history above and a review each quarter (demo-reviews.ts); then last
 * week's training, which waits in the tutor's approvals; and last week's progress review, signed
 * by the tutor and the employer, waiting for the apprentice's signature. Only once.
 */
export async function seedOtjAndReview(
  app: INestApplicationContext,
  apprenticeshipId: string,
  start: string,
  people: DemoPeople,
): Promise<void> {
  if (!(await seedOtjHistory(app, apprenticeshipId, start, people))) return;
  const { apprentice } = people;
  const entries = app.get(OtjEntriesService);
  const clock = app.get(Clock);
  // Logged the next day, as the history's are; still waiting for the tutor.
  for (const [i, entry] of MONTH.slice(0, 2).entries()) {
    const activityDate = daysAgo(6 - i);
    await clock.at(dayAt(activityDate, 1), () =>
      entries.create(apprentice, apprenticeshipId, { ...entry, activityDate }),
    );
  }

  const previous = await seedReviewHistory(app, apprenticeshipId, start, daysAgo(7), people);
  const review: CreateProgressReviewDto = {
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
  };
  await holdReview(app, apprenticeshipId, people, review, previous, ['tutor', 'employer']);
}
