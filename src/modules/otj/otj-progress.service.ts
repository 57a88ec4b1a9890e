import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Clock } from '../../common/clock/clock.js';
import { Database } from '../../common/database/database.js';
import { AppError } from '../../common/errors/app-error.js';
import { apprenticeshipScope } from '../access/access-scopes.js';
import {
  GatewayOtjDto,
  LearnerRecordRowDto,
  OtjProgressDto,
  OtjRulesDto,
  OtjSummaryDto,
} from './dto/otj.dto.js';
import { gatewayTarget } from './otj-rules.js';
import { OTJ_TIMELINE_SQL, progressSql, ruleYearSql } from './otj-sql.js';

/** A month of the approved-hours chart. */
export interface OtjTimelinePoint {
  month: string;
  asOf: string;
  reached: boolean;
  approvedHours: number;
  expectedHours: number | null;
}

/** A row of progressSql: the progress, and whose it is. */
type ProgressRow = OtjProgressDto & { apprenticeName: string; uln: string };
const toProgress = ({ apprenticeName: _name, uln: _uln, ...progress }: ProgressRow) => progress;

interface RuleRow {
  code: string;
  floor_hours: number;
  max_day_minutes: number;
  late_after_days: number;
  categories: { id: string; code: string; label: string; eligible: boolean }[];
}

/** The rules an apprenticeship follows, with category ids for the services that store entries. */
export interface OtjRules extends OtjRulesDto {
  maxDayMinutes: number;
  categoryIds: Map<string, string>;
}

/** Off-the-job progress: read-only, every figure from the one statement in otj-sql.ts. */
@Injectable()
export class OtjProgressService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Progress of the given apprenticeships, one statement however many. */
  async forApprenticeships(ids: string[]): Promise<Map<string, OtjProgressDto>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.queryNamed<ProgressRow>(
      progressSql('a.id = ANY(CAST(:ids AS uuid[]))'),
      { ids, today: this.clock.today() },
    );
    return new Map(rows.map((r) => [r.apprenticeshipId, toProgress(r)]));
  }

  /** Every apprenticeship a user sees (provider users: their provider's), in one statement. */
  private forUser(user: AuthUser): Promise<ProgressRow[]> {
    const scope = apprenticeshipScope(user, 'a');
    return this.db.queryNamed<ProgressRow>(progressSql(scope.sql), {
      ...scope.params,
      today: this.clock.today(),
    });
  }

  /** Progress of every apprenticeship the user sees, by apprentice name. */
  async listFor(user: AuthUser): Promise<OtjProgressDto[]> {
    return (await this.forUser(user)).map(toProgress);
  }

  async forApprenticeship(id: string): Promise<OtjProgressDto> {
    const found = (await this.forApprenticeships([id])).get(id);
    if (!found) throw AppError.notFound('Apprenticeship');
    return found;
  }

  /**
   * Approved hours (categories that count) of the activities up to `date` and approved by then
   * (days as the service's clock counts them), and the hours expected by then (null without planned hours): a progress review's
   * off-the-job figures, the same whenever the review is saved.
   */
  async asOf(
    id: string,
    date: string,
  ): Promise<{ approvedHours: number; expectedHours: number | null }> {
    const [row] = await this.db.queryNamed<{ approvedHours: number; expectedHours: number | null }>(
      `SELECT round(coalesce((
                SELECT sum(e.duration_minutes) FROM otj_entries e
                JOIN otj_categories c ON c.id = e.category_id
                WHERE e.apprenticeship_id = :id AND e.status = 'approved' AND c.eligible
                  AND e.activity_date <= :today::date
                  AND (e.decided_at AT TIME ZONE 'UTC')::date <= :today::date
               ), 0) / 60.0, 2)::float8 AS "approvedHours",
              p."expectedHours"
       FROM (${progressSql('a.id = :id')}) p`,
      { id, today: date },
    );
    if (!row) throw AppError.notFound('Apprenticeship');
    return row;
  }

  /** Approved hours against what gateway needs: the minimum, else the plan, else the floor. */
  async gatewayCheck(id: string): Promise<GatewayOtjDto> {
    const p = await this.forApprenticeship(id);
    const target = gatewayTarget(p.minimumHours, p.plannedHours, p.floorHours);
    return {
      approvedHours: p.approvedHours,
      pendingHours: p.pendingHours,
      minimumHours: p.minimumHours,
      plannedHours: p.plannedHours,
      targetHours: target.hours,
      basis: target.basis,
      met: p.approvedHours >= target.hours,
    };
  }

  async summary(id: string): Promise<OtjSummaryDto> {
    const [progress, rules] = await Promise.all([this.forApprenticeship(id), this.rules(id)]);
    const { ruleYear, floorHours, maxHoursPerDay, lateAfterDays, categories } = rules;
    return {
      progress,
      rules: { ruleYear, floorHours, maxHoursPerDay, lateAfterDays, categories },
    };
  }

  /** The rules year an apprenticeship follows, with its categories in order. */
  async rules(apprenticeshipId: string): Promise<OtjRules> {
    const [row] = await this.db.query<RuleRow[]>(
      `SELECT ry.code, ry.floor_hours, ry.max_day_minutes, ry.late_after_days,
              (SELECT json_agg(json_build_object('id', c.id, 'code', c.code, 'label', c.label,
                                                 'eligible', c.eligible) ORDER BY c.position)
               FROM otj_categories c WHERE c.rule_year = ry.code) AS categories
       FROM apprenticeships a CROSS JOIN LATERAL (${ruleYearSql('a')}) ry
       WHERE a.id = $1`,
      [apprenticeshipId],
    );
    if (!row) throw AppError.notFound('Apprenticeship');
    const categories = row.categories ?? [];
    return {
      ruleYear: row.code,
      floorHours: row.floor_hours,
      maxHoursPerDay: row.max_day_minutes / 60,
      maxDayMinutes: row.max_day_minutes,
      lateAfterDays: row.late_after_days,
      categories: categories.map(({ code, label, eligible }) => ({ code, label, eligible })),
      categoryIds: new Map(categories.map((c) => [c.code, c.id])),
    };
  }

  /** Approved hours month by month against the expected line (the chart on the log page). */
  timeline(apprenticeshipId: string): Promise<OtjTimelinePoint[]> {
    return this.db.queryNamed<OtjTimelinePoint>(OTJ_TIMELINE_SQL, {
      apprenticeshipId,
      today: this.clock.today(),
    });
  }

  /**
   * The figures a provider returns per apprenticeship in the learner record: HRS1 planned, HRS3
   * actual (approved hours that count, rounded to whole hours), HRS4 prior learning.
   */
  async learnerRecord(user: AuthUser): Promise<LearnerRecordRowDto[]> {
    return (await this.forUser(user)).map((p) => ({
      apprenticeshipId: p.apprenticeshipId,
      apprentice: p.apprenticeName,
      uln: p.uln,
      plannedHours: p.plannedHours,
      actualHours: Math.round(p.approvedHours),
      rplHours: p.rplHours,
    }));
  }
}
