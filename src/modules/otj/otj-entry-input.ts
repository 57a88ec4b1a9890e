import { Injectable } from '@nestjs/common';
import { Database } from '../../common/database/database.js';
import { AppError, FieldError } from '../../common/errors/app-error.js';
import { Clock } from '../../common/clock/clock.js';
import { CRITERION_CODE } from '../../common/vocabulary.js';
import type { OtjDeliverer } from '../../common/vocabulary.js';
import type { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { CreateOtjEntryDto } from './dto/otj-input.dto.js';
import type { OtjWarning } from './entities/otj-entry.entity.js';
import {
  activityDateProblem,
  clockMinutes,
  dayOverflow,
  durationProblem,
  minutesOf,
  warningsFor,
} from './otj-rules.js';
import type { OtjRules } from './otj-progress.service.js';

/** An entry's fields as stored, once every rule that refuses has passed. */
export interface ResolvedEntry {
  activityDate: string;
  startTime: string | null;
  durationMinutes: number;
  description: string;
  categoryId: string;
  deliveredBy: OtjDeliverer;
  criteria: string[];
  evidenceId: string | null;
}

/**
 * Turns what was sent into what is stored, refusing (422, each field named under `prefix`) what
 * can never be right: a date in the future or before the start, no duration or one that does not
 * add up, a category outside the rules year, codes not of the standard, evidence of someone else.
 */
@Injectable()
export class OtjEntryInput {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async resolve(
    a: ApprenticeshipEntity,
    rules: OtjRules,
    dto: CreateOtjEntryDto,
    prefix = '',
  ): Promise<ResolvedEntry> {
    const errors: FieldError[] = [];
    const fail = (field: string, message: string) =>
      errors.push({ field: `${prefix}${field}`, message });
    const dateProblem = activityDateProblem(dto.activityDate, a.startDate, this.clock.today());
    if (dateProblem) errors.push({ field: `${prefix}activityDate`, ...dateProblem });
    const durationMinutes = this.duration(dto, fail);
    const categoryId = rules.categoryIds.get(dto.category);
    if (!categoryId)
      fail(
        'category',
        `is "${dto.category}", not a category of the ${rules.ruleYear} rules (${[...rules.categoryIds.keys()].join(', ')})`,
      );
    const criteria = [...new Set(dto.criteria ?? [])];
    await this.checkCriteria(a, dto.criteria ?? [], fail);
    if (dto.evidenceId && !(await this.isEvidenceOf(a.id, dto.evidenceId)))
      fail('evidenceId', 'is not evidence of this apprenticeship');
    if (errors.length > 0) throw AppError.validation(errors);
    return {
      activityDate: dto.activityDate,
      startTime: dto.startTime ?? null,
      durationMinutes: durationMinutes!,
      description: dto.description,
      categoryId: categoryId!,
      deliveredBy: dto.deliveredBy,
      criteria,
      evidenceId: dto.evidenceId ?? null,
    };
  }

  /**
   * The warnings an entry earns among the apprenticeship's other entries (`except` itself); 422 at
   * `${prefix}duration` when its day would hold more than 24 hours.
   */
  async warnings(
    apprenticeshipId: string,
    rules: OtjRules,
    entry: ResolvedEntry,
    except: string | null,
    prefix = '',
  ): Promise<OtjWarning[]> {
    const sameDay = await this.db.query<{ startTime: string | null; durationMinutes: number }[]>(
      `SELECT left(start_time::text, 5) AS "startTime", duration_minutes AS "durationMinutes"
       FROM otj_entries
       WHERE apprenticeship_id = $1 AND activity_date = $2 AND status <> 'rejected'
         AND ($3::uuid IS NULL OR id <> $3)`,
      [apprenticeshipId, entry.activityDate, except],
    );
    const overflow = dayOverflow(entry.activityDate, entry.durationMinutes, sameDay);
    if (overflow) {
      throw AppError.field(`${prefix}duration`, overflow, { rule: 'within_a_day' });
    }
    const category = rules.categories.find(
      (c) => rules.categoryIds.get(c.code) === entry.categoryId,
    )!;
    return warningsFor({
      activityDate: entry.activityDate,
      startTime: entry.startTime,
      durationMinutes: entry.durationMinutes,
      category,
      enteredOn: this.clock.today(),
      sameDay,
      rules: { maxDayMinutes: rules.maxDayMinutes, lateAfterDays: rules.lateAfterDays },
    });
  }

  /** A duration (h:mm), or start and end times: one of the two, adding up to 0:01–24:00. */
  private duration(
    dto: CreateOtjEntryDto,
    fail: (field: string, message: string) => void,
  ): number | undefined {
    if (dto.duration !== undefined && dto.endTime !== undefined) {
      fail('duration', 'give the duration or an end time, not both');
      return undefined;
    }
    if (dto.endTime !== undefined) {
      if (dto.startTime === undefined) {
        fail('startTime', 'is needed with an end time');
        return undefined;
      }
      const minutes = clockMinutes(dto.endTime) - clockMinutes(dto.startTime);
      if (minutes <= 0) fail('endTime', 'must be after the start time');
      return minutes;
    }
    if (dto.duration === undefined) {
      fail('duration', 'is required: how long it took (h:mm), or start and end times');
      return undefined;
    }
    const minutes = minutesOf(dto.duration)!;
    const problem = durationProblem(minutes);
    if (problem) fail('duration', problem);
    return minutes;
  }

  /** Of `codes`, those the apprenticeship's standard does not have (the pages ask this too). */
  async unknownCriteria(apprenticeshipId: string, codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows = await this.db.query<{ code: string }[]>(
      `SELECT c.code FROM criteria c JOIN apprenticeships a ON a.standard_id = c.standard_id
       WHERE a.id = $1 AND c.code = ANY($2)`,
      [apprenticeshipId, codes],
    );
    const known = new Set(rows.map((r) => r.code));
    return codes.filter((code) => !known.has(code));
  }

  private async checkCriteria(
    a: ApprenticeshipEntity,
    codes: string[],
    fail: (field: string, message: string) => void,
  ): Promise<void> {
    const unknown = new Set(await this.unknownCriteria(a.id, codes));
    codes.forEach((code, i) => {
      if (unknown.has(code))
        fail(
          `criteria.${i}`,
          CRITERION_CODE.test(code)
            ? `is "${code}", which is not a criterion of this apprenticeship's standard`
            : `is "${code}", which is not a criterion code (K, S, B or D and a number, e.g. K5)`,
        );
    });
  }

  private async isEvidenceOf(apprenticeshipId: string, evidenceId: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      'SELECT 1 FROM evidence WHERE id = $1 AND apprenticeship_id = $2',
      [evidenceId, apprenticeshipId],
    );
    return rows.length > 0;
  }
}
