import { INestApplicationContext } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Clock } from '../../common/clock/clock.js';
import type { CreateProgressReviewDto } from '../reviews/dto/progress-review-input.dto.js';
import type { ProgressReviewDto } from '../reviews/dto/progress-review.dto.js';
import { ProgressReviewsService } from '../reviews/progress-reviews.service.js';
import { ReviewSigningService } from '../reviews/review-signing.service.js';
import { DAY_MS, isoDay } from '../../common/clock/calendar.js';
import { dayAt } from './demo-dates.js';

/** The people who sign and decide for a demo apprenticeship. */
export interface DemoPeople {
  tutor: AuthUser;
  employer: AuthUser;
  apprentice: AuthUser;
}

/** What each quarter's review records, in the order an ML engineering apprenticeship goes. */
const QUARTERS: Pick<CreateProgressReviewDto, 'trainingPlanProgress' | 'epaReadiness'>[] = [
  {
    trainingPlanProgress:
      'Induction done; the data foundations module is under way and the first project (a data-quality audit of the customer tables) is agreed with the line manager.',
    epaReadiness: 'Early days: the apprentice knows how the portfolio and the KSBs work.',
  },
  {
    trainingPlanProgress:
      'Data pipelines module complete; the first model on the team’s own data is being built, on plan.',
    epaReadiness: 'First pieces of evidence tagged and accepted; knowledge criteria building up.',
  },
  {
    trainingPlanProgress:
      'Modelling and evaluation module complete; the first model was reviewed by the data science team.',
    epaReadiness: 'Evaluation and experiment design evidenced; deployment skills still to come.',
  },
  {
    trainingPlanProgress:
      'Deployment module under way; shadowing the MLOps team on releases and incident reviews.',
    epaReadiness:
      'About a third of the criteria evidenced; the gaps are deployment and monitoring.',
  },
  {
    trainingPlanProgress:
      'A model in production with monitoring; the responsible AI module is under way.',
    epaReadiness: 'Deployment and monitoring now evidenced; responsible AI and behaviours next.',
  },
  {
    trainingPlanProgress:
      'Responsible AI assignment submitted; a fairness review of the live model done with the DPO.',
    epaReadiness: 'Over half the criteria evidenced; the coverage page shows the remaining gaps.',
  },
  {
    trainingPlanProgress:
      'Presented results to the business; leading a small piece of work with a junior colleague.',
    epaReadiness: 'Stakeholder and leadership criteria evidenced; the EPA project discussed.',
  },
  {
    trainingPlanProgress:
      'Portfolio mapping reviewed together: most K, S and B evidenced, the rest planned.',
    epaReadiness:
      'The remaining gaps have a piece of work each; gateway planned with the employer.',
  },
  {
    trainingPlanProgress:
      'EPA preparation: the project proposal is drafted and the remaining gaps are closing.',
    epaReadiness: 'Nearly ready: two criteria waiting for accepted evidence.',
  },
];

/**
 * Meetings from the start to `last` (itself excluded), evenly spaced and never more than 85 days
 * apart, so each is held before the 3-calendar-month rule's due date (review-schedule.ts).
 */
export function meetingsBefore(start: string, last: string): string[] {
  const span = (Date.parse(last) - Date.parse(start)) / DAY_MS;
  const intervals = Math.ceil(span / 85);
  return Array.from({ length: Math.max(0, intervals - 1) }, (_, i) =>
    isoDay(new Date(Date.parse(start) + Math.round(((i + 1) * span) / intervals) * DAY_MS)),
  );
}

/**
 * One review as the tutor records it on the meeting's day, at that time (Clock.at): the previous
 * review's actions marked done, then signed by each of `signers` on the days after.
 */
export async function holdReview(
  app: INestApplicationContext,
  apprenticeshipId: string,
  people: DemoPeople,
  review: CreateProgressReviewDto,
  previous: ProgressReviewDto | null,
  signers: (keyof DemoPeople)[] = ['tutor', 'employer', 'apprentice'],
): Promise<ProgressReviewDto> {
  const clock = app.get(Clock);
  const created = await clock.at(dayAt(review.meetingDate), () =>
    app.get(ProgressReviewsService).create(people.tutor, apprenticeshipId, {
      ...review,
      previousActions: (previous?.actions ?? []).map(({ id }) => ({ id, status: 'done' })),
    }),
  );
  const signing = app.get(ReviewSigningService);
  for (const [i, party] of signers.entries()) {
    await clock.at(dayAt(review.meetingDate, i + 1), () => signing.sign(people[party], created.id));
  }
  return created;
}

/**
 * The reviews of a demo apprenticeship before its last one (held on `last`): one a quarter from
 * the start, each signed by all three within three days. Returns the latest, whose actions the
 * last review marks.
 */
export async function seedReviewHistory(
  app: INestApplicationContext,
  apprenticeshipId: string,
  start: string,
  last: string,
  people: DemoPeople,
): Promise<ProgressReviewDto | null> {
  let previous: ProgressReviewDto | null = null;
  for (const [i, meetingDate] of meetingsBefore(start, last).entries()) {
    const quarter = QUARTERS[Math.min(i, QUARTERS.length - 1)];
    previous = await holdReview(
      app,
      apprenticeshipId,
      people,
      {
        meetingDate,
        ...quarter,
        concerns: 'None raised.',
        supportAndWellbeing: 'No support needs; off-the-job time is protected by the employer.',
        actions: [
          {
            description: 'Tag this quarter’s work against the standard and submit it for review',
            owner: 'apprentice',
            dueDate: isoDay(dayAt(meetingDate, 28)),
          },
        ],
      },
      previous,
    );
  }
  return previous;
}
