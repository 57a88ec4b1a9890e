import { riskColumnsSql } from './coverage-risk.js';
import { coverageCtes } from './coverage-sql.js';

/** Months a timeline covers at most per apprenticeship: ten years, longer than any standard runs. */
export const TIMELINE_MAX_MONTHS = 120;

/**
 * One statement: for each apprenticeship in `scope`, one row per calendar month (UTC) from its
 * start to its planned gateway (or to this month when that is later), with the criteria evidenced
 * by then and the share of its time elapsed by then.
 *
 * "Evidenced" is the one coverage rule (coverageCtes): a criterion counts from the month its Nth
 * accepted tag was decided (`first_evidenced_at`), so the last month reached always agrees with
 * live coverage. The elapsed share is the risk rule's own (riskColumnsSql), taken at the month's
 * end, or today for the month we are in. `reached`: the month has begun.
 */
export const timelineSql = (scope: string) => `
WITH ${coverageCtes(scope, { firstEvidencedAt: true })},
spans AS (
  SELECT cs.apprenticeship_id, cs.total, a.status, a.start_date, a.planned_gateway_date,
         date_trunc('month', a.start_date)::date AS first_month,
         least(greatest(date_trunc('month', a.planned_gateway_date), date_trunc('month', :today::date)),
               date_trunc('month', a.start_date) + interval '${TIMELINE_MAX_MONTHS - 1} months')::date
           AS last_month
  FROM cov_summary cs JOIN apprenticeships a ON a.id = cs.apprenticeship_id
),
firsts AS (
  SELECT n.apprenticeship_id, count(*)::int AS newly,
         greatest(date_trunc('month', n.first_evidenced_at AT TIME ZONE 'UTC')::date, sp.first_month)
           AS month
  FROM cov_counts n JOIN spans sp ON sp.apprenticeship_id = n.apprenticeship_id
  WHERE n.status = 'evidenced'
  GROUP BY n.apprenticeship_id, 3
),
months AS (
  SELECT sp.*, m::date AS month_start, (m + interval '1 month' - interval '1 day')::date AS month_end
  FROM spans sp
  CROSS JOIN LATERAL generate_series(sp.first_month, sp.last_month, interval '1 month') m
),
series AS (
  SELECT mo.*,
         (sum(coalesce(f.newly, 0))
            OVER (PARTITION BY mo.apprenticeship_id ORDER BY mo.month_start))::int AS evidenced,
         CASE WHEN :today::date BETWEEN mo.month_start AND mo.month_end THEN :today::date
              ELSE mo.month_end END AS as_of
  FROM months mo
  LEFT JOIN firsts f ON f.apprenticeship_id = mo.apprenticeship_id AND f.month = mo.month_start
)
SELECT s.apprenticeship_id, to_char(s.month_start, 'YYYY-MM') AS month, s.total, s.evidenced,
       s.month_start <= :today::date AS reached, to_char(s.as_of, 'YYYY-MM-DD') AS as_of, ${riskColumnsSql('s', 's.as_of')}
FROM series s
ORDER BY s.apprenticeship_id, s.month_start`;

/** A row of timelineSql (the columns the series needs). */
export interface TimelineRow {
  apprenticeship_id: string;
  month: string;
  total: number;
  evidenced: number;
  reached: boolean;
  as_of: string;
  elapsed_share: number;
}

export interface TimelinePoint {
  /** YYYY-MM */
  month: string;
  /** The day the figures are taken: the month's last, or today in the month we are in. */
  asOf: string;
  /** Criteria evidenced by the month's end, summed over the apprenticeships; null until it begins. */
  evidenced: number | null;
  /** Criteria of their standards, summed over the apprenticeships. */
  total: number;
  /** Share of the time from start to planned gateway elapsed by then, 0 to 1 (mean of them). */
  elapsedShare: number;
}

export interface CoverageTimeline {
  apprenticeships: number;
  points: TimelinePoint[];
}

/**
 * The rows of one or many apprenticeships as one monthly series over every month any of them
 * spans. Before its first month an apprenticeship counts as nothing evidenced and no time gone;
 * after its last, as it stood then. Evidenced criteria add up (a cohort's share evidenced is
 * theirs pooled) and the elapsed shares are averaged.
 */
export function timelineOf(rows: readonly TimelineRow[]): CoverageTimeline {
  const byApprenticeship = new Map<string, TimelineRow[]>();
  for (const row of rows) {
    const list = byApprenticeship.get(row.apprenticeship_id) ?? [];
    list.push(row);
    byApprenticeship.set(row.apprenticeship_id, list);
  }
  const reached = new Map<string, boolean>();
  const asOf = new Map<string, string>();
  for (const row of rows) {
    reached.set(row.month, row.reached);
    asOf.set(row.month, row.as_of);
  }
  const months = [...reached.keys()].sort();
  const byMonthOrder = (a: TimelineRow, b: TimelineRow) => a.month.localeCompare(b.month);
  const series = [...byApprenticeship.values()]
    .map((list) => list.sort(byMonthOrder))
    .map((list) => ({
      byMonth: new Map(list.map((r) => [r.month, r])),
      first: list[0],
      last: list[list.length - 1],
    }));
  const points = months.map((month) => {
    let evidenced = 0;
    let total = 0;
    let elapsed = 0;
    for (const { byMonth, first, last } of series) {
      const row =
        byMonth.get(month) ??
        (month < first.month ? { ...first, evidenced: 0, elapsed_share: 0 } : last);
      evidenced += row.evidenced;
      total += row.total;
      elapsed += row.elapsed_share;
    }
    return {
      month,
      asOf: asOf.get(month)!,
      evidenced: reached.get(month) ? evidenced : null,
      total,
      elapsedShare: series.length ? Math.round((1000 * elapsed) / series.length) / 1000 : 0,
    };
  });
  return { apprenticeships: series.length, points };
}
