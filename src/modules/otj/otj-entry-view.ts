import { Injectable } from '@nestjs/common';
import { Database } from '../../common/database/database.js';
import { Page, toPage } from '../../common/dto/page.dto.js';
import { AppError } from '../../common/errors/app-error.js';
import { neutraliseFormula, toCsv } from '../../common/http/csv.js';
import { ListOtjEntriesQueryDto } from './dto/otj-input.dto.js';
import { OtjEntryDto, OtjQueueItemDto } from './dto/otj.dto.js';
import { hmm, hoursOf } from './otj-rules.js';

/** Every column an entry's view needs, with the entry aliased `e`. */
export const ENTRY_FROM = `
  FROM otj_entries e
  JOIN otj_categories c ON c.id = e.category_id
  JOIN users au ON au.id = e.author_id
  JOIN apprenticeships a ON a.id = e.apprenticeship_id
  JOIN users ap ON ap.id = a.apprentice_id
  LEFT JOIN users de ON de.id = e.decided_by_id
  LEFT JOIN evidence ev ON ev.id = e.evidence_id`;

export const ENTRY_COLUMNS = `
  e.id, e.apprenticeship_id AS "apprenticeshipId",
  to_char(e.activity_date, 'YYYY-MM-DD') AS "activityDate", left(e.start_time::text, 5) AS "startTime",
  e.duration_minutes AS "durationMinutes", e.description,
  json_build_object('code', c.code, 'label', c.label, 'eligible', c.eligible) AS category,
  e.delivered_by AS "deliveredBy", e.criteria,
  CASE WHEN ev.id IS NOT NULL THEN json_build_object('id', ev.id, 'reference', 'E' || ev.number) END
    AS evidence,
  e.status, json_build_object('id', au.id, 'name', au.name) AS author, e.on_behalf AS "onBehalf",
  e.imported, e.warnings,
  CASE WHEN de.id IS NOT NULL THEN json_build_object('id', de.id, 'name', de.name) END AS "decidedBy",
  e.decided_at AS "decidedAt", e.decision_reason AS "decisionReason", e.created_at AS "createdAt",
  json_build_object('id', ap.id, 'name', ap.name) AS apprentice,
  count(*) OVER ()::int AS full_count`;

type EntryRow = Omit<OtjQueueItemDto, 'duration' | 'hours'> & {
  durationMinutes: number;
  full_count: number;
};

/** A row as the API shows it: the duration as h:mm and as hours. */
export function toEntryDto(row: EntryRow, withApprentice: true): OtjQueueItemDto;
export function toEntryDto(row: EntryRow, withApprentice?: false): OtjEntryDto;
export function toEntryDto(row: EntryRow, withApprentice = false): OtjEntryDto | OtjQueueItemDto {
  const { durationMinutes, full_count, apprentice, ...rest } = row;
  void full_count; // the page's total, not part of an entry
  const dto = { ...rest, duration: hmm(durationMinutes), hours: hoursOf(durationMinutes) };
  return withApprentice ? { ...dto, apprentice } : dto;
}

/** What the audit trail keeps of an entry, before and after each change. */
export function auditShape(e: OtjEntryDto) {
  return {
    activityDate: e.activityDate,
    startTime: e.startTime,
    duration: e.duration,
    description: e.description,
    category: e.category.code,
    deliveredBy: e.deliveredBy,
    criteria: e.criteria,
    evidence: e.evidence?.reference ?? null,
    status: e.status,
    decisionReason: e.decisionReason,
  };
}

/** Reading entries: one, a page of an apprenticeship's, or all of them as CSV. */
@Injectable()
export class OtjEntryView {
  constructor(private readonly db: Database) {}

  async get(entryId: string): Promise<OtjEntryDto> {
    const [row] = await this.db.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} ${ENTRY_FROM} WHERE e.id = $1`,
      [entryId],
    );
    if (!row) throw AppError.notFound('Off-the-job entry');
    return toEntryDto(row);
  }

  /** Newest activity first. */
  async list(apprenticeshipId: string, query: ListOtjEntriesQueryDto): Promise<Page<OtjEntryDto>> {
    const rows = await this.db.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} ${ENTRY_FROM}
       WHERE e.apprenticeship_id = $1 AND ($2::otj_entry_status IS NULL OR e.status = $2)
       ORDER BY e.activity_date DESC, e.start_time DESC NULLS LAST, e.created_at DESC, e.id
       LIMIT $3 OFFSET $4`,
      [apprenticeshipId, query.status ?? null, query.limit, query.offset],
    );
    const total = rows[0]?.full_count ?? (await this.count(apprenticeshipId, query));
    return toPage(
      rows.map((r) => toEntryDto(r)),
      total,
      query,
    );
  }

  private async count(apprenticeshipId: string, query: ListOtjEntriesQueryDto): Promise<number> {
    const [row] = await this.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM otj_entries
       WHERE apprenticeship_id = $1 AND ($2::otj_entry_status IS NULL OR status = $2)`,
      [apprenticeshipId, query.status ?? null],
    );
    return row.n;
  }

  /** Every entry, oldest first, as RFC 4180 CSV (UTF-8 with BOM, CRLF). */
  async csv(apprenticeshipId: string, status?: string): Promise<Buffer> {
    const rows = await this.db.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} ${ENTRY_FROM}
       WHERE e.apprenticeship_id = $1 AND ($2::otj_entry_status IS NULL OR e.status = $2)
       ORDER BY e.activity_date, e.start_time NULLS FIRST, e.created_at, e.id`,
      [apprenticeshipId, status ?? null],
    );
    const text = (s: string) => neutraliseFormula(s);
    const records = rows.map((row) => {
      const e = toEntryDto(row);
      return [
        e.activityDate,
        e.startTime ?? '',
        e.duration,
        e.hours,
        e.category.code,
        e.category.eligible ? 'yes' : 'no',
        e.deliveredBy,
        text(e.description),
        e.criteria.join(' '),
        e.evidence?.reference ?? '',
        e.status,
        text(e.author.name),
        e.onBehalf ? 'yes' : 'no',
        new Date(e.createdAt).toISOString(),
        e.decidedBy ? text(e.decidedBy.name) : '',
        e.decidedAt ? new Date(e.decidedAt).toISOString() : '',
        text(e.decisionReason ?? ''),
        text(e.warnings.map((w) => w.message).join('; ')),
      ];
    });
    return Buffer.from(toCsv([CSV_COLUMNS, ...records]), 'utf8');
  }
}

export const CSV_COLUMNS = [
  'Date',
  'Start',
  'Duration',
  'Hours',
  'Category',
  'Counts',
  'Delivered by',
  'Description',
  'Criteria',
  'Evidence',
  'Status',
  'Entered by',
  'On behalf',
  'Entered at',
  'Decided by',
  'Decided at',
  'Reason',
  'Warnings',
];
