import { randomUUID } from 'node:crypto';
import { isIsoDate, longDay } from '../../common/clock/calendar.js';
import type { FieldError } from '../../common/errors/app-error.js';
import type { ActionStatusDto, NewActionDto } from './dto/progress-review-input.dto.js';
import type { CarriedAction, ReviewAction } from './progress-review.entity.js';
import { reviewDueAfter } from './review-schedule.js';

/**
 * A meeting is not in the future, not before the start and after the previous review's meeting
 * (so reviews are numbered in meeting order and each window of "what changed" is its own).
 */
export function meetingDateProblems(meetingDate: string, bounds: MeetingBounds): FieldError[] {
  const field = 'meetingDate';
  if (meetingDate > bounds.today) {
    return [
      { field, message: 'must not be in the future', rule: 'not_in_future', limit: bounds.today },
    ];
  }
  if (meetingDate < bounds.startDate) {
    return [
      {
        field,
        message: `must not be before the apprenticeship's start (${longDay(bounds.startDate)})`,
        rule: 'not_before_start',
        limit: bounds.startDate,
      },
    ];
  }
  if (bounds.previousMeeting && meetingDate <= bounds.previousMeeting) {
    return [
      {
        field,
        message: `must be after the previous review's meeting (${longDay(bounds.previousMeeting)})`,
        rule: 'after_previous_meeting',
        limit: bounds.previousMeeting,
      },
    ];
  }
  return [];
}

/**
 * The next review: after the meeting, and by the rule's date unless a reason for later is given.
 */
export function nextReviewProblems(
  meetingDate: string,
  nextReviewDate: string,
  laterReason: string | null,
): FieldError[] {
  const rule = reviewDueAfter(meetingDate);
  if (nextReviewDate <= meetingDate) {
    return [
      {
        field: 'nextReviewDate',
        message: `must be after the meeting (${longDay(meetingDate)})`,
        rule: 'after_meeting',
        limit: meetingDate,
      },
    ];
  }
  if (nextReviewDate > rule && !laterReason) {
    return [
      {
        field: 'nextReviewLaterReason',
        message: `is required: the next review is due by ${longDay(rule)} (3 calendar months), and ${longDay(nextReviewDate)} is later`,
        rule: 'reason_for_later_date',
        limit: rule,
      },
    ];
  }
  return [];
}

/** Action `i` (its place among the actions) falls due before the meeting. */
export function dueBeforeMeeting(i: number, meetingDate: string): FieldError {
  return {
    field: `actions.${i}.dueDate`,
    message: `must be on or after the meeting (${longDay(meetingDate)})`,
    rule: 'not_before_meeting',
    limit: meetingDate,
  };
}

/** What the meeting rules compare with: today, the apprenticeship's start, the review before. */
export interface MeetingBounds {
  today: string;
  startDate: string;
  previousMeeting: string | null;
}

/**
 * The rules above, judged on a review form's well-formed fields alone (a real meeting date, real
 * due dates, a real next review date or none): for a page to name them in the same round as the
 * form's own errors, not one round later.
 */
export function formRuleProblems(
  form: { meetingDate?: unknown; nextReviewDate?: unknown; nextReviewLaterReason?: unknown },
  dueDates: unknown[],
  bounds: MeetingBounds,
): FieldError[] {
  const { meetingDate, nextReviewDate, nextReviewLaterReason: reason } = form;
  if (!isIsoDate(meetingDate)) return [];
  const next = nextReviewDate === undefined ? reviewDueAfter(meetingDate) : nextReviewDate;
  return [
    ...meetingDateProblems(meetingDate, bounds),
    ...dueDates.flatMap((due, i) =>
      isIsoDate(due) && due < meetingDate ? [dueBeforeMeeting(i, meetingDate)] : [],
    ),
    ...(isIsoDate(next)
      ? nextReviewProblems(meetingDate, next, typeof reason === 'string' && reason ? reason : null)
      : []),
  ];
}

/** New actions get their ids here; each is due on or after the meeting. */
export function newActions(
  actions: NewActionDto[],
  meetingDate: string,
): { actions: ReviewAction[]; errors: FieldError[] } {
  const errors = actions.flatMap((a, i) =>
    a.dueDate < meetingDate ? [dueBeforeMeeting(i, meetingDate)] : [],
  );
  return {
    actions: actions.map((a) => ({
      id: randomUUID(),
      description: a.description,
      owner: a.owner,
      dueDate: a.dueDate,
    })),
    errors,
  };
}

/** The previous review's actions with the statuses given; an id that is not one of them is refused. */
export function markActions(
  carried: CarriedAction[],
  statuses: ActionStatusDto[],
): { actions: CarriedAction[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const byId = new Map(statuses.map((s) => [s.id, s.status]));
  statuses.forEach((s, i) => {
    if (!carried.some((c) => c.id === s.id)) {
      errors.push({
        field: `previousActions.${i}.id`,
        message: "is not one of the previous review's actions",
      });
    }
  });
  return {
    actions: carried.map((c) => ({ ...c, status: byId.get(c.id) ?? c.status })),
    errors,
  };
}

/** Before the provider signs, the record must say what the meeting found. */
export function completenessProblems(r: {
  trainingPlanProgress: string;
  epaReadiness: string;
  previousActions: CarriedAction[];
}): FieldError[] {
  const errors: FieldError[] = [];
  if (!r.trainingPlanProgress.trim()) {
    errors.push({ field: 'trainingPlanProgress', message: 'must be recorded before signing' });
  }
  if (!r.epaReadiness.trim()) {
    errors.push({ field: 'epaReadiness', message: 'must be recorded before signing' });
  }
  r.previousActions.forEach((a, i) => {
    if (!a.status) {
      errors.push({
        field: `previousActions.${i}.status`,
        message: `the action "${a.description.slice(0, 60)}" must be marked done, in progress or not done before signing`,
      });
    }
  });
  return errors;
}
