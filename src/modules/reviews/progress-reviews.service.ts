import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { Database } from '../../common/database/database.js';
import { AppError } from '../../common/errors/app-error.js';
import type { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import {
  CreateProgressReviewDto,
  UpdateProgressReviewDto,
} from './dto/progress-review-input.dto.js';
import { ProgressReviewDto, ProgressReviewListDto } from './dto/progress-review.dto.js';
import { ProgressReviewEntity } from './progress-review.entity.js';
import { ReviewChangesService } from './review-changes.js';
import {
  dueBeforeMeeting,
  markActions,
  type MeetingBounds,
  meetingDateProblems,
  newActions,
  nextReviewProblems,
} from './review-rules.js';
import { reviewDueAfter, scheduleOf } from './review-schedule.js';
import { ReviewStore } from './review-store.js';
import { auditShapeOf, nextToSign, signaturesOf } from './review-view.js';
import { Clock } from '../../common/clock/clock.js';

/** Recording progress reviews: the schedule, the pre-filled record and its changes before signing. */
@Injectable()
export class ProgressReviewsService {
  constructor(
    private readonly db: Database,
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly changes: ReviewChangesService,
    private readonly store: ReviewStore,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
  ) {}

  /** The schedule and every review, newest meeting first. */
  async list(apprenticeshipId: string): Promise<ProgressReviewListDto> {
    const a = await this.apprenticeships.load(apprenticeshipId);
    const reviews = await this.db.manager.find(ProgressReviewEntity, {
      where: { apprenticeshipId },
      order: { number: 'DESC' },
    });
    const signatures = await this.store.signatures(reviews.map((r) => r.id));
    return {
      schedule: scheduleOf(a, reviews[0] ?? null, this.clock.today()),
      reviews: reviews.map((r) => {
        const rows = signatures.filter((s) => s.reviewId === r.id);
        return {
          id: r.id,
          number: r.number,
          meetingDate: r.meetingDate,
          dueDate: r.dueDate,
          heldLate: r.meetingDate > r.dueDate,
          nextReviewDate: r.nextReviewDate,
          signatures: signaturesOf(r.meetingDate, rows),
          nextToSign: nextToSign(rows),
          lockedAt: r.lockedAt,
        };
      }),
    };
  }

  get(id: string): Promise<ProgressReviewDto> {
    return this.store.dto(id);
  }

  /** What the form starts from: the changes since the last review and its actions to report on. */
  async draft(apprenticeshipId: string, meetingDate = this.clock.today()) {
    const a = await this.apprenticeships.load(apprenticeshipId);
    const previous = await this.store.latest(apprenticeshipId);
    return {
      meetingDate,
      nextReviewDate: reviewDueAfter(meetingDate),
      previousActions: (previous?.actions ?? []).map((x) => ({ ...x, status: null })),
      changes: await this.changes.between(
        a.id,
        previous?.meetingDate ?? null,
        a.startDate,
        meetingDate,
      ),
    };
  }

  async create(
    user: AuthUser,
    apprenticeshipId: string,
    dto: CreateProgressReviewDto,
  ): Promise<ProgressReviewDto> {
    const id = await this.db.transaction(async () => {
      const m = this.db.manager;
      // Locked: two reviews recorded at once still get consecutive numbers.
      const a = await this.apprenticeships.load(apprenticeshipId, true);
      if (a.status !== 'in_training') {
        throw AppError.conflict(
          `The apprenticeship is at ${a.status}: progress reviews are recorded during the practical period`,
        );
      }
      const previous = await this.store.latest(apprenticeshipId);
      const meetingDate = dto.meetingDate;
      const carried = (previous?.actions ?? []).map((x) => ({ ...x, status: null }));
      const marked = markActions(carried, dto.previousActions ?? []);
      const agreed = newActions(dto.actions ?? [], meetingDate);
      const nextReviewDate = dto.nextReviewDate ?? reviewDueAfter(meetingDate);
      const reason = dto.nextReviewLaterReason ?? null;
      this.refuse([
        ...meetingDateProblems(meetingDate, this.bounds(a, previous)),
        ...marked.errors,
        ...agreed.errors,
        ...nextReviewProblems(meetingDate, nextReviewDate, reason),
      ]);
      const review = await m.save(
        m.create(ProgressReviewEntity, {
          apprenticeshipId,
          number: (previous?.number ?? 0) + 1,
          meetingDate,
          dueDate: previous?.nextReviewDate ?? reviewDueAfter(a.startDate),
          changes: await this.changes.between(
            a.id,
            previous?.meetingDate ?? null,
            a.startDate,
            meetingDate,
          ),
          previousActions: marked.actions,
          actions: agreed.actions,
          trainingPlanProgress: dto.trainingPlanProgress ?? '',
          concerns: dto.concerns ?? '',
          supportAndWellbeing: dto.supportAndWellbeing ?? '',
          epaReadiness: dto.epaReadiness ?? '',
          nextReviewDate,
          nextReviewLaterReason: nextReviewDate > reviewDueAfter(meetingDate) ? reason : null,
          createdById: user.id,
          lockedAt: null,
        }),
      );
      await this.audit.record({
        apprenticeshipId,
        actorId: user.id,
        action: 'progress_review.created',
        entityType: 'progress_review',
        entityId: review.id,
        after: auditShapeOf(review),
      });
      return review.id;
    });
    return this.get(id);
  }

  /**
   * Changes the record. Refused (409) once anyone has signed: a signature attests to the record as
   * it stood, so it is never changed under one (nor are signatures silently cleared). Refused too
   * once a later review exists, whose window and carried actions were taken from this one.
   */
  async update(
    user: AuthUser,
    id: string,
    dto: UpdateProgressReviewDto,
  ): Promise<ProgressReviewDto> {
    await this.db.transaction(async () => {
      const m = this.db.manager;
      const review = await this.store.load(id, true);
      await this.store.assertEditable(review);
      const a = await this.apprenticeships.load(review.apprenticeshipId);
      const previous = await this.store.byNumber(review.apprenticeshipId, review.number - 1);
      const before = auditShapeOf(review);
      const meetingDate = dto.meetingDate ?? review.meetingDate;
      const marked = markActions(review.previousActions, dto.previousActions ?? []);
      const agreed = dto.actions
        ? newActions(dto.actions, meetingDate)
        : { actions: review.actions, errors: [] };
      const ruleMoved = dto.meetingDate !== undefined && dto.meetingDate !== review.meetingDate;
      const nextReviewDate =
        dto.nextReviewDate ??
        (ruleMoved && review.nextReviewDate === reviewDueAfter(review.meetingDate)
          ? reviewDueAfter(meetingDate)
          : review.nextReviewDate);
      const reason =
        dto.nextReviewLaterReason === undefined
          ? review.nextReviewLaterReason
          : dto.nextReviewLaterReason;
      this.refuse([
        ...(dto.meetingDate ? meetingDateProblems(meetingDate, this.bounds(a, previous)) : []),
        ...marked.errors,
        ...agreed.errors,
        ...(dto.actions ? [] : this.actionDatesProblems(review, meetingDate)),
        ...nextReviewProblems(meetingDate, nextReviewDate, reason),
      ]);
      if (ruleMoved) {
        review.changes = await this.changes.between(
          a.id,
          previous?.meetingDate ?? null,
          a.startDate,
          meetingDate,
        );
      }
      Object.assign(review, {
        meetingDate,
        previousActions: marked.actions,
        actions: agreed.actions,
        trainingPlanProgress: dto.trainingPlanProgress ?? review.trainingPlanProgress,
        concerns: dto.concerns ?? review.concerns,
        supportAndWellbeing: dto.supportAndWellbeing ?? review.supportAndWellbeing,
        epaReadiness: dto.epaReadiness ?? review.epaReadiness,
        nextReviewDate,
        nextReviewLaterReason: nextReviewDate > reviewDueAfter(meetingDate) ? reason : null,
      });
      await m.save(review);
      await this.audit.record({
        apprenticeshipId: review.apprenticeshipId,
        actorId: user.id,
        action: 'progress_review.updated',
        entityType: 'progress_review',
        entityId: review.id,
        before,
        after: auditShapeOf(review),
      });
    });
    return this.get(id);
  }

  private bounds(a: ApprenticeshipEntity, previous: ProgressReviewEntity | null): MeetingBounds {
    return {
      today: this.clock.today(),
      startDate: a.startDate,
      previousMeeting: previous?.meetingDate ?? null,
    };
  }

  /** Kept actions must still fall on or after a moved meeting. */
  private actionDatesProblems(review: ProgressReviewEntity, meetingDate: string) {
    return review.actions.flatMap((x, i) =>
      x.dueDate < meetingDate ? [dueBeforeMeeting(i, meetingDate)] : [],
    );
  }

  /**
   * What a review form's meeting date is held against (formRuleProblems): a new review's of
   * `apprenticeshipId`, or, with `reviewId`, that review's when it is changed.
   */
  async meetingBounds(apprenticeshipId: string, reviewId?: string): Promise<MeetingBounds> {
    const a = await this.apprenticeships.load(apprenticeshipId);
    const review = reviewId ? await this.store.load(reviewId) : null;
    const previous = review
      ? await this.store.byNumber(apprenticeshipId, review.number - 1)
      : await this.store.latest(apprenticeshipId);
    return this.bounds(a, previous);
  }

  private refuse(errors: { field: string; message: string }[]): void {
    if (errors.length > 0) throw AppError.validation(errors);
  }
}
